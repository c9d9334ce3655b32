'use client';

import { useId, useState } from 'react';
import { useRouter } from 'next/navigation';
import { EyeIcon, EyeOffIcon, XIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import type { ContentItemView } from '@/lib/content-browser/schemas';
import type { BouquetView, ItemPatch } from '@/lib/curation/schemas';
import { callApi, describeApiError } from '../api-client';
import { CategorySelectItems } from './category-select-items';
import { useTypeCategories } from './use-type-categories';

interface BulkBarProps {
  selected: ContentItemView[];
  bouquets: { id: string; name: string }[];
  onClear: () => void;
}

/** Actions on the ticked rows: hide, unhide, move to a category (one type at a time), add to a bouquet. */
export function BulkBar({ selected, bouquets, onClear }: BulkBarProps) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const id = useId();
  const types = [...new Set(selected.map((i) => i.type))];
  const oneType = types.length === 1 ? types[0] : null;
  const categories = useTypeCategories(oneType);
  const count = selected.length === 1 ? '1 item' : `${selected.length} items`;

  async function run(what: string, work: () => Promise<void>) {
    setBusy(true);
    try {
      await work();
      toast.success(`${count} ${what}`);
      onClear();
    } catch (err) {
      toast.error(describeApiError(err));
    }
    setBusy(false);
    router.refresh();
  }

  const patchAll = async (body: ItemPatch) => {
    for (const item of selected) await callApi(`/api/content/${item.publicId}`, { method: 'PATCH', body });
  };

  const addToBouquet = (id: string) =>
    run(`added to ${bouquets.find((b) => b.id === id)?.name ?? 'the bouquet'}`, async () => {
      const bouquet = (await callApi(`/api/bouquets/${encodeURIComponent(id)}`)) as BouquetView;
      const ids = selected.map((i) => i.publicId);
      await callApi(`/api/bouquets/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: { addItems: [...new Set([...bouquet.addItems, ...ids])], removeItems: bouquet.removeItems.filter((r) => !ids.includes(r)) },
      });
    });

  return (
    <div role="region" aria-label="Selected items" className="flex flex-wrap items-center gap-2 rounded-lg border bg-card p-2 shadow-xs" data-testid="bulk-bar">
      <p className="px-1 text-sm font-medium" aria-live="polite" data-testid="bulk-count">
        {count} selected
      </p>
      <Button size="sm" variant="outline" disabled={busy} onClick={() => void run('hidden', () => patchAll({ hidden: true }))} data-testid="bulk-hide">
        <EyeOffIcon /> Hide
      </Button>
      <Button size="sm" variant="outline" disabled={busy} onClick={() => void run('shown to players', () => patchAll({ hidden: false }))} data-testid="bulk-unhide">
        <EyeIcon /> Unhide
      </Button>
      <Label htmlFor={`${id}-move`} className="sr-only">
        Move to category
      </Label>
      <Select value="" onValueChange={(v) => void run('moved', () => patchAll({ categoryId: Number(v) }))} disabled={busy || !oneType}>
        <SelectTrigger id={`${id}-move`} size="sm" className="w-44" data-testid="bulk-move">
          <SelectValue placeholder={oneType ? 'Move to…' : 'Move: one type only'} />
        </SelectTrigger>
        <SelectContent>
          <CategorySelectItems categories={categories} />
        </SelectContent>
      </Select>
      <Label htmlFor={`${id}-bouquet`} className="sr-only">
        Add to bouquet
      </Label>
      <Select value="" onValueChange={(v) => void addToBouquet(v)} disabled={busy || bouquets.length === 0}>
        <SelectTrigger id={`${id}-bouquet`} size="sm" className="w-44" data-testid="bulk-bouquet">
          <SelectValue placeholder={bouquets.length ? 'Add to bouquet…' : 'No bouquets yet'} />
        </SelectTrigger>
        <SelectContent>
          {bouquets.map((b) => (
            <SelectItem key={b.id} value={b.id}>
              {b.name}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <Button size="icon-sm" variant="ghost" className="ml-auto" aria-label="Clear the selection" onClick={onClear} data-testid="bulk-clear">
        <XIcon />
      </Button>
    </div>
  );
}
