'use client';

import { useState } from 'react';
import { ArrowDownIcon, ArrowUpIcon, PencilIcon, SearchIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Skeleton } from '@/components/ui/skeleton';
import { Switch } from '@/components/ui/switch';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import type { AdminCategoryView, CategoryPatch, CuratedType } from '@/lib/curation/schemas';
import { cn } from '@/lib/utils';
import { callApi, describeApiError } from '../api-client';
import { moveBy, positionUpdates } from '../ordered/ordering';
import { CategoryRenameDialog } from './category-rename-dialog';
import { CURATED_TYPES, matchesSearch, TYPE_TABS, useCategories } from './use-categories';

const patchCategory = (id: number, body: CategoryPatch) => callApi(`/api/categories/${id}`, { method: 'PATCH', body }) as Promise<AdminCategoryView>;

/** Categories per type: the admin's name, hidden flag and order, next to the provider's name. */
export function CategoriesView({ canManage, upstreams }: { canManage: boolean; upstreams: { id: string; name: string }[] }) {
  const { state, reload } = useCategories();
  const [renaming, setRenaming] = useState<AdminCategoryView | null>(null);
  // The order just asked for, shown at once while its PATCHes run.
  const [pendingOrder, setPendingOrder] = useState<Partial<Record<CuratedType, AdminCategoryView[]>>>({});
  const [busy, setBusy] = useState(false);

  async function move(type: CuratedType, list: AdminCategoryView[], index: number, step: -1 | 1) {
    if (busy) return;
    const order = moveBy(list, index, step);
    const updates = positionUpdates(order, list.map((c) => c.id));
    if (updates.length === 0) return;
    setPendingOrder((p) => ({ ...p, [type]: order }));
    setBusy(true);
    try {
      for (const u of updates) await patchCategory(u.id, { position: u.position });
    } catch (err) {
      toast.error(describeApiError(err));
    }
    await reload();
    setPendingOrder((p) => ({ ...p, [type]: undefined }));
    setBusy(false);
  }

  async function setHidden(c: AdminCategoryView, hidden: boolean) {
    try {
      await patchCategory(c.id, { hidden });
      toast.success(hidden ? `${c.name} hidden from players` : `${c.name} shown to players`);
    } catch (err) {
      toast.error(describeApiError(err));
    }
    await reload();
  }

  async function rename(c: AdminCategoryView, name: string | null): Promise<string | null> {
    try {
      const saved = await patchCategory(c.id, { name });
      toast.success(name === null ? `Provider name “${saved.name}” restored` : `Category renamed to “${saved.name}”`);
    } catch (err) {
      return describeApiError(err);
    }
    await reload();
    return null;
  }

  return (
    <Tabs defaultValue="live" className="min-w-0">
      <TabsList aria-label="Category type">
        {CURATED_TYPES.map((t) => (
          <TabsTrigger key={t} value={t} data-testid={`categories-tab-${t}`}>
            {TYPE_TABS[t]}
          </TabsTrigger>
        ))}
      </TabsList>
      {CURATED_TYPES.map((t) => (
        <TabsContent key={t} value={t} className="min-w-0">
          {state.kind === 'loading' ? (
            <Skeleton className="h-48 w-full" />
          ) : state.kind === 'error' ? (
            <p role="alert" className="text-sm text-destructive">
              {state.message}
            </p>
          ) : (
            <TypeList
              type={t}
              list={pendingOrder[t] ?? state.byType[t]}
              canManage={canManage}
              upstreams={upstreams}
              busy={busy}
              onMove={(list, i, step) => void move(t, list, i, step)}
              onHidden={(c, h) => void setHidden(c, h)}
              onRename={setRenaming}
            />
          )}
        </TabsContent>
      ))}
      <CategoryRenameDialog category={renaming} onClose={() => setRenaming(null)} onSave={rename} />
    </Tabs>
  );
}

interface TypeListProps {
  type: CuratedType;
  list: AdminCategoryView[];
  canManage: boolean;
  upstreams: { id: string; name: string }[];
  /** An order change is being saved. */
  busy: boolean;
  onMove: (list: AdminCategoryView[], index: number, step: -1 | 1) => void;
  onHidden: (c: AdminCategoryView, hidden: boolean) => void;
  onRename: (c: AdminCategoryView) => void;
}

const ALL = 'all';
const LOCAL = 'local';

