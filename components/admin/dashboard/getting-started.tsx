import Link from 'next/link';
import { CheckIcon } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { cn } from '@/lib/utils';

type StepKey = 'upstream' | 'synced' | 'line' | 'player';
const steps: { key: StepKey; title: string; text: string; href: string }[] = [
  { key: 'upstream', title: 'Add an upstream server', text: 'Enter the URL and credentials of an Xtream provider and test the connection.', href: '/upstream' },
  { key: 'synced', title: 'Sync its content', text: 'Pull its live channels, movies and series into the panel catalog.', href: '/upstream' },
  { key: 'line', title: 'Create a player account', text: 'Give each player its own login, connection limit and expiry date.', href: '/lines' },
  { key: 'player', title: 'Point a player at the panel', text: 'Use this panel’s address with the player account in any Xtream-compatible app.', href: '/lines' },
];

/** The four steps from an empty panel to a player watching; done ones are ticked, all done hides it. */
export function GettingStarted({ done }: { done: Record<StepKey, boolean> }) {
  if (steps.every((step) => done[step.key])) return null;
  return (
    <Card className="mt-6" data-testid="getting-started">
      <CardHeader>
        <CardTitle className="text-base">
          <h2>Getting started</h2>
        </CardTitle>
        <CardDescription>Four steps from an empty panel to a player watching through it.</CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-px overflow-hidden rounded-md border bg-border">
          {steps.map((step, index) => (
            <li key={step.key} className="bg-card" data-testid="step" data-done={done[step.key]}>
              <Link href={step.href} className="flex items-start gap-3 px-4 py-3 transition-colors outline-none hover:bg-muted/50 focus-visible:bg-muted/50">
                <span
                  className={cn(
                    'flex size-6 shrink-0 items-center justify-center rounded-full border bg-background text-xs font-semibold tabular-nums',
                    done[step.key] && 'border-emerald-700 bg-emerald-700 text-white dark:border-emerald-400 dark:bg-emerald-400 dark:text-black',
                  )}
                >
                  {done[step.key] ? <CheckIcon aria-hidden className="size-3.5" /> : index + 1}
                </span>
                <span className="min-w-0">
                  <span className={cn('block text-sm font-medium', done[step.key] && 'line-through decoration-1')}>
                    {step.title}
                    {done[step.key] ? <span className="sr-only"> (done)</span> : null}
                  </span>
                  <span className="block text-sm text-muted-foreground">{step.text}</span>
                </span>
              </Link>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
