'use client';

import { useEffect } from 'react';
import { TriangleAlertIcon } from 'lucide-react';
import { DB_UNAVAILABLE_DIGEST } from '@/db/unavailable';
import { DatabaseUnavailable } from '@/components/admin/database-unavailable';
import { EmptyState } from '@/components/admin/empty-state';
import { Button } from '@/components/ui/button';

export default function AdminError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  const retry = (
    <Button variant="outline" size="sm" onClick={reset}>
      Try again
    </Button>
  );
  if (error.digest === DB_UNAVAILABLE_DIGEST) return <DatabaseUnavailable action={retry} />;

  return (
    <div className="grid gap-6">
      <h1 className="text-xl font-semibold tracking-tight md:text-2xl">Something went wrong</h1>
      <EmptyState
        icon={TriangleAlertIcon}
        title="This page could not be loaded"
        action={
          <Button variant="outline" size="sm" onClick={reset}>
            Try again
          </Button>
        }
      >
        The server hit an error while preparing this page.
        {error.digest && <span className="mt-1 block font-mono text-xs">Reference: {error.digest}</span>}
      </EmptyState>
    </div>
  );
}
