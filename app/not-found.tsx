import type { Metadata } from 'next';
import Link from 'next/link';
import { CompassIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';

export const metadata: Metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-4 text-center">
      <div className="flex size-11 items-center justify-center rounded-full bg-muted">
        <CompassIcon className="size-5 text-muted-foreground" aria-hidden />
      </div>
      <div className="space-y-1">
        <h1 className="text-xl font-semibold tracking-tight">Page not found</h1>
        <p className="text-sm text-muted-foreground">This address does not match any page of the panel.</p>
      </div>
      <Button asChild variant="outline" size="sm">
        <Link href="/">Back to the dashboard</Link>
      </Button>
    </main>
  );
}
