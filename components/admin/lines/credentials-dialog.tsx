'use client';

import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { CopyField } from './copy-field';
import type { LineCredentials } from './credentials';

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
