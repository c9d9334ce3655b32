'use client';

import { useRouter } from 'next/navigation';
import { TvIcon } from 'lucide-react';
import { RelativeTime } from '@/components/admin/date-time';
import { formatBytes } from '@/components/admin/monitor/format-bytes';
import { BanIpButton } from '@/components/admin/monitor/ban-ip-button';
import { StopViewerButton } from '@/components/admin/monitor/stop-viewer-button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';

export interface WatchingViewer {
  id: string;
  lineId: string;
  line: string;
  publicId: number;
  name: string;
  upstreamId: string | null;
  startedAt: string;
  bytes: number;
  clientIp: string;
}

/** Who watches what now, through which upstream, since when and how much was sent; admins can stop one. */
export function WatchingNow({ viewers, upstreamNames, canAct }: { viewers: WatchingViewer[]; upstreamNames: Record<string, string>; canAct: boolean }) {
  const router = useRouter();
  return (
    <Card className="mt-6">
      <CardHeader>
        <CardTitle className="text-base">
          <h2>Watching now</h2>
        </CardTitle>
        <CardDescription>Streams open through the panel; updated live.</CardDescription>
      </CardHeader>
      <CardContent>
        {viewers.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-muted-foreground" data-testid="no-viewers">
            <TvIcon aria-hidden className="size-4" />
            Nobody is watching right now.
          </p>
        ) : (
          <ul className="grid gap-2" aria-label="Viewers">
            {viewers.map((v) => (
              <li key={v.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded-md border px-3 py-2 text-sm" data-testid="watching-row" data-line={v.line}>
                <span className="min-w-0 font-medium">{v.line}</span>
                <span className="min-w-0 flex-1 truncate">
                  {v.name} <span className="text-muted-foreground">#{v.publicId}</span>
                </span>
                <span className="text-muted-foreground">{v.upstreamId ? (upstreamNames[v.upstreamId] ?? 'upstream') : 'local'}</span>
                <span className="text-muted-foreground">
                  since <RelativeTime value={v.startedAt} />
                </span>
                <span className="tabular-nums text-muted-foreground">{formatBytes(v.bytes)} sent</span>
                <span className="font-mono text-xs text-muted-foreground">{v.clientIp}</span>
                {canAct ? (
                  <span className="flex gap-1.5">
                    <StopViewerButton id={v.id} line={v.line} name={v.name} onStopped={() => router.refresh()} />
                    <BanIpButton lineId={v.lineId} line={v.line} ip={v.clientIp} onBanned={() => router.refresh()} />
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
