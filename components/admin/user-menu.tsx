'use client';

import { ChevronsUpDownIcon, LogOutIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { RoleBadge } from './role-badge';
import { UserAvatar } from './user-avatar';
import { useSignOut } from './use-sign-out';
import type { ShellUser } from './types';

export function UserMenu({ user }: { user: ShellUser }) {
  const { signOut, pending } = useSignOut();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        {/* Named by its text ("Account: admin"), not an aria-label that would hide the visible username (axe label-content-name-mismatch). */}
        <Button variant="ghost" size="sm" className="h-8 gap-2 px-1.5 sm:pr-2" data-testid="user-menu">
          <UserAvatar username={user.username} className="size-6 text-[10px]" />
          <span className="sr-only">Account: </span>
          <span className="sr-only max-w-32 truncate text-sm font-medium sm:not-sr-only sm:inline">{user.username}</span>
          <ChevronsUpDownIcon className="hidden size-3.5 text-muted-foreground sm:block" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-56">
        <DropdownMenuLabel className="flex items-center gap-2.5 font-normal">
          <UserAvatar username={user.username} />
          <div className="grid min-w-0 flex-1 gap-1">
            <span className="truncate text-sm font-medium">{user.username}</span>
            <RoleBadge role={user.role} />
          </div>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem
          data-testid="logout-menu"
          disabled={pending}
          onSelect={(event) => {
            event.preventDefault();
            void signOut();
          }}
        >
          <LogOutIcon /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