function TypeList({ type, list, canManage, upstreams, busy, onMove, onHidden, onRename }: TypeListProps) {
  const [q, setQ] = useState('');
  const [source, setSource] = useState(ALL);
  // Positions are per type across every upstream: the arrows work on the whole, unfiltered list.
  const searching = q.trim() !== '' || source !== ALL;
  const shown = list.filter(
    (c) =>
      (source === ALL || (source === LOCAL ? c.upstreamId === null : c.upstreamId === source)) &&
      (!q.trim() || matchesSearch(c.name, q) || matchesSearch(c.originalName, q)),
  );
  const label = TYPE_TABS[type].toLowerCase();
  return (
    <div className="grid min-w-0 gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <div className="relative w-full sm:w-72">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={`Search ${label} categories`} aria-label={`Search ${label} categories`} className="pl-8" data-testid={`categories-search-${type}`} />
        </div>
        {upstreams.length > 0 && (
          <div className="flex w-full items-center gap-2 sm:w-auto">
            <Label htmlFor={`categories-source-${type}`} className="sr-only">
              Upstream
            </Label>
            <Select value={source} onValueChange={setSource}>
              <SelectTrigger id={`categories-source-${type}`} className="w-full sm:w-56" data-testid={`categories-source-${type}`}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ALL}>All upstreams</SelectItem>
                {upstreams.map((u) => (
                  <SelectItem key={u.id} value={u.id}>
                    {u.name}
                  </SelectItem>
                ))}
                <SelectItem value={LOCAL}>Local</SelectItem>
              </SelectContent>
            </Select>
          </div>
        )}
        <p className="text-sm text-muted-foreground">
          {shown.length.toLocaleString('en-US')} {shown.length === 1 ? 'category' : 'categories'}
          {searching && canManage && ' · clear the search and filter to reorder'}
        </p>
      </div>
      {shown.length === 0 ? (
        <p className="rounded-md border border-dashed p-6 text-center text-sm text-muted-foreground">{list.length === 0 ? 'No categories of this type yet: sync an upstream.' : 'No category matches.'}</p>
      ) : (
        <Card className="py-0">
          <ul className="divide-y" aria-busy={busy} data-testid={`categories-list-${type}`} aria-label={`${TYPE_TABS[type]} categories in the order players see them`}>
            {shown.map((c) => {
              const index = list.indexOf(c);
              return (
                <li key={c.id} className={cn('flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1.5 px-3 py-2', c.hidden && 'bg-muted/40')} data-testid="category-row" data-category-id={c.id} data-name={c.name}>
                  {canManage && !searching && (
                    <span className="flex shrink-0">
                      <Button variant="ghost" size="icon-sm" className="aria-disabled:cursor-default aria-disabled:opacity-40" aria-label={`Move ${c.name} up`} aria-disabled={index === 0} onClick={() => index > 0 && onMove(list, index, -1)} data-testid="category-up">
                        <ArrowUpIcon />
                      </Button>
                      <Button variant="ghost" size="icon-sm" className="aria-disabled:cursor-default aria-disabled:opacity-40" aria-label={`Move ${c.name} down`} aria-disabled={index === list.length - 1} onClick={() => index < list.length - 1 && onMove(list, index, 1)} data-testid="category-down">
                        <ArrowDownIcon />
                      </Button>
                    </span>
                  )}
                  <div className="min-w-0 flex-1 basis-40">
                    <p className={cn('truncate text-sm font-medium', c.hidden && 'text-muted-foreground')} title={c.name} data-testid="category-name">
                      {c.name}
                    </p>
                    <p className="truncate text-xs text-muted-foreground">
                      {c.name !== c.originalName && <>Provider: {c.originalName} · </>}
                      {c.upstreamName ?? 'Local'} · {c.itemCount.toLocaleString('en-US')} {c.itemCount === 1 ? 'item' : 'items'}
                    </p>
                  </div>
                  <label className="flex shrink-0 items-center gap-2 text-sm text-muted-foreground">
                    <Switch checked={c.hidden} disabled={!canManage} onCheckedChange={(on) => onHidden(c, on)} aria-label={`Hide ${c.name}`} data-testid="category-hidden" />
                    Hidden
                  </label>
                  {canManage && (
                    <Button variant="ghost" size="icon-sm" aria-label={`Rename ${c.name}`} onClick={() => onRename(c)} data-testid="category-rename">
                      <PencilIcon />
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        </Card>
      )}
    </div>
  );
}
