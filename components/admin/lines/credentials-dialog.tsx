'use client';

import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { CopyField } from './copy-field';
import { copyText } from './copy-text';
import type { LineCredentials } from './credentials';
import { QrCode } from './qr-code';

/** Everything a player needs, as one block to paste into a message. */
export function credentialsBlock(c: LineCredentials): string {
  const lines = [`Server: ${c.serverUrl}`, `Username: ${c.username}`, `Password: ${c.password}`, `M3U playlist: ${c.playlistUrl}`, `EPG (XMLTV): ${c.xmltvUrl}`];
  if (c.hdhrUrl) lines.push(`HDHomeRun tuner (Plex, Jellyfin, Emby): ${c.hdhrUrl}`);
  return lines.join('\n');
}

interface CredentialsDialogProps {
  credentials: LineCredentials | null;
  /** True right after creation: the wording tells the admin this is the moment to hand them out. */
  justCreated: boolean;
  onOpenChange: (open: boolean) => void;
}

export function CredentialsDialog({ credentials, justCreated, onOpenChange }: CredentialsDialogProps) {
  return (
    <Dialog open={credentials !== null} onOpenChange={onOpenChange}>
      <DialogContent data-testid="line-credentials" className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{justCreated ? `Account ${credentials?.username ?? ''} created` : `Links for ${credentials?.username ?? ''}`}</DialogTitle>
          <DialogDescription>
            Enter the server, username and password in an Xtream player, or give an M3U player the playlist link. Both
            links contain the password: share them only with this account&apos;s owner.
          </DialogDescription>
        </DialogHeader>
        {credentials && (
          <div className="grid gap-3">
            <div className="grid gap-3 sm:grid-cols-2">
              <CopyField label="Username" value={credentials.username} testId="line-username" />
              <CopyField label="Password" value={credentials.password} testId="line-password" />
            </div>
            <CopyField label="Server URL" value={credentials.serverUrl} testId="server-url" />
            <CopyField label="M3U playlist" value={credentials.playlistUrl} testId="playlist-url" />
            <CopyField label="XMLTV guide (EPG)" value={credentials.xmltvUrl} testId="xmltv-url" />
            {credentials.hdhrUrl && (
              <CopyField label="HDHomeRun tuner (Plex, Jellyfin, Emby; the XMLTV link is its guide)" value={credentials.hdhrUrl} testId="hdhr-url" />
            )}
            <div className="flex flex-col items-center gap-3 rounded-md border p-3 sm:flex-row sm:items-start">
              <QrCode value={credentials.playlistUrl} label={`QR code of the M3U playlist link of ${credentials.username}`} />
              <div className="grid gap-2 text-sm">
                <p className="text-muted-foreground">Scan with a phone or TV app that takes an M3U link, or copy everything at once into a message.</p>
                <Button
                  type="button"
                  variant="outline"
                  className="w-fit"
                  data-testid="copy-all"
                  onClick={(event) => void copyText(credentialsBlock(credentials), event.currentTarget.parentElement)}
                >
                  Copy all
                </Button>
              </div>
            </div>
          </div>
        )}
        <DialogFooter>
          <Button type="button" onClick={() => onOpenChange(false)}>
            Done
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
