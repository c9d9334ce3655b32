import { formatUtcTime } from '@/components/admin/date-time';
import { formatBytes } from '@/components/admin/monitor/format-bytes';
import { BanIpButton } from '@/components/admin/monitor/ban-ip-button';
import { StopViewerButton } from '@/components/admin/monitor/stop-viewer-button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ConnectionsSnapshot } from './types';

/** Who is watching what through the panel, and each upstream account's connection slots. */
export function ConnectionsCard({ connections, canAct, onChanged }: { connections: ConnectionsSnapshot; canAct: boolean; onChanged: () => void }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Live connections</CardTitle>
        <CardDescription>Proxied streams open now; refreshed every few seconds and when a stream starts or stops.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        {connections.viewers.length === 0 ? (
          <p className="text-sm text-muted-foreground" data-testid="no-viewers">
            Nobody is watching through the panel right now.
          </p>
        ) : (
          <Table data-testid="viewers-table">
            <TableHeader>
              <TableRow>
                <TableHead>Account</TableHead>
                <TableHead>Watching</TableHead>
                <TableHead>Since</TableHead>
                <TableHead className="text-right">Sent</TableHead>
                <TableHead>IP</TableHead>
                {canAct ? <TableHead className="text-right">Action</TableHead> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {connections.viewers.map((v) => (
                <TableRow key={v.id ?? `${v.line}-${v.publicId}-${v.startedAt}`} data-testid="viewer-row">
                  <TableCell>{v.line}</TableCell>
                  <TableCell className="max-w-64 truncate">
                    {v.name} <span className="text-muted-foreground">#{v.publicId}</span>
                  </TableCell>
                  <TableCell className="tabular-nums">{formatUtcTime(v.startedAt)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatBytes(v.bytes)}</TableCell>
                  <TableCell className="font-mono text-xs">{v.clientIp}</TableCell>
                  {canAct ? (
                    <TableCell className="text-right">
                      <span className="inline-flex gap-1.5">
                        {v.id ? <StopViewerButton id={v.id} line={v.line} name={v.name} onStopped={onChanged} /> : null}
                        <BanIpButton lineId={v.lineId} line={v.line} ip={v.clientIp} onBanned={onChanged} />
                      </span>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {connections.upstreams.length > 0 && (
          <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3" aria-label="Upstream connection slots">
            {connections.upstreams.map((u) => (
              <li key={u.upstreamId} className="flex items-center justify-between rounded-md border px-3 py-2 text-sm" data-testid="upstream-slots-row">
                <span className="truncate">{u.name ?? u.upstreamId}</span>
                <span className="tabular-nums text-muted-foreground">
                  {u.used} / {u.max ?? '∞'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
