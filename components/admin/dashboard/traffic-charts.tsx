'use client';

import { useEffect, useState } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { callApi } from '@/components/admin/api-client';
import { formatBytes } from '@/components/admin/monitor/format-bytes';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { HistoryPoint } from '@/lib/monitor/minutes';

const RANGES = [
  { hours: 1, label: '1 h', bucket: 1 },
  { hours: 24, label: '24 h', bucket: 5 },
] as const;
const REFRESH_MS = 30_000;
const number = new Intl.NumberFormat('en');

/** Sums `size` minutes into one point (viewers: the highest of them), so 24 h are 288 points, not 1,440. */
function bucketed(points: HistoryPoint[], size: number): HistoryPoint[] {
  if (size <= 1) return points;
  const out: HistoryPoint[] = [];
  for (let i = 0; i < points.length; i += size) {
    const part = points.slice(i, i + size);
    out.push({
      at: part[0].at,
      requests: part.reduce((a, p) => a + p.requests, 0),
      errors: part.reduce((a, p) => a + p.errors, 0),
      viewers: Math.max(...part.map((p) => p.viewers)),
      bytes: part.reduce((a, p) => a + p.bytes, 0),
    });
  }
  return out;
}

const timeLabel = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });

function Chart({ title, summary, data, series, format, testId }: {
  title: string;
  summary: string;
  data: HistoryPoint[];
  series: { key: keyof HistoryPoint; name: string; color: string }[];
  format?: (n: number) => string;
  testId: string;
}) {
  return (
    <figure className="min-w-0 rounded-md border p-3" data-testid={testId} aria-label={`${title}: ${summary}`}>
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-x-2 text-sm">
        <span className="font-medium">{title}</span>
        <span className="tabular-nums text-muted-foreground" data-testid={`${testId}-summary`}>
          {summary}
        </span>
      </figcaption>
      <div className="h-36" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} className="stroke-border" />
            <XAxis dataKey="at" tickFormatter={timeLabel} minTickGap={40} tick={{ fontSize: 11 }} stroke="currentColor" className="text-muted-foreground" />
            <YAxis allowDecimals={false} tickFormatter={format} tick={{ fontSize: 11 }} width={56} stroke="currentColor" className="text-muted-foreground" />
            <Tooltip labelFormatter={(l) => timeLabel(String(l))} formatter={(v) => (format ? format(Number(v)) : number.format(Number(v)))} />
            {series.map((s) => (
              <Area key={s.key} type="monotone" dataKey={s.key} name={s.name} stroke={s.color} fill={s.color} fillOpacity={0.15} isAnimationActive={false} />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Requests, errors, viewers and bandwidth from the stored per-minute aggregates (they survive a restart). */
export function TrafficCharts() {
  const [range, setRange] = useState<(typeof RANGES)[number]>(RANGES[1]);
  const [points, setPoints] = useState<HistoryPoint[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      callApi(`/api/monitor/history?hours=${range.hours}`).then(
        (body) => {
          if (cancelled) return;
          setPoints((body as { points: HistoryPoint[] }).points);
          setFailed(false);
        },
        () => !cancelled && setFailed(true),
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [range.hours]);

  const data = points ? bucketed(points, range.bucket) : [];
  const total = (k: 'requests' | 'errors' | 'bytes') => (points ?? []).reduce((a, p) => a + p[k], 0);
  const peak = Math.max(0, ...(points ?? []).map((p) => p.viewers));
  return (
    <Card className="mt-6">
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-2">
        <div>
          <CardTitle className="text-base">
            <h2>Traffic</h2>
          </CardTitle>
          <CardDescription>Stored per minute, so the history survives a restart.</CardDescription>
        </div>
        <div role="group" aria-label="Time range" className="flex gap-1">
          {RANGES.map((r) => (
            <Button key={r.hours} type="button" size="sm" variant={r.hours === range.hours ? 'default' : 'outline'} aria-pressed={r.hours === range.hours} onClick={() => setRange(r)}>
              {r.label}
            </Button>
          ))}
        </div>
      </CardHeader>
      <CardContent>
        {failed && !points ? <p className="text-sm text-destructive">Could not load the history; retrying.</p> : null}
        {points ? (
          <div className="grid gap-3 lg:grid-cols-3" data-testid="traffic-charts" data-hours={range.hours}>
            <Chart
              title="Requests"
              summary={`${number.format(total('requests'))} requests, ${number.format(total('errors'))} errors`}
              data={data}
              series={[
                { key: 'requests', name: 'Requests', color: 'hsl(var(--primary))' },
                { key: 'errors', name: 'Errors', color: 'hsl(var(--destructive))' },
              ]}
              testId="chart-requests"
            />
            <Chart title="Viewers" summary={`peak ${number.format(peak)}`} data={data} series={[{ key: 'viewers', name: 'Viewers', color: '#0ea5e9' }]} testId="chart-viewers" />
            <Chart title="Bandwidth" summary={`${formatBytes(total('bytes'))} sent`} data={data} series={[{ key: 'bytes', name: 'Sent', color: '#10b981' }]} format={formatBytes} testId="chart-bandwidth" />
          </div>
        ) : !failed ? (
          <div className="h-36 animate-pulse rounded-md bg-muted" aria-label="Loading the history" />
        ) : null}
      </CardContent>
    </Card>
  );
}
