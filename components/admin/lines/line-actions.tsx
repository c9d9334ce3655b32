'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { BanIcon, KeyRoundIcon, ListXIcon, MoreHorizontalIcon, PencilIcon, PowerIcon, PowerOffIcon, ShieldCheckIcon, Trash2Icon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import type { LineView } from '@/lib/lines/schemas';
import { cn } from '@/lib/utils';
import { callApi, describeApiError } from '../api-client';

/** What a row's buttons ask the page for; the dialogs live once, in LinesView. */
export interface LineActionHandlers {
  onLinks: (line: LineView) => void;
  onEdit: (line: LineView) => void;
  onDelete: (line: LineView) => void;
  onBans: (line: LineView) => void;
}

const STATUS_DONE = { active: 'enabled', disabled: 'disabled', banned: 'banned' } as const;

/** Links, Edit, Disable/Enable and a menu with Ban and Delete. `labelled` shows words next to the icons (cards). */
export function LineActions({ line, handlers, labelled = false }: { line: LineView; handlers: LineActionHandlers; labelled?: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function setStatus(status: LineView['status']) {
    setPending(true);
    try {
      await callApi(`/api/lines/${encodeURIComponent(line.id)}`, { method: 'PATCH', body: { status } });
    } catch (err) {
      toast.error(describeApiError(err));
      setPending(false);
      return;
    }
    toast.success(`Account ${line.username} ${status === 'active' && line.status === 'banned' ? 'unbanned' : STATUS_DONE[status]}`);
    setPending(false);
    router.refresh();
  }

  const enabled = line.status === 'active';
  const size = labelled ? 'sm' : 'icon-sm';
  const variant = labelled ? 'outline' : 'ghost';
  const toggleLabel = enabled ? 'Disable' : 'Enable';

  return (
    <div className={cn('flex items-center gap-0.5', labelled && 'flex-wrap gap-2')}>
      <Button
        variant={variant}
        size={size}
        aria-label={`Links for ${line.username}`}
        title="Password and links"
        data-testid="line-links"
        onClick={() => handlers.onLinks(line)}
      >
        <KeyRoundIcon />
        {labelled && 'Links'}
      </Button>
      <Button
        variant={variant}
        size={size}
        aria-label={`Edit ${line.username}`}
        title="Edit"
        data-testid="line-edit"
        onClick={() => handlers.onEdit(line)}
      >
        <PencilIcon />
        {labelled && 'Edit'}
      </Button>
      <Button
        variant={variant}
        size={size}
        aria-label={`${toggleLabel} ${line.username}`}
        title={toggleLabel}
        data-testid="line-disable"
        data-state={enabled ? 'enabled' : 'disabled'}
        disabled={pending}
        onClick={() => void setStatus(enabled ? 'disabled' : 'active')}
      >
        {enabled ? <PowerOffIcon /> : <PowerIcon />}
        {labelled && toggleLabel}
      </Button>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant={variant} size="icon-sm" aria-label={`More actions for ${line.username}`} data-testid="line-more" disabled={pending}>
            <MoreHorizontalIcon />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          {line.status === 'banned' ? (
            <DropdownMenuItem data-testid="line-unban" onSelect={() => void setStatus('active')}>
              <ShieldCheckIcon /> Lift ban
            </DropdownMenuItem>
          ) : (
            <DropdownMenuItem data-testid="line-ban" onSelect={() => void setStatus('banned')}>
              <BanIcon /> Ban
            </DropdownMenuItem>
          )}
          <DropdownMenuItem data-testid="line-bans-open" onSelect={() => handlers.onBans(line)}>
            <ListXIcon /> Banned IPs{line.bannedIps.length ? ` (${line.bannedIps.length})` : ''}
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" data-testid="line-delete" onSelect={() => handlers.onDelete(line)}>
            <Trash2Icon /> Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}
