'use client';

import { useCallback, useEffect, useState } from 'react';
import { WandSparklesIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ChannelMappingView, EpgSourceView } from '@/lib/epg/schemas';
import { callApi, describeApiError } from '../api-client';
import { ChannelPicker } from './channel-picker';

type Slot = { title: string; start: string; stop: string } | null;
export type MappingRow = ChannelMappingView & { nowNext: { now: Slot; next: Slot } };
interface MappingPage {
  items: MappingRow[];
  total: number;
  page: number;
  pageSize: number;
}

const PAGE_SIZE = 50;
const hhmm = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The channel mapping table: search, unmatched filter, pin (type-ahead), dummy, offset, now/next, auto-match. */
export function ChannelMappings({ sources, canManage }: { sources: EpgSourceView[]; canManage: boolean }) {
  const [q, setQ] = useState('');
  const [unmatched, setUnmatched] = useState(false);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<MappingPage | null>(null);
  const [picking, setPicking] = useState<number | null>(null);
  const [matchResult, setMatchResult] = useState<{ matched: number; unmatched: number } | null>(null);

  const load = useCallback(async () => {
    const params = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
    if (q.trim()) params.set('q', q.trim());
    if (unmatched) params.set('unmatched', '1');
    try {
      setData((await callApi(`/api/epg/channels?${params}`)) as MappingPage);
    } catch (err) {
      toast.error(describeApiError(err));
    }
  }, [q, unmatched, page]);

  useEffect(() => {
    const timer = setTimeout(() => void load(), 200);
    return () => clearTimeout(timer);
  }, [load]);

  async function put(row: MappingRow, body: unknown, done: string) {
    try {
      await callApi(`/api/epg/channels/${row.publicId}`, { method: 'PUT', body });
      toast.success(done);
      setPicking(null);
      await load();
    } catch (err) {
      toast.error(describeApiError(err));
    }
  }

  async function autoMatch() {
    try {
      const result = (await callApi('/api/epg/match', { method: 'POST', body: {} })) as { matched: number; unmatched: number };
      setMatchResult(result);
      toast.success(`Auto-match: ${result.matched} channels with a guide, ${result.unmatched} without`);
      await load();
    } catch (err) {
      toast.error(describeApiError(err));
    }
  }

  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <section className="grid gap-3" aria-labelledby="mapping-heading">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="mapping-heading" className="text-base font-semibold">
          Channels
        </h2>
        <div className="flex flex-wrap items-center gap-3">
          <Input className="w-56" placeholder="Search channels" value={q} onChange={(e) => (setQ(e.target.value), setPage(1))} data-testid="epg-search" aria-label="Search channels" />
          <label className="flex items-center gap-2 text-sm">
            <Checkbox checked={unmatched} onCheckedChange={(v) => (setUnmatched(v === true), setPage(1))} data-testid="epg-unmatched" />
            Unmatched only
          </label>
          {canManage && (
            <Button variant="outline" size="sm" onClick={() => void autoMatch()} data-testid="epg-auto-match">
              <WandSparklesIcon /> Auto-match
            </Button>
          )}
        </div>
      </div>
      {matchResult && (
        <p className="text-sm text-muted-foreground" data-testid="epg-match-result">
          {matchResult.matched} channels have a guide, {matchResult.unmatched} have none.
        </p>
      )}
      <div className="overflow-x-auto rounded-md border">
        <Table data-testid="epg-channels" regionLabelledBy="mapping-heading">
          <TableHeader>
            <TableRow>
              <TableHead>Channel</TableHead>
              <TableHead>Guide</TableHead>
              <TableHead>Now / next</TableHead>
              <TableHead>Offset (min)</TableHead>
              {canManage && <TableHead className="sr-only">Actions</TableHead>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {data?.items.map((row) => (
              <TableRow key={row.publicId} data-testid="epg-channel-row" data-public-id={row.publicId}>
                <TableCell>
                  <div className="font-medium">{row.name}</div>
                  <div className="font-mono text-xs text-muted-foreground">{row.ownEpgChannelId ?? 'no guide id'}</div>
                </TableCell>
                <TableCell>
                  {row.matchedBy === 'dummy' ? (
                    <Badge variant="secondary">dummy</Badge>
                  ) : row.sourceId ? (
                    <div className="grid gap-0.5">
                      <span className="text-sm">
                        {row.sourceName} · <span className="font-mono text-xs">{row.epgChannelId}</span>
                      </span>
                      <span className="flex gap-1">
                        <Badge variant="outline" data-testid="epg-matched-by">
                          {row.matchedBy}
                          {row.score !== null && row.score < 1 ? ` ${Math.round(row.score * 100)}%` : ''}
                        </Badge>
                        {row.pinned && <Badge data-testid="epg-pinned">pinned</Badge>}
                      </span>
                    </div>
                  ) : (
                    <span className="text-sm text-muted-foreground">unmatched</span>
                  )}
                  {picking === row.publicId && (
                    <ChannelPicker
                      sources={sources}
                      initial={row.name}
                      onPick={(sourceId, epgChannelId) => void put(row, { sourceId, epgChannelId }, `${row.name} pinned to ${epgChannelId}`)}
                      onCancel={() => setPicking(null)}
                    />
                  )}
                </TableCell>
                <TableCell className="text-sm" data-testid="epg-now-next">
                  {row.nowNext.now ? (
                    <div>
                      <span className="text-muted-foreground">Now</span> {row.nowNext.now.title}
                    </div>
                  ) : null}
                  {row.nowNext.next ? (
                    <div>
                      <span className="text-muted-foreground">{hhmm(row.nowNext.next.start)}</span> {row.nowNext.next.title}
                    </div>
                  ) : null}
                  {!row.nowNext.now && !row.nowNext.next && <span className="text-muted-foreground">—</span>}
                </TableCell>
                <TableCell>
                  <Input
                    key={`${row.publicId}:${row.offsetMinutes}`}
                    className="w-20"
                    type="number"
                    min={-1440}
                    max={1440}
                    defaultValue={row.offsetMinutes}
                    disabled={!canManage}
                    aria-label={`Offset of ${row.name} in minutes`}
                    data-testid="epg-offset"
                    onBlur={(e) => {
                      const v = Number(e.target.value);
                      if (e.target.value !== '' && v !== row.offsetMinutes) void put(row, { offsetMinutes: v }, `${row.name} shifted by ${v} minutes`);
                    }}
                  />
                </TableCell>
                {canManage && (
                  <TableCell className="text-right whitespace-nowrap">
                    <Button size="sm" variant="outline" data-testid="epg-pin" onClick={() => setPicking(picking === row.publicId ? null : row.publicId)}>
                      Pin…
                    </Button>{' '}
                    <Button size="sm" variant="ghost" data-testid="epg-dummy" onClick={() => void put(row, { dummy: true }, `${row.name} gets a dummy guide`)}>
                      Dummy
                    </Button>
                    {row.pinned && (
                      <Button size="sm" variant="ghost" data-testid="epg-unpin" onClick={() => void put(row, { pinned: false }, `${row.name} is auto-matched again`)}>
                        Unpin
                      </Button>
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <div className="flex items-center justify-between text-sm text-muted-foreground">
        <span data-testid="epg-total">{data ? `${data.total.toLocaleString()} channels` : 'Loading…'}</span>
        <span className="flex items-center gap-2">
          <Button size="sm" variant="outline" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </Button>
          {page} / {pages}
          <Button size="sm" variant="outline" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Next
          </Button>
        </span>
      </div>
    </section>
  );
}
