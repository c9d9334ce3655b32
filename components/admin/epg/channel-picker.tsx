'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import type { EpgSourceView } from '@/lib/epg/schemas';
import { callApi } from '../api-client';

interface GuideChannel {
  sourceId: string;
  epgChannelId: string;
  name: string;
}

/** Type-ahead over the guide channels of one source (or all): picking one pins it. */
export function ChannelPicker({ sources, initial, onPick, onCancel }: { sources: EpgSourceView[]; initial: string; onPick: (sourceId: string, epgChannelId: string) => void; onCancel: () => void }) {
  const withGuide = sources.filter((s) => s.channels > 0);
  const [sourceId, setSourceId] = useState('');
  const [q, setQ] = useState(initial.replace(/\b(HD|FHD|UHD|SD|4K)\b/gi, '').trim());
  const [options, setOptions] = useState<GuideChannel[]>([]);
  const sourceName = new Map(sources.map((s) => [s.id, s.name]));

  useEffect(() => {
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ guide: '1', q });
      if (sourceId) params.set('sourceId', sourceId);
      callApi(`/api/epg/channels?${params}`)
        .then((answer) => setOptions((answer as { items: GuideChannel[] }).items))
        .catch(() => setOptions([]));
    }, 200);
    return () => clearTimeout(timer);
  }, [q, sourceId]);

  return (
    <div className="mt-2 grid gap-2 rounded-md border p-2" data-testid="epg-picker">
      <div className="flex gap-2">
        <select
          className="h-9 rounded-md border bg-transparent px-2 text-sm"
          value={sourceId}
          onChange={(e) => setSourceId(e.target.value)}
          aria-label="Guide source"
          data-testid="epg-picker-source"
        >
          <option value="">All sources</option>
          {withGuide.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <Input value={q} onChange={(e) => setQ(e.target.value)} placeholder="Guide channel name or id" aria-label="Guide channel" data-testid="epg-picker-query" autoFocus />
      </div>
      <ul className="max-h-56 overflow-y-auto text-sm" role="listbox" aria-label="Guide channels">
        {options.map((o) => (
          <li key={`${o.sourceId}:${o.epgChannelId}`}>
            <button
              type="button"
              role="option"
              aria-selected={false}
              className="w-full rounded px-2 py-1 text-left hover:bg-accent"
              data-testid="epg-picker-option"
              onClick={() => onPick(o.sourceId, o.epgChannelId)}
            >
              {o.name} <span className="font-mono text-xs text-muted-foreground">{o.epgChannelId}</span>
              <span className="text-xs text-muted-foreground"> · {sourceName.get(o.sourceId)}</span>
            </button>
          </li>
        ))}
        {options.length === 0 && <li className="px-2 py-1 text-muted-foreground">No guide channel matches.</li>}
      </ul>
      <Button size="sm" variant="ghost" onClick={onCancel} className="justify-self-start">
        Cancel
      </Button>
    </div>
  );
}
