'use client';

import { useId, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { renamePreviewSchema, type CuratedType } from '@/lib/curation/schemas';
import { ApiError, callApi, describeApiError } from '../api-client';
import { CURATED_TYPES, TYPE_TABS } from './use-categories';
import { PlainForm } from '../form/plain-form';

const ANY = 'any';
type Draft = { pattern: string; replacement: string; scope: 'item' | 'category'; type: CuratedType | typeof ANY; upstreamId: string };
const EMPTY: Draft = { pattern: '', replacement: '', scope: 'item', type: ANY, upstreamId: ANY };

const bodyOf = (d: Draft) => ({
  pattern: d.pattern,
  replacement: d.replacement,
  scope: d.scope,
  type: d.type === ANY ? null : d.type,
  upstreamId: d.upstreamId === ANY ? null : d.upstreamId,
});

/** A new rename rule: preview the first 20 names it changes, then save it (at the end of the list). */
export function RenameRuleForm({ upstreams, nextPosition, onSaved }: { upstreams: { id: string; name: string }[]; nextPosition: number; onSaved: () => void }) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [preview, setPreview] = useState<{ for: string; rows: { before: string; after: string }[] } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify(bodyOf(draft));
  const previewed = preview?.for === key;
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  function validate(): boolean {
    const parsed = renamePreviewSchema.safeParse(bodyOf(draft));
    const found: Record<string, string> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) found[String(issue.path[0])] ??= issue.message;
    setErrors(found);
    return parsed.success;
  }

  async function run(path: string, body: unknown): Promise<unknown> {
    setBusy(true);
    try {
      return await callApi(path, { method: 'POST', body });
    } catch (err) {
      if (err instanceof ApiError) setErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k.split('.')[0], v])));
      toast.error(describeApiError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  async function showPreview() {
    if (!validate()) return;
    const rows = (await run('/api/rename-rules/preview', bodyOf(draft))) as { before: string; after: string }[] | undefined;
    if (rows) setPreview({ for: key, rows });
  }

  async function save() {
    if (!validate() || !previewed) return;
    const saved = await run('/api/rename-rules', { ...bodyOf(draft), position: nextPosition, enabled: true });
    if (saved === undefined) return;
    toast.success('Rename rule saved: players see the new names on their next list');
    setDraft(EMPTY);
    setPreview(null);
    onSaved();
  }

  const err = (name: string) =>
    errors[name] ? (
      <p id={`${id}-${name}-error`} className="text-sm text-destructive">
        {errors[name]}
      </p>
    ) : null;
  const described = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${name}-error` } : {});

  return (
    <PlainForm testId="rename-rule-form" onSubmit={() => void (previewed ? save() : showPreview())}>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid content-start gap-2">
          <Label htmlFor={`${id}-pattern`}>Pattern</Label>
          <Input id={`${id}-pattern`} name="pattern" value={draft.pattern} onChange={(e) => set({ pattern: e.target.value })} placeholder="^UK: " className="font-mono" autoComplete="off" spellCheck={false} {...described('pattern')} />
          <p className="text-xs text-muted-foreground">A regular expression; every match is replaced.</p>
          {err('pattern')}
        </div>
        <div className="grid content-start gap-2">
          <Label htmlFor={`${id}-replacement`}>Replacement</Label>
          <Input id={`${id}-replacement`} name="replacement" value={draft.replacement} onChange={(e) => set({ replacement: e.target.value })} placeholder="Empty removes the match" className="font-mono" autoComplete="off" spellCheck={false} {...described('replacement')} />
          <p className="text-xs text-muted-foreground">$1, $2… insert the pattern’s groups.</p>
          {err('replacement')}
        </div>
        <div className="grid content-start gap-2">
          <Label htmlFor={`${id}-scope`}>Renames</Label>
          <Select value={draft.scope} onValueChange={(v) => set({ scope: v === 'category' ? 'category' : 'item' })}>
            <SelectTrigger id={`${id}-scope`} className="w-full" data-testid="rule-scope">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="item">Channel, movie and series names</SelectItem>
              <SelectItem value="category">Category names</SelectItem>
            </SelectContent>
          </Select>
        </div>
        <div className="grid content-start gap-2">
          <Label htmlFor={`${id}-type`}>Type</Label>
          <Select value={draft.type} onValueChange={(v) => set({ type: CURATED_TYPES.find((t) => t === v) ?? ANY })}>
            <SelectTrigger id={`${id}-type`} className="w-full" data-testid="rule-type">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ANY}>Every type</SelectItem>
              {CURATED_TYPES.map((t) => (
                <SelectItem key={t} value={t}>
                  {TYPE_TABS[t]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <div className="grid content-start gap-2 sm:col-span-2">
          <Label htmlFor={`${id}-upstream`}>Upstream</Label>
          <Select value={draft.upstreamId} onValueChange={(v) => set({ upstreamId: v })}>
            <SelectTrigger id={`${id}-upstream`} className="w-full sm:w-1/2" data-testid="rule-upstream">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ANY}>Every upstream</SelectItem>
              {upstreams.map((u) => (
                <SelectItem key={u.id} value={u.id}>
                  {u.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          {err('upstreamId')}
        </div>
      </div>
      {preview && (
        <section className="grid gap-2" aria-label="Preview" data-testid="rename-preview" data-current={previewed || undefined}>
          <h3 className="text-sm font-medium">{previewed ? 'Preview: the first names it changes' : 'Preview of an earlier version: preview again'}</h3>
          {preview.rows.length === 0 ? (
            <p className="text-sm text-muted-foreground" data-testid="rename-preview-empty">
              No name changes: check the pattern.
            </p>
          ) : (
            <ul className="grid max-h-72 gap-1 overflow-y-auto rounded-md border p-2 text-sm" tabIndex={0} aria-label="Names before and after">
              {preview.rows.map((r) => (
                <li key={r.before} className="grid min-w-0 gap-x-2 sm:grid-cols-[1fr_auto_1fr]" data-testid="rename-preview-row">
                  <span className="truncate text-muted-foreground line-through" title={r.before}>
                    {r.before}
                  </span>
                  <span aria-hidden className="hidden text-muted-foreground sm:inline">
                    →
                  </span>
                  <span className="truncate font-medium" title={r.after} data-testid="rename-preview-after">
                    <span className="sr-only">becomes </span>
                    {r.after}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant="outline" disabled={busy} onClick={() => void showPreview()} data-testid="rename-preview-button">
          Preview
        </Button>
        <Button type="button" disabled={busy || !previewed} onClick={() => void save()} data-testid="rename-save" title={previewed ? undefined : 'Preview the rule first'}>
          Save rule
        </Button>
      </div>
    </PlainForm>
  );
}
