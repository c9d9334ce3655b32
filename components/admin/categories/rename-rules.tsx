'use client';

import { useCallback, useEffect, useState } from 'react';
import { Trash2Icon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import type { RenameRuleView } from '@/lib/curation/schemas';
import { callApi, describeApiError } from '../api-client';
import { ConfirmDeleteDialog } from '../confirm-delete-dialog';
import { RenameRuleForm } from './rename-rule-form';
import { TYPE_TABS } from './use-categories';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; rules: RenameRuleView[] };

async function loadRules(): Promise<State> {
  try {
    const answer = (await callApi('/api/rename-rules?pageSize=500')) as { items: RenameRuleView[] };
    return { kind: 'done', rules: answer.items };
  } catch (err) {
    return { kind: 'error', message: describeApiError(err) };
  }
}

/** Rename rules, applied in order to the provider's names: the list, a new one with its preview, delete. */
export function RenameRules({ canManage, upstreams, onChanged }: { canManage: boolean; upstreams: { id: string; name: string }[]; onChanged: () => void }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [deleting, setDeleting] = useState<RenameRuleView | null>(null);
  const reload = useCallback(async () => {
    setState(await loadRules());
    onChanged();
  }, [onChanged]);
  useEffect(() => {
    let live = true;
    void loadRules().then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, []);
  const upstreamName = (id: string | null) => (id ? (upstreams.find((u) => u.id === id)?.name ?? 'removed upstream') : 'every upstream');
  const rules = state.kind === 'done' ? state.rules : [];

  return (
    <Card data-testid="rename-rules">
      <CardHeader>
        <CardTitle className="text-base">
          <h2>Rename rules</h2>
        </CardTitle>
        <CardDescription>Clean up the provider’s names (“UK: ”, “|HD|”, country prefixes) for every player, in this order. A name you set by hand wins over them.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        {state.kind === 'loading' && <Skeleton className="h-16 w-full" />}
        {state.kind === 'error' && (
          <p role="alert" className="text-sm text-destructive">
            {state.message}
          </p>
        )}
        {state.kind === 'done' &&
          (rules.length === 0 ? (
            <p className="text-sm text-muted-foreground">No rules: players see the provider’s names.</p>
          ) : (
            <ol className="grid gap-2" data-testid="rename-rule-list">
              {rules.map((r, i) => (
                <li key={r.id} className="flex min-w-0 flex-wrap items-center gap-2 rounded-md border px-3 py-2 text-sm" data-testid="rename-rule" data-pattern={r.pattern}>
                  <span className="text-xs text-muted-foreground tabular-nums">{i + 1}.</span>
                  <code className="max-w-full truncate rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{r.pattern}</code>
                  <span aria-hidden>→</span>
                  <span className="sr-only">replaced with</span>
                  <code className="max-w-full truncate rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{r.replacement || '(nothing)'}</code>
                  <span className="min-w-0 flex-1 text-xs text-muted-foreground">
                    {r.scope === 'category' ? 'category names' : 'item names'} · {r.type ? TYPE_TABS[r.type] : 'every type'} · {upstreamName(r.upstreamId)}
                  </span>
                  {!r.enabled && <Badge variant="muted">Off</Badge>}
                  {canManage && (
                    <Button variant="ghost" size="icon-sm" aria-label={`Delete rule ${r.pattern}`} onClick={() => setDeleting(r)} data-testid="delete-rename-rule">
                      <Trash2Icon />
                    </Button>
                  )}
                </li>
              ))}
            </ol>
          ))}
        {canManage && state.kind === 'done' && (
          <section className="grid gap-3 border-t pt-4" aria-label="New rename rule">
            <h3 className="text-sm font-semibold">New rule</h3>
            <RenameRuleForm upstreams={upstreams} nextPosition={rules.reduce((m, r) => Math.max(m, r.position + 1), 0)} onSaved={() => void reload()} />
          </section>
        )}
        {canManage && (
          <ConfirmDeleteDialog
            open={deleting !== null}
            onOpenChange={(open) => !open && setDeleting(null)}
            title="Delete this rename rule?"
            description={`Names it changed (${deleting?.pattern ?? ''}) go back to the provider’s on the players’ next list.`}
            path={`/api/rename-rules/${encodeURIComponent(deleting?.id ?? '')}`}
            confirmLabel="Delete rule"
            successMessage="Rename rule deleted"
            onDeleted={() => void reload()}
          />
        )}
      </CardContent>
    </Card>
  );
}
