'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { PlusIcon, SendIcon, Trash2Icon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import type { PanelSettings } from '@/lib/settings/schema';
import { ApiError, callApi, describeApiError } from '../api-client';
import { NativeSelect } from './native-select';

type Webhook = PanelSettings['notifications']['webhooks'][number];

function NumberField({ id, label, hint, value, onChange, error, disabled, nullable }: {
  id: string;
  label: string;
  hint: string;
  value: number | null;
  onChange: (v: number | null) => void;
  error?: string;
  disabled: boolean;
  nullable?: boolean;
}) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        data-testid={`setting-${id}`}
        type="number"
        inputMode="numeric"
        value={value ?? ''}
        placeholder={nullable ? 'default' : undefined}
        disabled={disabled}
        aria-invalid={Boolean(error)}
        onChange={(e) => onChange(e.target.value === '' ? (nullable ? null : 0) : Number(e.target.value))}
      />
      <p className={error ? 'text-xs text-destructive' : 'text-xs text-muted-foreground'}>{error ?? hint}</p>
    </div>
  );
}

/** The panel's run-time settings; saved with PATCH /api/settings, applied at once on every replica. */
export function SettingsForm({ initial, canEdit }: { initial: PanelSettings; canEdit: boolean }) {
  const router = useRouter();
  const [s, setS] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof PanelSettings>(k: K, v: PanelSettings[K]) => setS((prev) => ({ ...prev, [k]: v }));
  const setN = <K extends keyof PanelSettings['notifications']>(k: K, v: PanelSettings['notifications'][K]) => setS((prev) => ({ ...prev, notifications: { ...prev.notifications, [k]: v } }));
  const setHook = (i: number, patch: Partial<Webhook>) => setN('webhooks', s.notifications.webhooks.map((w, j) => (j === i ? { ...w, ...patch } : w)));

  async function save() {
    setSaving(true);
    setErrors({});
    try {
      await callApi('/api/settings', { method: 'PATCH', body: s });
      toast.success('Settings saved; they apply now');
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fields);
      toast.error(describeApiError(err));
    } finally {
      setSaving(false);
    }
  }

  async function sendTest(webhookId: string) {
    try {
      const res = (await callApi('/api/notifications/test', { method: 'POST', body: { webhookId } })) as { deliveries: { ok: boolean; status?: number; error?: string }[] };
      const d = res.deliveries[0];
      if (d?.ok) toast.success('Test notification delivered');
      else toast.error(`The webhook did not take it (${d?.status ?? d?.error ?? 'no answer'})`);
    } catch (err) {
      toast.error(err instanceof ApiError && err.status === 404 ? 'Save the webhook first' : describeApiError(err));
    }
  }

  const off = !canEdit;
  return (
    <div className="grid gap-4" data-testid="settings-form">
      <Card>
        <CardHeader>
          <CardTitle>Sync, streams and logs</CardTitle>
          <CardDescription>Changes apply without a restart, on every replica.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <NumberField id="syncIntervalHours" label="Sync schedule (hours)" hint="Longest time between syncs of an upstream; 0 turns scheduled syncs off." value={s.syncIntervalHours} onChange={(v) => set('syncIntervalHours', v ?? 0)} error={errors.syncIntervalHours} disabled={off} />
          <NumberField id="liveLingerMs" label="Live linger (ms)" hint="How long a channel stays open after its last viewer leaves; empty = the LIVE_LINGER_MS default." value={s.liveLingerMs} onChange={(v) => set('liveLingerMs', v)} error={errors.liveLingerMs} disabled={off} nullable />
          <NumberField id="requestLogRetentionDays" label="Request log retention (days)" hint="Player requests kept in the API monitor." value={s.requestLogRetentionDays} onChange={(v) => set('requestLogRetentionDays', v ?? 1)} error={errors.requestLogRetentionDays} disabled={off} />
          <NumberField id="auditRetentionDays" label="Audit log retention (days)" hint="Admin changes kept on the Audit page." value={s.auditRetentionDays} onChange={(v) => set('auditRetentionDays', v ?? 1)} error={errors.auditRetentionDays} disabled={off} />
          <NumberField id="hdhrTunerCount" label="HDHomeRun tuner count" hint="Empty = the account's connection limit." value={s.hdhrTunerCount} onChange={(v) => set('hdhrTunerCount', v)} error={errors.hdhrTunerCount} disabled={off} nullable />
          <div className="flex items-center justify-between gap-3 rounded-md border p-3">
            <div>
              <Label htmlFor="fallbackVideo">Fallback video</Label>
              <p className="text-xs text-muted-foreground">A refused channel plays a short “unavailable” clip instead of an error.</p>
            </div>
            <Switch id="fallbackVideo" data-testid="setting-fallbackVideo" checked={s.fallbackVideo} disabled={off} onCheckedChange={(v) => set('fallbackVideo', v)} />
          </div>
          <div className="flex items-center justify-between gap-3 rounded-md border p-3">
            <div>
              <Label htmlFor="proxyArtworkInLists">Artwork through the panel in player lists</Label>
              <p className="text-xs text-muted-foreground">Logos and posters in player lists, get.php and xmltv.php point at the panel’s cached copies instead of the provider’s hosts (set PUBLIC_URL).</p>
            </div>
            <Switch id="proxyArtworkInLists" data-testid="setting-proxyArtworkInLists" checked={s.proxyArtworkInLists} disabled={off} onCheckedChange={(v) => set('proxyArtworkInLists', v)} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="seriesEpisodes">Series episodes</Label>
            <NativeSelect id="seriesEpisodes" data-testid="setting-seriesEpisodes" value={s.seriesEpisodes} disabled={off} onChange={(e) => set('seriesEpisodes', e.target.value as PanelSettings['seriesEpisodes'])}>
              <option value="sync">Fetched at every sync (get.php lists every episode)</option>
              <option value="on_demand">Fetched when a player opens the series (fast syncs of big catalogs)</option>
            </NativeSelect>
            <p className={errors.seriesEpisodes ? 'text-xs text-destructive' : 'text-xs text-muted-foreground'}>
              {errors.seriesEpisodes ?? 'On demand, a sync stores the lists only; get.php then lists the episodes fetched so far.'}
            </p>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Notifications</CardTitle>
          <CardDescription>Webhooks for expiring or failing upstreams, a stale guide and accounts that keep hitting their limit; each event once per cool-down.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="grid gap-4 sm:grid-cols-4">
            <NumberField id="expiryWarningDays" label="Warn before expiry (days)" hint="Upstream accounts ending this soon." value={s.notifications.expiryWarningDays} onChange={(v) => setN('expiryWarningDays', v ?? 1)} error={errors['notifications.expiryWarningDays']} disabled={off} />
            <NumberField id="guideStaleHours" label="Guide stale after (hours)" hint="Since the guide last changed." value={s.notifications.guideStaleHours} onChange={(v) => setN('guideStaleHours', v ?? 1)} error={errors['notifications.guideStaleHours']} disabled={off} />
            <NumberField id="cooldownMinutes" label="Cool-down (minutes)" hint="The same event is sent once per cool-down." value={s.notifications.cooldownMinutes} onChange={(v) => setN('cooldownMinutes', v ?? 1)} error={errors['notifications.cooldownMinutes']} disabled={off} />
            <NumberField id="limitHitsThreshold" label="Limit hits per hour" hint="Refusals before an account is reported." value={s.notifications.limitHitsThreshold} onChange={(v) => setN('limitHitsThreshold', v ?? 1)} error={errors['notifications.limitHitsThreshold']} disabled={off} />
          </div>
          <div className="grid gap-2" data-testid="webhooks">
            {s.notifications.webhooks.map((w, i) => (
              <div key={w.id} className="grid items-start gap-2 sm:grid-cols-[1fr_9rem_auto_auto_auto]" data-testid="webhook-row">
                <div className="grid gap-1">
                  <Input aria-label="Webhook URL" data-testid="webhook-url" value={w.url} disabled={off} onChange={(e) => setHook(i, { url: e.target.value })} placeholder="https://…" aria-invalid={Boolean(errors[`notifications.webhooks.${i}.url`])} />
                  {errors[`notifications.webhooks.${i}.url`] && <p className="text-xs text-destructive">{errors[`notifications.webhooks.${i}.url`]}</p>}
                </div>
                <NativeSelect aria-label="Format" data-testid="webhook-format" value={w.format} disabled={off} onChange={(e) => setHook(i, { format: e.target.value as Webhook['format'] })}>
                  <option value="json">Generic JSON</option>
                  <option value="discord">Discord</option>
                  <option value="slack">Slack</option>
                  <option value="ntfy">ntfy</option>
                </NativeSelect>
                <div className="flex h-9 items-center gap-2">
                  <Switch aria-label="Enabled" checked={w.enabled} disabled={off} onCheckedChange={(v) => setHook(i, { enabled: v })} />
                </div>
                <Button type="button" variant="outline" data-testid="webhook-test" disabled={off} onClick={() => void sendTest(w.id)}>
                  <SendIcon /> Send test
                </Button>
                <Button type="button" variant="ghost" size="icon" aria-label="Remove webhook" disabled={off} onClick={() => setN('webhooks', s.notifications.webhooks.filter((_, j) => j !== i))}>
                  <Trash2Icon />
                </Button>
              </div>
            ))}
            {canEdit && (
              <Button
                type="button"
                variant="outline"
                className="justify-self-start"
                data-testid="add-webhook"
                disabled={s.notifications.webhooks.length >= 20}
                onClick={() => setN('webhooks', [...s.notifications.webhooks, { id: crypto.randomUUID().slice(0, 8), url: '', format: 'json', enabled: true }])}
              >
                <PlusIcon /> Add webhook
              </Button>
            )}
          </div>
        </CardContent>
      </Card>
      {canEdit && (
        <div className="flex justify-end">
          <Button type="button" data-testid="save-settings" disabled={saving} onClick={() => void save()}>
            {saving ? 'Saving…' : 'Save settings'}
          </Button>
        </div>
      )}
    </div>
  );
}
