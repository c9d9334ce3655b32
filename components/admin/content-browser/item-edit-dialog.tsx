'use client';

import { useId, useState, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { RotateCcwIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Switch } from '@/components/ui/switch';
import type { ContentItemView } from '@/lib/content-browser/schemas';
import { itemPatchSchema } from '@/lib/curation/schemas';
import { ApiError, callApi, describeApiError } from '../api-client';
import { draftOf, itemPatchOf, type ItemDraft, type Restorable } from './item-patch';
import { CategorySelectItems } from './category-select-items';
import { useTypeCategories } from './use-type-categories';

/** The admin's name, hidden flag, category, channel number, logo and guide id of one item, each restorable. */
export function ItemEditDialog({ item, onClose }: { item: ContentItemView | null; onClose: () => void }) {
  return (
    <Dialog open={item !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[92dvh] overflow-y-auto sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Edit {item?.name}</DialogTitle>
          <DialogDescription>What players see. A re-sync keeps it; “Restore” brings the provider’s value back.</DialogDescription>
        </DialogHeader>
        {item && <ItemForm key={item.publicId} item={item} onClose={onClose} />}
      </DialogContent>
    </Dialog>
  );
}

const LABEL: Record<Restorable, string> = { name: 'name', categoryId: 'category', channelNumber: 'channel number', logo: 'logo', epgChannelId: 'EPG id' };

function ItemForm({ item, onClose }: { item: ContentItemView; onClose: () => void }) {
  const router = useRouter();
  const id = useId();
  const [draft, setDraft] = useState<ItemDraft>(() => draftOf(item));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const categories = useTypeCategories(item.type);
  const set = (patch: Partial<ItemDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const restoring = (f: Restorable) => draft.restore.includes(f);
  const toggleRestore = (f: Restorable) => set({ restore: restoring(f) ? draft.restore.filter((x) => x !== f) : [...draft.restore, f] });

  async function save(event: React.FormEvent) {
    event.preventDefault();
    const body = itemPatchOf(item, draft);
    const parsed = itemPatchSchema.safeParse(body);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    if (Object.keys(body).length === 0) return onClose();
    setBusy(true);
    try {
      await callApi(`/api/content/${item.publicId}`, { method: 'PATCH', body });
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fields);
      toast.error(describeApiError(err));
      setBusy(false);
      return;
    }
    setBusy(false);
    toast.success(`${draft.restore.includes('name') ? item.originalName : draft.name.trim() || item.name} saved`);
    onClose();
    router.refresh();
  }

  const row = (f: Restorable, label: string, control: (props: { id: string; disabled: boolean; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode, hint?: ReactNode) => {
    const err = errors[f];
    return (
      <div className="grid gap-2">
        <div className="flex items-center justify-between gap-2">
          <Label htmlFor={`${id}-${f}`}>{label}</Label>
          <Button type="button" variant="ghost" size="sm" className="h-7 px-2 text-xs" aria-pressed={restoring(f)} onClick={() => toggleRestore(f)} data-testid={`restore-${f}`}>
            <RotateCcwIcon aria-hidden /> {restoring(f) ? 'Keep mine' : `Restore provider ${LABEL[f]}`}
          </Button>
        </div>
        {control({ id: `${id}-${f}`, disabled: restoring(f), ...(err ? { 'aria-invalid': true, 'aria-describedby': `${id}-${f}-error` } : {}) })}
        {restoring(f) ? <p className="text-xs text-muted-foreground">The provider’s {LABEL[f]} comes back on save.</p> : hint}
        {err && (
          <p id={`${id}-${f}-error`} className="text-sm text-destructive">
            {err}
          </p>
        )}
      </div>
    );
  };

  return (
    <form noValidate onSubmit={save} className="grid gap-4" data-testid="item-form">
      {row('name', 'Name', (p) => <Input {...p} name="name" value={draft.name} onChange={(e) => set({ name: e.target.value })} autoComplete="off" />, <p className="text-xs text-muted-foreground">Provider: {item.originalName}</p>)}
      <div className="flex items-center justify-between gap-4 rounded-md border px-3 py-2.5">
        <div className="grid gap-1">
          <Label htmlFor={`${id}-hidden`}>Hidden</Label>
          <p className="text-xs text-muted-foreground">Out of every player list; the public id stays.</p>
        </div>
        <Switch id={`${id}-hidden`} checked={draft.hidden} onCheckedChange={(hidden) => set({ hidden })} data-testid="item-hidden" />
      </div>
      {row('categoryId', 'Category', (p) => (
        <Select value={draft.categoryId === null ? undefined : String(draft.categoryId)} onValueChange={(v) => set({ categoryId: Number(v) })} disabled={p.disabled}>
          <SelectTrigger id={p.id} className="w-full" aria-invalid={p['aria-invalid']} aria-describedby={p['aria-describedby']} data-testid="item-category">
            <SelectValue placeholder={categories === null ? 'Loading…' : 'Uncategorized'} />
          </SelectTrigger>
          <SelectContent>
            <CategorySelectItems categories={categories} />
          </SelectContent>
        </Select>
      ))}
      {item.type === 'live' &&
        row('channelNumber', 'Channel number', (p) => (
          <Input {...p} name="channelNumber" type="number" inputMode="numeric" min={1} step={1} value={draft.channelNumber} onChange={(e) => set({ channelNumber: e.target.value })} placeholder="Automatic" />
        ))}
      {row('logo', 'Logo URL', (p) => <Input {...p} name="logo" type="url" value={draft.logo} onChange={(e) => set({ logo: e.target.value })} placeholder="https://…" autoComplete="off" />)}
      {item.type === 'live' &&
        row('epgChannelId', 'EPG id', (p) => <Input {...p} name="epgChannelId" value={draft.epgChannelId} onChange={(e) => set({ epgChannelId: e.target.value })} autoComplete="off" spellCheck={false} className="font-mono" />)}
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={busy} data-testid="item-submit">
          {busy ? 'Saving…' : 'Save'}
        </Button>
      </DialogFooter>
    </form>
  );
}
