import { CircleAlertIcon, CircleCheckIcon, XIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/lib/utils';
import { formatUtcDate } from '../date-time';
import type { TestResult } from './test-result';

/** The outcome of a connection test: green with the account details, or red with the error code. */
export function TestResultBox({ result, onDismiss, className }: { result: TestResult; onDismiss?: () => void; className?: string }) {
  const Icon = result.success ? CircleCheckIcon : CircleAlertIcon;
  return (
    <div
      data-testid="test-result"
      data-success={String(result.success)}
      data-code={result.code ?? undefined}
      role="status"
      className={cn(
        'relative flex gap-2.5 rounded-md border px-3 py-2.5 text-sm',
        result.success
          ? 'border-emerald-500/30 bg-emerald-500/10 text-emerald-800 dark:text-emerald-300'
          : 'border-destructive/30 bg-destructive/10 text-destructive',
        className,
      )}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className={cn('min-w-0 flex-1 space-y-1.5', onDismiss && 'pr-6')}>
        <p className="font-medium break-words">{result.message}</p>
        {!result.success && result.code && (
          <Badge variant="destructive" className="border-destructive/30 font-mono" data-testid="test-result-code">
            {result.code}
          </Badge>
        )}
        {result.success && <AccountDetails result={result} />}
      </div>
      {onDismiss && (
        <button
          type="button"
          onClick={onDismiss}
          aria-label="Dismiss the test result"
          className="absolute top-2 right-2 rounded-sm p-0.5 opacity-70 hover:opacity-100"
        >
          <XIcon className="size-3.5" />
        </button>
      )}
    </div>
  );
}

function AccountDetails({ result }: { result: TestResult }) {
  const { serverInfo, userInfo } = result;
  const rows: [string, string][] = [];
  if (serverInfo?.url) {
    const port = serverInfo.protocol === 'https' ? serverInfo.httpsPort : serverInfo.port;
    rows.push(['Server', `${serverInfo.protocol ? `${serverInfo.protocol}://` : ''}${serverInfo.url}${port ? `:${port}` : ''}`]);
  }
  if (serverInfo?.timezone) rows.push(['Time zone', serverInfo.timezone]);
  if (userInfo) {
    rows.push(['Account', `${userInfo.status}${userInfo.isTrial ? ' (trial)' : ''}`]);
    rows.push(['Expires', userInfo.expiresAt ? formatUtcDate(userInfo.expiresAt) : 'never']);
    const max = userInfo.maxConnections === null || userInfo.maxConnections === 0 ? 'unlimited' : String(userInfo.maxConnections);
    rows.push(['Connections', `${userInfo.activeConnections ?? 0} in use of ${max}`]);
  }
  if (rows.length === 0) return null;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="opacity-75">{label}</dt>
          <dd className="min-w-0 break-all">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
