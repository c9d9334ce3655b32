'use client';

import { useCallback, useEffect, useId, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Trash2Icon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import type { LineIpBanView, LineView } from '@/lib/lines/schemas';
import { ApiError, callApi, describeApiError } from '../api-client';
import { RelativeTime } from '../date-time';

/** The client IPs banned for one account: the list with "Remove", and a form to add one (admins). */
export function LineBansDialog({ line, onOpenChange }: { line: LineView | null; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={line !== null} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-lg" data-testid="line-bans">
        <DialogHeader>
          <DialogTitle>Banned IPs of {line?.username ?? ''}</DialogTitle>
          <DialogDescription>
            Requests of this account from a banned address are refused as for a banned account; its streams from there stop when the
            ban is added. Other accounts at that address are not affected.
          </DialogDescription>
        </DialogHeader>
        {line && <BansEditor key={line.id} line={line} />}
        <DialogFooter>
          <Button type="button" onClick={() => onOpenChange(false)}>
            Done
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function BansEditor({ line }: { line: LineView }) {
  const router = useRouter();
  const [bans, setBans] = useState<LineIpBanView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [ip, setIp] = useState(line.lastIp ?? '');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const ipId = useId();
  const reasonId = useId();
  const path = `/api/lines/${encodeURIComponent(line.id)}/bans`;

  const fetchBans = useCallback(() => callApi(path).then((body) => (body as { items: LineIpBanView[] }).items), [path]);
  const load = async () => {
    try {
      setBans(await fetchBans());
      setLoadError(null);
    } catch (err) {
      setLoadError(describeApiError(err));
    }
  };
  useEffect(() => {
    let cancelled = false;
    fetchBans().then(
      (items) => !cancelled && setBans(items),
      (err: unknown) => !cancelled && setLoadError(describeApiError(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [fetchBans]);

  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const answer = (await callApi(path, { method: 'POST', body: { ip, ...(reason.trim() ? { reason: reason.trim() } : {}) } })) as LineIpBanView & { stoppedViewers: number };
      toast.success(`${answer.ip} banned for ${line.username}${answer.stoppedViewers ? `; ${answer.stoppedViewers === 1 ? '1 stream' : `${answer.stoppedViewers} streams`} stopped` : ''}`);
      setIp('');
      setReason('');
      await load();
      router.refresh();
    } catch (err) {
      setErrors(err instanceof ApiError && Object.keys(err.fields).length ? err.fields : { ip: describeApiError(err) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (ban: LineIpBanView) => {
    try {
      await callApi(`${path}/${encodeURIComponent(ban.id)}`, { method: 'DELETE' });
      toast.success(`Ban of ${ban.ip} removed`);
    } catch (err) {
      toast.error(describeApiError(err));
    }
    await load();
    router.refresh();
  };

  return (
    <div className="grid gap-4">
      {loadError ? (
        <p role="alert" className="text-sm text-destructive">
          {loadError}
        </p>
      ) : bans === null ? (
        <p className="text-sm text-muted-foreground">Loading…</p>
      ) : bans.length === 0 ? (
        <p className="text-sm text-muted-foreground" data-testid="line-bans-empty">
          No IP is banned for this account.
        </p>
      ) : (
        <ul className="grid gap-2" aria-label={`Banned IPs of ${line.username}`}>
          {bans.map((ban) => (
            <li key={ban.id} className="flex items-start justify-between gap-3 rounded-md border px-3 py-2 text-sm" data-testid="line-ban" data-ip={ban.ip}>
              <div className="min-w-0">
                <div className="font-mono break-all">{ban.ip}</div>
                {ban.reason && <div className="break-words text-muted-foreground">{ban.reason}</div>}
                <div className="text-xs text-muted-foreground">
                  {ban.createdBy ? `by ${ban.createdBy}, ` : ''}
                  <RelativeTime value={ban.createdAt} />
                </div>
              </div>
              <Button type="button" size="sm" variant="outline" onClick={() => void remove(ban)} aria-label={`Remove the ban of ${ban.ip}`} data-testid="line-ban-remove">
                <Trash2Icon aria-hidden className="size-3.5" />
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} className="grid gap-3 rounded-md border p-3" data-testid="line-ban-form" noValidate>
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="grid gap-1.5">
            <Label htmlFor={ipId}>IP address</Label>
            <Input
              id={ipId}
              name="ip"
              value={ip}
              onChange={(e) => setIp(e.target.value)}
              placeholder="203.0.113.7 or 2001:db8::7"
              autoComplete="off"
              spellCheck={false}
              className="font-mono"
              aria-invalid={errors.ip ? true : undefined}
              aria-describedby={errors.ip ? `${ipId}-error` : undefined}
            />
            {errors.ip && (
              <p id={`${ipId}-error`} className="text-sm text-destructive">
                {errors.ip}
              </p>
            )}
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor={reasonId}>Reason (optional)</Label>
            <Input
              id={reasonId}
              name="reason"
              value={reason}
              maxLength={200}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={errors.reason ? `${reasonId}-error` : undefined}
            />
            {errors.reason && (
              <p id={`${reasonId}-error`} className="text-sm text-destructive">
                {errors.reason}
              </p>
            )}
          </div>
        </div>
        <Button type="submit" variant="destructive" className="w-fit" disabled={busy} data-testid="line-ban-submit">
          {busy ? 'Banning…' : 'Ban IP'}
        </Button>
      </form>
    </div>
  );
}
