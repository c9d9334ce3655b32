'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { PlusIcon, Trash2Icon } from 'lucide-react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { EpgSourceView } from '@/lib/epg/schemas';
import { callApi, describeApiError, ApiError } from '../api-client';
import { RelativeTime } from '../date-time';

const STATUS_VARIANT: Record<string, 'default' | 'secondary' | 'destructive' | 'outline'> = { ok: 'default', failed: 'destructive', empty: 'destructive', refreshing: 'secondary', new: 'outline' };

/** The guide sources with their status and counts; admins add a URL source or remove one. */
export function GuideSources({ sources, canManage }: { sources: EpgSourceView[]; canManage: boolean }) {
  const router = useRouter();
  const [draft, setDraft] = useState({ name: '', url: '', priority: '10' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function add(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      await callApi('/api/epg/sources', { method: 'POST', body: { name: draft.name, url: draft.url, priority: Number(draft.priority) } });
      toast.success(`Guide source ${draft.name} added; its first download runs now.`);
      setDraft({ name: '', url: '', priority: '10' });
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fields);
      toast.error(describeApiError(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(source: EpgSourceView) {
    try {
      await callApi(`/api/epg/sources/${source.id}`, { method: 'DELETE' });
      toast.success(`Guide source ${source.name} removed`);
      router.refresh();
    } catch (err) {
      toast.error(describeApiError(err));
    }
  }

  return (
    <section className="grid gap-3" aria-labelledby="sources-heading">
      <h2 id="sources-heading" className="text-base font-semibold">
        Sources
      </h2>
      {/* The scrolling box is focusable (keyboard users scroll a wide table on a phone) and named by the heading. */}
      <div className="overflow-x-auto rounded-md border">
          <Table data-testid="epg-sources" regionLabelledBy="sources-heading">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Priority</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Last refresh</TableHead>
              <TableHead className="text-right">Channels</TableHead>
              <TableHead className="text-right">Programmes</TableHead>
              {canManage && <TableHead className="sr-only">Actions</TableHead>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {sources.map((s) => (
              <TableRow key={s.id} data-testid="epg-source-row">
                <TableCell>
                  <div className="font-medium">{s.name}</div>
                  <div className="max-w-72 truncate font-mono text-xs text-muted-foreground" title={s.url ?? undefined}>
                    {s.upstreamId ? "the provider's own guide" : s.url}
                  </div>
                </TableCell>
                <TableCell>{s.priority}</TableCell>
                <TableCell>
                  <Badge variant={STATUS_VARIANT[s.status] ?? 'outline'} data-testid="epg-source-status">
                    {s.status}
                  </Badge>
                  {s.error && <div className="max-w-72 text-xs text-destructive">{s.error}</div>}
                </TableCell>
                <TableCell>
                  <RelativeTime value={s.lastRefreshAt} />
                </TableCell>
                <TableCell className="text-right tabular-nums">{s.channels.toLocaleString()}</TableCell>
                <TableCell className="text-right tabular-nums">{s.programmes.toLocaleString()}</TableCell>
                {canManage && (
                  <TableCell className="text-right">
                    {!s.upstreamId && (
                      <Button size="icon-sm" variant="ghost" aria-label={`Remove ${s.name}`} onClick={() => void remove(s)}>
                        <Trash2Icon />
                      </Button>
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
          </Table>
      </div>
      {canManage && (
        <form className="grid gap-2 sm:grid-cols-[1fr_2fr_6rem_auto] sm:items-start" onSubmit={(e) => void add(e)} data-testid="epg-source-form">
          <Field label="Name" error={errors.name}>
            <Input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="My guide" />
          </Field>
          <Field label="XMLTV URL" error={errors.url}>
            <Input value={draft.url} onChange={(e) => setDraft({ ...draft, url: e.target.value })} placeholder="https://guide.example/epg.xml.gz" type="url" />
          </Field>
          <Field label="Priority" error={errors.priority}>
            <Input value={draft.priority} onChange={(e) => setDraft({ ...draft, priority: e.target.value })} type="number" min={0} max={1000} />
          </Field>
          <Button type="submit" disabled={busy} className="sm:mt-6">
            <PlusIcon /> Add source
          </Button>
        </form>
      )}
    </section>
  );
}

function Field({ label, error, children }: { label: string; error?: string; children: React.ReactNode }) {
  return (
    <label className="grid gap-1 text-sm">
      <span className="font-medium">{label}</span>
      {children}
      {error && <span className="text-xs text-destructive">{error}</span>}
    </label>
  );
}
