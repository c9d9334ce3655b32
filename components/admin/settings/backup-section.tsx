'use client';

import { useState } from 'react';
import { DownloadIcon, UploadIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { ApiError, callApi, describeApiError } from '../api-client';
import { LabelledChoice, LabelledField } from './labelled-field';

/** Backup as a JSON download, restore from such a file (validated whole first, written in one transaction). */
export function BackupSection() {
  const [passphrase, setPassphrase] = useState('');
  const [restorePass, setRestorePass] = useState('');
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function download() {
    setBusy(true);
    try {
      const doc = (await callApi('/api/backup', { method: 'POST', body: passphrase ? { passphrase } : {} })) as { createdAt: string };
      const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 1)], { type: 'application/json' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: `neropanel-backup-${doc.createdAt.slice(0, 10)}.json` });
      a.click();
      URL.revokeObjectURL(url);
      toast.success(passphrase ? 'Backup downloaded, secrets encrypted with your passphrase' : 'Backup downloaded without secrets');
    } catch (err) {
      toast.error(err instanceof ApiError && err.fields.passphrase ? `Passphrase ${err.fields.passphrase}` : describeApiError(err));
    } finally {
      setBusy(false);
    }
  }

  async function restore() {
    if (!file) return;
    setBusy(true);
    setResult(null);
    try {
      let document: unknown;
      try {
        document = JSON.parse(await file.text());
      } catch {
        throw new ApiError(400, 'validation_failed', 'The file is not a JSON backup');
      }
      const res = (await callApi('/api/backup/restore', { method: 'POST', body: { document, mode, ...(restorePass ? { passphrase: restorePass } : {}) } })) as { counts: Record<string, number> };
      setResult(`Restored: ${Object.entries(res.counts).map(([k, n]) => `${k} ${n}`).join(', ')}`);
      toast.success('Backup restored');
    } catch (err) {
      const fields = err instanceof ApiError ? Object.entries(err.fields) : [];
      setResult(fields.length ? `Nothing was changed. ${fields.map(([k, v]) => `${k}: ${v}`).join('; ')}` : `Nothing was changed. ${describeApiError(err)}`);
      toast.error('The restore failed; nothing was changed');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card data-testid="backup-section">
      <CardHeader>
        <CardTitle>Backup and restore</CardTitle>
        <CardDescription>The whole configuration as one file. With a passphrase (12+ characters) upstream and player passwords are included, encrypted; without one they are left out.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        <div className="grid items-end gap-2 sm:grid-cols-[1fr_auto]">
          <LabelledField id="backup-passphrase" label="Passphrase">
            <Input id="backup-passphrase" data-testid="backup-passphrase" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
          </LabelledField>
          <Button type="button" data-testid="download-backup" disabled={busy} onClick={() => void download()}>
            <DownloadIcon /> Download backup
          </Button>
        </div>
        <div className="grid items-end gap-2 sm:grid-cols-[1fr_1fr_9rem_auto]">
          <LabelledField id="restore-file" label="Backup file">
            <Input id="restore-file" data-testid="restore-file" type="file" accept="application/json,.json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </LabelledField>
          <LabelledField id="restore-passphrase" label="Its passphrase">
            <Input id="restore-passphrase" data-testid="restore-passphrase" type="password" autoComplete="off" value={restorePass} onChange={(e) => setRestorePass(e.target.value)} />
          </LabelledField>
          <LabelledChoice id="restore-mode" label="Mode" value={mode} onChange={setMode} choices={[['merge', 'Merge'], ['replace', 'Replace']]} />
          <Button type="button" variant="outline" data-testid="restore-backup" disabled={busy || !file} onClick={() => void restore()}>
            <UploadIcon /> Restore
          </Button>
        </div>
        {result && (
          <p className="text-sm" data-testid="restore-result">
            {result}
          </p>
        )}
      </CardContent>
    </Card>
  );
}
