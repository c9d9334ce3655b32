'use client';

import { useState } from 'react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Skeleton } from '@/components/ui/skeleton';
import type { CuratedType, ItemCounts } from '@/lib/curation/schemas';
import { callApi, describeApiError } from '../api-client';
import { CURATED_TYPES, TYPE_TABS } from '../categories/use-categories';

export interface PreviewLine {
  id: string;
  username: string;
  bouquetIds: string[];
}

interface Preview {
  itemCounts: ItemCounts;
  items: Record<CuratedType, { publicId: number; name: string; num: number }[]>;
}

type State = { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; preview: Preview; line: PreviewLine };

/** What a chosen player account sees with its bouquets now: counts per type and the first names (POST /api/bouquets/preview). */
export function BouquetPreview({ lines, bouquetNames }: { lines: PreviewLine[]; bouquetNames: Record<string, string> }) {
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function choose(id: string) {
    const line = lines.find((l) => l.id === id);
    if (!line) return;
    setState({ kind: 'loading' });
    try {
      const preview = (await callApi('/api/bouquets/preview', { method: 'POST', body: { bouquetIds: line.bouquetIds } })) as Preview;
      setState({ kind: 'done', preview, line });
    } catch (err) {
      setState({ kind: 'error', message: describeApiError(err) });
    }
  }

  return (
    <Card data-testid="bouquet-preview">
      <CardHeader>
        <CardTitle className="text-base">
          <h2>What an account sees</h2>
        </CardTitle>
        <CardDescription>Pick a player account: its bouquets, in its order, decide its lists.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {lines.length === 0 ? (
          <p className="text-sm text-muted-foreground">No player accounts yet.</p>
        ) : (
          <div className="grid max-w-sm gap-2">
            <Label htmlFor="preview-line">Player account</Label>
            <Select onValueChange={(v) => void choose(v)}>
              <SelectTrigger id="preview-line" className="w-full" data-testid="preview-line">
                <SelectValue placeholder="Choose an account" />
              </SelectTrigger>
              <SelectContent>
                {lines.map((l) => (
                  <SelectItem key={l.id} value={l.id}>
                    {l.username}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
        )}
        {state.kind === 'loading' && <Skeleton className="h-28 w-full" />}
        {state.kind === 'error' && (
          <p role="alert" className="text-sm text-destructive">
            {state.message}
          </p>
        )}
        {state.kind === 'done' && (
          <div className="grid gap-3" data-testid="preview-result" data-line={state.line.username}>
            <p className="text-sm text-muted-foreground">
              {state.line.bouquetIds.length === 0
                ? 'No bouquets: this account sees the whole catalog.'
                : `Bouquets: ${state.line.bouquetIds.map((b) => bouquetNames[b] ?? b).join(', ')}.`}
            </p>
            <div className="grid gap-3 md:grid-cols-3">
              {CURATED_TYPES.map((t) => (
                <section key={t} className="min-w-0 rounded-md border p-3" aria-label={TYPE_TABS[t]} data-testid={`preview-${t}`}>
                  <h3 className="text-sm font-medium">
                    {TYPE_TABS[t]}: <span data-testid={`preview-count-${t}`}>{state.preview.itemCounts[t].toLocaleString('en-US')}</span>
                  </h3>
                  <ul className="mt-2 grid gap-0.5 text-sm">
                    {state.preview.items[t].slice(0, 8).map((item) => (
                      <li key={item.publicId} className="truncate" title={item.name} data-testid="preview-item">
                        {t === 'live' && <span className="mr-1.5 text-xs text-muted-foreground tabular-nums">{item.num}</span>}
                        {item.name}
                      </li>
                    ))}
                    {state.preview.items[t].length === 0 && <li className="text-muted-foreground">Nothing</li>}
                  </ul>
                </section>
              ))}
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
