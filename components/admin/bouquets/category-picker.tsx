'use client';

import { useId, useState } from 'react';
import { SearchIcon } from 'lucide-react';
import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Skeleton } from '@/components/ui/skeleton';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import type { AdminCategoryView, CuratedType } from '@/lib/curation/schemas';
import { CURATED_TYPES, matchesSearch, TYPE_TABS, type CategoriesState } from '../categories/use-categories';
import { OrderedList } from '../ordered/ordered-list';
import { moveTo, toggleIn } from '../ordered/ordering';

export type PickedCategories = Record<CuratedType, number[]>;

interface CategoryPickerProps {
  categories: CategoriesState;
  value: PickedCategories;
  onChange: (value: PickedCategories) => void;
}

/** Tick categories per type (with search and item counts), then order the ticked ones. */
export function CategoryPicker({ categories, value, onChange }: CategoryPickerProps) {
  return (
    <Tabs defaultValue="live" className="min-w-0">
      <TabsList className="w-full sm:w-fit" aria-label="Category type">
        {CURATED_TYPES.map((t) => (
          <TabsTrigger key={t} value={t} data-testid={`bouquet-tab-${t}`}>
            {TYPE_TABS[t]}
            {value[t].length > 0 && <span className="text-xs text-muted-foreground tabular-nums">({value[t].length})</span>}
          </TabsTrigger>
        ))}
      </TabsList>
      {CURATED_TYPES.map((t) => (
        <TabsContent key={t} value={t} className="min-w-0">
          {categories.kind === 'loading' ? (
            <Skeleton className="h-40 w-full" />
          ) : categories.kind === 'error' ? (
            <p role="alert" className="text-sm text-destructive">
              {categories.message}
            </p>
          ) : (
            <TypePanel type={t} all={categories.byType[t]} picked={value[t]} onPicked={(ids) => onChange({ ...value, [t]: ids })} />
          )}
        </TabsContent>
      ))}
    </Tabs>
  );
}

function TypePanel({ type, all, picked, onPicked }: { type: CuratedType; all: AdminCategoryView[]; picked: number[]; onPicked: (ids: number[]) => void }) {
  const id = useId();
  const [q, setQ] = useState('');
  const shown = q.trim() ? all.filter((c) => matchesSearch(c.name, q) || matchesSearch(c.originalName, q)) : all;
  const byId = new Map(all.map((c) => [c.id, c]));
  const label = (c: AdminCategoryView) => (c.upstreamName ? `${c.name} · ${c.upstreamName}` : c.name);
  return (
    <div className="grid min-w-0 gap-3 md:grid-cols-2">
      <div className="grid min-w-0 content-start gap-2">
        <div className="relative">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={`Search ${TYPE_TABS[type].toLowerCase()} categories`}
            aria-label={`Search ${TYPE_TABS[type].toLowerCase()} categories`}
            className="pl-8"
            data-testid={`bouquet-search-${type}`}
          />
        </div>
        <div className="max-h-64 min-h-24 overflow-y-auto rounded-md border p-1" role="group" aria-label={`${TYPE_TABS[type]} categories`} data-testid={`bouquet-categories-${type}`}>
          {shown.length === 0 ? (
            <p className="p-2 text-sm text-muted-foreground">{all.length === 0 ? 'No categories of this type yet.' : 'No category matches.'}</p>
          ) : (
            shown.map((c) => (
              <div key={c.id} className="flex items-center gap-2 rounded px-2 py-1.5 hover:bg-muted/60" data-testid="bouquet-category" data-category-id={c.id}>
                <Checkbox id={`${id}-${c.id}`} checked={picked.includes(c.id)} onCheckedChange={(on) => onPicked(toggleIn(picked, c.id, on === true))} />
                <Label htmlFor={`${id}-${c.id}`} className="min-w-0 flex-1 truncate font-normal" title={label(c)}>
                  {label(c)}
                  {c.hidden && <span className="ml-1 text-xs text-muted-foreground">(hidden)</span>}
                </Label>
                <span className="shrink-0 text-xs text-muted-foreground tabular-nums" aria-label={`${c.itemCount} items`}>
                  {c.itemCount.toLocaleString('en-US')}
                </span>
              </div>
            ))
          )}
        </div>
      </div>
      <div className="grid min-w-0 content-start gap-2">
        <p className="text-sm font-medium">In this bouquet, in order</p>
        {picked.length === 0 ? (
          <p className="rounded-md border border-dashed p-3 text-sm text-muted-foreground">None: tick categories to add them. Drag them, or use the arrows, to order them.</p>
        ) : (
          <OrderedList
            testId={`bouquet-order-${type}`}
            label={`${TYPE_TABS[type]} categories in this bouquet`}
            entries={picked.map((cid) => {
              const c = byId.get(cid);
              return { key: String(cid), name: c ? c.name : `Category ${cid}`, label: c ? label(c) : `Category ${cid} (removed)` };
            })}
            onMove={(from, to) => onPicked(moveTo(picked, from, to))}
            onRemove={(index) => onPicked(picked.filter((_, i) => i !== index))}
            className="max-h-64 overflow-y-auto"
          />
        )}
      </div>
    </div>
  );
}
