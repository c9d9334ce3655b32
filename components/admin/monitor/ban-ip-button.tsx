'use client';

import { useId, useState } from 'react';
import { BanIcon } from 'lucide-react';
import { toast } from 'sonner';
import { ApiError, callApi, describeApiError } from '@/components/admin/api-client';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

/** The account's id: given (a viewer row knows it), or found by its exact username (a logged request). */
async function lineIdOf(lineId: string | undefined, username: string): Promise<string | null> {
  if (lineId) return lineId;
  const list = (await callApi(`/api/lines?${new URLSearchParams({ q: username, pageSize: '100' })}`)) as { items: { id: string; username: string }[] };
  return list.items.find((l) => l.username === username)?.id ?? null;
}

/**
 * "Ban IP": bans the client address for this one account (POST /api/lines/{id}/bans), after a
 * confirmation that takes an optional reason. Its streams from there stop at once.
 */
export function BanIpButton({ lineId, line, ip, onBanned, size = 'sm' }: { lineId?: string; line: string; ip: string; onBanned?: () => void; size?: 'sm' | 'default' }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonId = useId();

  const ban = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const id = await lineIdOf(lineId, line);
      if (!id) throw new ApiError(404, 'not_found', `There is no account ${line} any more`);
      const answer = (await callApi(`/api/lines/${encodeURIComponent(id)}/bans`, { method: 'POST', body: { ip, ...(reason.trim() ? { reason: reason.trim() } : {}) } })) as { stoppedViewers?: number };
      const stopped = answer.stoppedViewers ? `; ${answer.stoppedViewers === 1 ? '1 stream' : `${answer.stoppedViewers} streams`} stopped` : '';
      toast.success(`${ip} banned for ${line}${stopped}`);
      setOpen(false);
      setReason('');
      onBanned?.();
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : {};
      setError(fields.reason ?? fields.ip ?? describeApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button type="button" size={size} variant="outline" onClick={() => setOpen(true)} aria-label={`Ban IP ${ip} for ${line}`} data-testid="ban-ip">
        <BanIcon aria-hidden className="size-3.5" />
        Ban IP
      </Button>
      <Dialog open={open} onOpenChange={(next) => !busy && setOpen(next)}>
        <DialogContent className="sm:max-w-md" data-testid="ban-ip-dialog">
          <form onSubmit={ban} className="grid gap-4">
            <DialogHeader>
              <DialogTitle>
                Ban {ip} for {line}?
              </DialogTitle>
              <DialogDescription>
                Requests of this account from this address are refused as for a banned account, and its streams from there stop now.
                Other accounts at this address and this account elsewhere keep working. Remove the ban on the Player accounts page.
              </DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor={reasonId}>Reason (optional)</Label>
              <Input
                id={reasonId}
                value={reason}
                maxLength={200}
                onChange={(e) => setReason(e.target.value)}
                placeholder="e.g. login shared outside the household"
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${reasonId}-error` : undefined}
                data-testid="ban-ip-reason"
              />
              {error && (
                <p id={`${reasonId}-error`} role="alert" className="text-sm text-destructive">
                  {error}
                </p>
              )}
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" variant="destructive" disabled={busy} data-testid="ban-ip-confirm">
                {busy ? 'Banning…' : 'Ban IP'}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
