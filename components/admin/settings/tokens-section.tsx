'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { CopyIcon, KeyRoundIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@/components/ui/table';
import type { TokenView } from '@/lib/api-tokens/schemas';
import { ApiError, callApi, describeApiError } from '../api-client';
import { DateTime, dateInputToIso } from '../date-time';
import { TableHeadRow } from '../table-head-row';
import { LabelledChoice, LabelledField } from './labelled-field';

/** API tokens: made here, shown once, used as `Authorization: Bearer` by scripts; revocable. */
export function TokensSection({ tokens }: { tokens: TokenView[] }) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [role, setRole] = useState<'admin' | 'viewer'>('viewer');
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [shown, setShown] = useState<string | null>(null);

  async function create() {
    setErrors({});
    try {
      const made = (await callApi('/api/tokens', { method: 'POST', body: { name, role, expiresAt: expires ? dateInputToIso(expires) : null } })) as { token: string };
      setShown(made.token);
      setName('');
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fields);
      toast.error(describeApiError(err));
    }
  }

  async function revoke(t: TokenView) {
    try {
      await callApi(`/api/tokens/${t.id}`, { method: 'DELETE' });
      toast.success(`Token “${t.name}” revoked`);
      router.refresh();
    } catch (err) {
      toast.error(describeApiError(err));
    }
  }

  return (
    <Card data-testid="tokens-section">
      <CardHeader>
        <CardTitle>API tokens</CardTitle>
        <CardDescription>For scripts: send <code>Authorization: Bearer &lt;token&gt;</code> to any admin API route. The token is shown once; the audit log names it.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="grid items-end gap-2 sm:grid-cols-[1fr_8rem_10rem_auto]">
          <LabelledField id="token-name" label="Name">
            <Input id="token-name" data-testid="token-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="backup cron" aria-invalid={Boolean(errors.name)} />
          </LabelledField>
          <LabelledChoice id="token-role" label="Role" value={role} onChange={setRole} choices={[['viewer', 'Viewer'], ['admin', 'Admin']]} />
          <LabelledField id="token-expires" label="Expires (optional)">
            <Input id="token-expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} aria-invalid={Boolean(errors.expiresAt)} />
          </LabelledField>
          <Button type="button" data-testid="create-token" onClick={() => void create()}>
            <KeyRoundIcon /> Create token
          </Button>
        </div>
        {(errors.name || errors.expiresAt) && <p className="text-xs text-destructive">{errors.name ?? errors.expiresAt}</p>}
        {shown && (
          <div className="flex flex-wrap items-center gap-2 rounded-md border border-amber-500/40 bg-amber-500/10 p-3 text-sm" data-testid="new-token">
            <span>Copy it now; it is not shown again:</span>
            <code className="break-all">{shown}</code>
            <Button type="button" size="sm" variant="outline" onClick={() => void navigator.clipboard?.writeText(shown).then(() => toast.success('Copied'))}>
              <CopyIcon /> Copy
            </Button>
          </div>
        )}
        {tokens.length === 0 ? (
          <p className="text-sm text-muted-foreground">No tokens yet.</p>
        ) : (
          <Table data-testid="tokens-table">
            <TableHeadRow labels={['Name', 'Role', 'State', 'Expires', 'Last used']}>
              <TableHead className="w-0" />
            </TableHeadRow>
            <TableBody>
              {tokens.map((t) => (
                <TableRow key={t.id} data-testid="token-row">
                  <TableCell className="font-medium">{t.name}</TableCell>
                  <TableCell>{t.role}</TableCell>
                  <TableCell>
                    <Badge variant={t.state === 'active' ? 'default' : 'secondary'}>{t.state}</Badge>
                  </TableCell>
                  <TableCell>
                    <DateTime value={t.expiresAt} fallback="Never" />
                  </TableCell>
                  <TableCell>
                    <DateTime value={t.lastUsedAt} fallback="Never" />
                  </TableCell>
                  <TableCell>
                    {t.state === 'active' && (
                      <Button type="button" size="sm" variant="outline" data-testid="revoke-token" onClick={() => void revoke(t)}>
                        Revoke
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
