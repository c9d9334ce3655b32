'use client';

import { formatDuration, formatUtcDateTime } from '@/components/admin/date-time';
import { BanIpButton } from '@/components/admin/monitor/ban-ip-button';
import { Badge } from '@/components/ui/badge';
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from '@/components/ui/sheet';
import type { RequestEntry } from './types';

const RESULT = { opened: 'success', full: 'warning', failed: 'destructive' } as const;

/** Plain words for a status without a recorded reason. */
function statusStory(status: number): string {
  if (status === 499) return 'The player went away before an answer.';
  if (status === 401) return 'Wrong username or password.';
  if (status === 403) return 'The account may not open this (disabled, expired, outside its bouquets or format).';
  if (status === 404) return 'No such item or path.';
  if (status === 429) return 'Too many requests or connections for this account.';
  if (status >= 500) return 'The panel could not get an answer from an upstream.';
  if (status >= 400) return 'The request was refused.';
  return 'Answered.';
}

/** A request's story: who, what, the answer and why, and the upstreams tried in order; admins can ban its IP for the account. */
export function RequestDrawer({ request, onClose, canAct = false }: { request: RequestEntry | null; onClose: () => void; canAct?: boolean }) {
  return (
    <Sheet open={request !== null} onOpenChange={(open) => !open && onClose()}>
      <SheetContent side="right" className="w-full overflow-y-auto sm:max-w-md" data-testid="request-drawer">
        {request ? (
          <>
            <SheetHeader>
              <SheetTitle>
                {request.action} · {request.status}
              </SheetTitle>
              <SheetDescription>{formatUtcDateTime(request.at)}</SheetDescription>
            </SheetHeader>
            <div className="grid gap-4 px-4 pb-6 text-sm">
              <p className={request.status >= 400 ? 'font-medium text-destructive' : undefined} data-testid="request-reason">
                {request.reason ?? statusStory(request.status)}
              </p>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
                <dt className="text-muted-foreground">Account</dt>
                <dd className="break-all">{request.line ?? '—'}</dd>
                <dt className="text-muted-foreground">Action</dt>
                <dd className="font-mono text-xs">{request.action}</dd>
                <dt className="text-muted-foreground">Path</dt>
                <dd className="font-mono text-xs break-all">{request.path}</dd>
                <dt className="text-muted-foreground">Status</dt>
                <dd>{request.status}</dd>
                <dt className="text-muted-foreground">Duration</dt>
                <dd>{formatDuration(request.durationMs)}</dd>
                <dt className="text-muted-foreground">IP</dt>
                <dd className="font-mono text-xs">{request.ip}</dd>
                <dt className="text-muted-foreground">Player</dt>
                <dd className="break-words">{request.userAgent ?? '—'}</dd>
              </dl>
              {canAct && request.line && request.ip && request.ip !== 'unknown' ? (
                <div className="flex flex-wrap items-center gap-2">
                  <BanIpButton line={request.line} ip={request.ip} />
                  <span className="text-xs text-muted-foreground">for this account only</span>
                </div>
              ) : null}
              {request.upstreams?.length ? (
                <section aria-labelledby="tried-heading">
                  <h3 id="tried-heading" className="mb-2 font-medium">
                    Upstreams tried, in order
                  </h3>
                  <ol className="grid gap-1.5" data-testid="request-upstreams">
                    {request.upstreams.map((u, i) => (
                      <li key={`${u.upstreamId}-${i}`} className="flex flex-wrap items-center gap-2 rounded-md border px-2 py-1.5">
                        <span className="tabular-nums text-muted-foreground">{i + 1}.</span>
                        <span className="font-medium">{u.name}</span>
                        <Badge variant={RESULT[u.result as keyof typeof RESULT] ?? 'muted'}>{u.result}</Badge>
                        <span className="basis-full text-muted-foreground">{u.detail}</span>
                      </li>
                    ))}
                  </ol>
                </section>
              ) : null}
            </div>
          </>
        ) : null}
      </SheetContent>
    </Sheet>
  );
}
