'use client';

import { useState } from 'react';
import { SearchIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import type { ResolveView } from '@/lib/routing/schemas';
import { ApiError, describeApiError } from '../api-client';
import { resolveRoute } from './resolve-route';
import { ModeBadge } from './rule-labels';

const KIND_LABEL = { live: 'Live channel', movie: 'Movie', series: 'Series', episode: 'Episode' } as const;

type State = { kind: 'idle' } | { kind: 'loading' } | { kind: 'done'; answer: ResolveView } | { kind: 'error'; message: string };

async function fetchResolve(publicId: string): Promise<ResolveView> {
  try {
    const answer = await resolveRoute(publicId);
    if (answer) return answer;
  } catch (err) {
    throw new Error(err instanceof ApiError && err.fields.publicId ? `Public id ${err.fields.publicId}.` : describeApiError(err));
  }
  throw new Error(`No item has public id ${publicId}.`);
}

/** "Test a stream": what the router would do now for one public id. */
export function ResolveBox() {
  const [publicId, setPublicId] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function resolve(event: React.FormEvent) {
    event.preventDefault();
    setState({ kind: 'loading' });
    try {
      setState({ kind: 'done', answer: await fetchResolve(publicId.trim()) });
    } catch (err) {
      setState({ kind: 'error', message: err instanceof Error ? err.message : 'Could not reach the server.' });
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Test a stream</CardTitle>
        <CardDescription>Enter a public id (the stream id players see) to see the mode and the sources, in failover order.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form onSubmit={resolve} className="flex gap-2">
          <Input
            aria-label="Public id"
            inputMode="numeric"
            placeholder="Public id, e.g. 1042"
            className="max-w-56"
            value={publicId}
            onChange={(e) => setPublicId(e.target.value)}
            data-testid="resolve-input"
          />
          <Button type="submit" variant="secondary" disabled={state.kind === 'loading' || publicId.trim() === ''} data-testid="resolve-button">
            <SearchIcon /> Test
          </Button>
        </form>
        {state.kind === 'error' && (
          <p role="alert" className="text-sm text-destructive" data-testid="resolve-error">
            {state.message}
          </p>
        )}
        {state.kind === 'done' && <ResolveResult answer={state.answer} />}
      </CardContent>
    </Card>
  );
}

function ResolveResult({ answer }: { answer: ResolveView }) {
  return (
    <div className="grid gap-3 rounded-md border p-3 text-sm" data-testid="resolve-result" data-mode={answer.mode} data-public-id={answer.item.publicId}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <ModeBadge mode={answer.mode} />
        <span className="min-w-0 font-medium break-words">{answer.item.name}</span>
        <span className="text-muted-foreground">
          {KIND_LABEL[answer.item.kind]} · {answer.item.source === 'local' ? 'local' : 'upstream'} · id {answer.item.publicId}
        </span>
      </div>
      <p data-testid="resolve-rule">
        <span className="text-muted-foreground">Rule: </span>
        {answer.rule ? `${answer.rule.name || 'Unnamed rule'} (priority ${answer.rule.priority})` : 'default'}
        {!answer.failover && <span className="text-muted-foreground"> · failover off</span>}
      </p>
      {!answer.playable ? (
        <p className="text-muted-foreground">A series is not played itself: test one of its episodes.</p>
      ) : answer.sources.length === 0 ? (
        <p className="text-muted-foreground">No source: the item has no URL, or its upstream is unavailable.</p>
      ) : (
        <ol className="grid gap-2">
          {answer.sources.map((s, i) => (
            <li key={`${s.upstreamId ?? 'local'}-${s.publicId}`} className="grid gap-0.5" data-testid="resolve-source">
              <span>
                <span className="text-muted-foreground">{i + 1}.</span> {s.upstreamName ?? 'Own URL'}
                {s.publicId !== answer.item.publicId && <span className="text-muted-foreground"> · copy, id {s.publicId}</span>}
              </span>
              <code className="font-mono text-xs break-all text-muted-foreground">{s.url}</code>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
