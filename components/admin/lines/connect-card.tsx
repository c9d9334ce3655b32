import { MonitorPlayIcon } from 'lucide-react';
import { Card } from '@/components/ui/card';
import { CopyButton } from './copy-field';

/** The server address every Xtream player asks for, next to the account's username and password. */
export function ConnectCard({ serverUrl }: { serverUrl: string }) {
  return (
    <Card className="mb-6 flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:gap-4" data-testid="connect-player">
      <div className="flex min-w-0 flex-1 items-start gap-3">
        <div className="flex size-9 shrink-0 items-center justify-center rounded-md bg-primary/10 text-primary">
          <MonitorPlayIcon className="size-4" aria-hidden />
        </div>
        <div className="min-w-0 space-y-0.5">
          <h2 className="text-sm font-semibold">Connect a player</h2>
          <p className="text-sm text-muted-foreground">
            In an Xtream player (TiviMate, IPTV Smarters…) choose “Xtream Codes”, type this server URL and the
            account&apos;s username and password.
          </p>
        </div>
      </div>
      <div className="flex min-w-0 items-center gap-2 sm:max-w-[50%]">
        <code
          data-testid="connect-server-url"
          className="min-w-0 flex-1 truncate rounded-md border bg-muted/40 px-2.5 py-1.5 font-mono text-sm select-all"
          title={serverUrl}
        >
          {serverUrl}
        </code>
        <CopyButton value={serverUrl} label="Copy server URL" testId="copy-connect-server-url" />
      </div>
    </Card>
  );
}
