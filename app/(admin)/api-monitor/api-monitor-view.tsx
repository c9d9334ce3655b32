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
import { RequestDrawer } from './request-drawer';
import { RequestTable } from './request-table';
import type { ConnectionsSnapshot, RequestEntry, RequestRates, StatusClass } from './types';

const KEEP = 200;
const CONNECTIONS_EVERY_MS = 5_000;
const RATES_EVERY_MS = 10_000;

interface TextFilters {
  line: string;
  action: string;
  ip: string;
}
const NO_FILTERS: TextFilters = { line: '', action: '', ip: '' };

const matches = (r: RequestEntry, f: TextFilters, status: StatusClass) =>
  (!f.line || r.line === f.line) && (!f.action || r.action === f.action) && (!f.ip || r.ip === f.ip) && (status === 'all' || Math.floor(r.status / 100) === Number(status[0]));

// The view keeps what it shows when a refresh fails; the next tick tries again.
const getJson = <T,>(url: string): Promise<T | null> => callApi(url).then((body) => body as T, () => null);

/** The live view: first page from /api/monitor/requests, then every request as it happens over SSE. */
export function ApiMonitorView({
  initialRequests,
  initialConnections,
  initialRates,
  canAct,
}: {
  initialRequests: RequestEntry[];
  initialConnections: ConnectionsSnapshot;
  initialRates: RequestRates;
  canAct: boolean;
}) {
  const [requests, setRequests] = useState(initialRequests.slice(0, KEEP));
  const [connections, setConnections] = useState(initialConnections);
  const [rates, setRates] = useState(initialRates);
  const [paused, setPaused] = useState(false);
  const [pending, setPending] = useState<RequestEntry[]>([]);
  const [live, setLive] = useState(false);
  const [inputs, setInputs] = useState<TextFilters>(NO_FILTERS);
  const [text, setText] = useState<TextFilters>(NO_FILTERS);
  const [status, setStatus] = useState<StatusClass>('all');
  const [open, setOpen] = useState<RequestEntry | null>(null);
  const filters = useRef({ text, status, paused });
  useEffect(() => {
    filters.current = { text, status, paused };
  }, [text, status, paused]);

  const refreshConnections = useCallback(async () => {
    const next = await getJson<ConnectionsSnapshot>('/api/monitor/connections');
    if (next) setConnections(next);
  }, []);

  // A new filter reloads the first page from the server.
  useEffect(() => {
    const params = new URLSearchParams({ pageSize: String(KEEP) });
    for (const [k, v] of Object.entries(text)) if (v) params.set(k, v);
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
  }, [text, status]);

  useEffect(() => {
    const source = new EventSource('/api/monitor/events');
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener('request', (e) => {
      const entry = JSON.parse((e as MessageEvent<string>).data) as RequestEntry & { type?: string };
      delete entry.type;
      const f = filters.current;
      if (!matches(entry, f.text, f.status)) return;
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
            className="grid w-full gap-2 sm:flex sm:w-auto sm:flex-wrap"
            role="search"
            aria-label="Filter requests"
            onSubmit={(e) => {
              e.preventDefault();
              setText({ line: inputs.line.trim(), action: inputs.action.trim(), ip: inputs.ip.trim() });
            }}
          >
            {(
              [
                ['line', 'Account', 'Filter by player account', 'filter-line'],
                ['action', 'Action', 'Filter by action', 'filter-action'],
                ['ip', 'IP', 'Filter by IP address', 'filter-ip'],
              ] as const
            ).map(([key, placeholder, label, testId]) => (
              <Input
                key={key}
                type="search"
                className="sm:w-40"
                value={inputs[key]}
                onChange={(e) => {
                  const value = e.target.value;
                  setInputs((f) => ({ ...f, [key]: value }));
                  if (!value) setText((f) => ({ ...f, [key]: '' }));
                }}
                maxLength={64}
                placeholder={`${placeholder} (press Enter)`}
                aria-label={label}
                autoCapitalize="none"
                spellCheck={false}
                data-testid={testId}
              />
            ))}
            <button type="submit" className="sr-only">
              Apply filters
            </button>
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
            {/* The truth: paused when paused, live only while the event stream is open. */}
            <Badge variant={paused ? 'warning' : live ? 'success' : 'muted'} data-testid="live-state" data-state={paused ? 'paused' : live ? 'live' : 'offline'}>
              {paused ? 'Paused' : live ? 'Live' : 'Reconnecting…'}
            </Badge>
            <Button variant="outline" size="sm" onClick={togglePause} data-testid="pause-toggle">
              {paused ? <PlayIcon /> : <PauseIcon />}
              {paused ? `Resume${pending.length ? ` (${pending.length} new)` : ''}` : 'Pause'}
            </Button>
          </div>
        </div>
        <RequestTable requests={requests} filtered={Object.values(text).some(Boolean) || status !== 'all'} onOpen={setOpen} />
      </Card>
      <RequestDrawer request={open} onClose={() => setOpen(null)} canAct={canAct} />

      <ConnectionsCard connections={connections} canAct={canAct} onChanged={() => void refreshConnections()} />
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
