'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { PauseIcon, PlayIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { callApi } from '@/components/admin/api-client';
import { ConnectionsCard } from './connections-card';
import { RequestTable } from './request-table';
import type { ConnectionsSnapshot, RequestEntry, RequestRates, StatusClass } from './types';

const KEEP = 200;
const CONNECTIONS_EVERY_MS = 5_000;
const RATES_EVERY_MS = 10_000;

const matches = (r: RequestEntry, line: string, status: StatusClass) =>
  (!line || r.line === line) && (status === 'all' || Math.floor(r.status / 100) === Number(status[0]));

// The view keeps what it shows when a refresh fails; the next tick tries again.
const getJson = <T,>(url: string): Promise<T | null> => callApi(url).then((body) => body as T, () => null);

/** The live view: first page from /api/monitor/requests, then every request as it happens over SSE. */
export function ApiMonitorView({
  initialRequests,
  initialConnections,
  initialRates,
}: {
  initialRequests: RequestEntry[];
  initialConnections: ConnectionsSnapshot;
  initialRates: RequestRates;
}) {
  const [requests, setRequests] = useState(initialRequests.slice(0, KEEP));
  const [connections, setConnections] = useState(initialConnections);
  const [rates, setRates] = useState(initialRates);
  const [paused, setPaused] = useState(false);
  const [pending, setPending] = useState<RequestEntry[]>([]);
  const [live, setLive] = useState(false);
  const [lineInput, setLineInput] = useState('');
  const [line, setLine] = useState('');
  const [status, setStatus] = useState<StatusClass>('all');
  const filters = useRef({ line, status, paused });
  useEffect(() => {
    filters.current = { line, status, paused };
  }, [line, status, paused]);

  const refreshConnections = useCallback(async () => {
    const next = await getJson<ConnectionsSnapshot>('/api/monitor/connections');
    if (next) setConnections(next);
  }, []);

  // A new filter reloads the first page from the server.
  useEffect(() => {
    const params = new URLSearchParams({ pageSize: String(KEEP) });
    if (line) params.set('line', line);
    if (status !== 'all') params.set('status', status);
    let cancelled = false;
    void getJson<{ items: RequestEntry[] }>(`/api/monitor/requests?${params}`).then((list) => {
      if (list && !cancelled) {
        setRequests(list.items);
        setPending([]);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [line, status]);

  useEffect(() => {
    const source = new EventSource('/api/monitor/events');
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener('request', (e) => {
      const entry = JSON.parse((e as MessageEvent<string>).data) as RequestEntry & { type?: string };
      delete entry.type;
      const f = filters.current;
      if (!matches(entry, f.line, f.status)) return;
      if (f.paused) setPending((p) => [entry, ...p].slice(0, KEEP));
      else setRequests((r) => [entry, ...r].slice(0, KEEP));
    });
    source.addEventListener('connection', () => void refreshConnections());
    return () => source.close();
  }, [refreshConnections]);

  useEffect(() => {
    const c = setInterval(() => void refreshConnections(), CONNECTIONS_EVERY_MS);
    const r = setInterval(async () => {
      const stats = await getJson<{ requests?: RequestRates }>('/api/monitor/stats');
      if (stats?.requests) setRates({ perMinute: stats.requests.perMinute, errors: stats.requests.errors });
    }, RATES_EVERY_MS);
    return () => {
      clearInterval(c);
      clearInterval(r);
    };
  }, [refreshConnections]);

  const togglePause = () => {
    if (paused) {
      setRequests((r) => [...pending, ...r].slice(0, KEEP));
      setPending([]);
    }
    setPaused(!paused);
  };

  return (
    <div className="grid gap-6">
      <section aria-label="Request rates" className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Requests / min" value={rates.perMinute} testId="rate-per-minute" />
        <Stat label="Errors (last min)" value={rates.errors} testId="rate-errors" tone={rates.errors > 0 ? 'text-destructive' : undefined} />
        <Stat label="Watching now" value={connections.viewers.length} testId="viewers-count" />
        <Stat
          label="Upstream slots"
          value={connections.upstreams.reduce((a, u) => a + u.used, 0)}
          testId="upstream-slots"
        />
      </section>

      <Card className="gap-0 py-0">
        <div className="flex flex-wrap items-center gap-3 border-b p-3">
          <form
            className="w-full max-w-56"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              setLine(lineInput.trim());
            }}
          >
            <Input
              type="search"
              value={lineInput}
              onChange={(e) => {
                setLineInput(e.target.value);
                if (!e.target.value) setLine('');
              }}
              maxLength={64}
              placeholder="Account (press Enter)"
              aria-label="Filter by player account"
              autoCapitalize="none"
              spellCheck={false}
              data-testid="filter-line"
            />
          </form>
          <Select value={status} onValueChange={(v) => setStatus(v as StatusClass)}>
            <SelectTrigger className="w-36" aria-label="Filter by status" data-testid="filter-status">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="all">All statuses</SelectItem>
              <SelectItem value="2xx">2xx success</SelectItem>
              <SelectItem value="3xx">3xx redirect</SelectItem>
              <SelectItem value="4xx">4xx client error</SelectItem>
              <SelectItem value="5xx">5xx server error</SelectItem>
            </SelectContent>
          </Select>
          <div className="ml-auto flex items-center gap-2">
            <Badge variant={live ? 'success' : 'muted'} data-testid="live-state">
              {live ? 'Live' : 'Connecting…'}
            </Badge>
            <Button variant="outline" size="sm" onClick={togglePause} data-testid="pause-toggle">
              {paused ? <PlayIcon /> : <PauseIcon />}
              {paused ? `Resume${pending.length ? ` (${pending.length} new)` : ''}` : 'Pause'}
            </Button>
          </div>
        </div>
        <RequestTable requests={requests} filtered={Boolean(line) || status !== 'all'} />
      </Card>

      <ConnectionsCard connections={connections} />
    </div>
  );
}

function Stat({ label, value, testId, tone }: { label: string; value: number; testId: string; tone?: string }) {
  return (
    <Card className="p-4">
      <span className="truncate text-xs font-medium text-muted-foreground">{label}</span>
      <div className={`mt-1 text-2xl font-semibold tabular-nums ${tone ?? ''}`} data-testid={testId}>
        {new Intl.NumberFormat('en').format(value)}
      </div>
    </Card>
  );
}
