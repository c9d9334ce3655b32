'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { cn } from '@/lib/utils';
import { Logo } from './logo';
import { isActive, navItems } from './nav-items';
import { UserAvatar } from './user-avatar';
import { SignOutButton } from './use-sign-out';
import type { ShellUser } from './types';

interface AppSidebarProps {
  user: ShellUser;
  /** Called after a link is followed (closes the mobile sheet). */
  onNavigate?: () => void;
  /** The desktop sidebar carries the always-visible sign-out button (`data-testid="logout"`). */
  showSignOut?: boolean;
}

export function AppSidebar({ user, onNavigate, showSignOut = false }: AppSidebarProps) {
  // null only under the Pages Router, which renders no admin page
  const pathname = usePathname() ?? '/';

  return (
    <div className="flex h-full w-full flex-col bg-sidebar text-sidebar-foreground">
      <div className="flex h-14 shrink-0 items-center px-4">
        <Link href="/" onClick={onNavigate} className="rounded-md outline-none focus-visible:ring-2 focus-visible:ring-ring">
          <Logo />
        </Link>
      </div>

      <nav aria-label="Main" className="flex-1 overflow-y-auto px-2 py-2">
        <ul className="grid gap-0.5">
          {navItems.filter((item) => !item.adminOnly || user.role === 'admin').map((item) => {
            const active = isActive(item.href, pathname);
            const Icon = item.icon;
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  data-testid={`nav-${item.testId}`}
                  aria-current={active ? 'page' : undefined}
                  onClick={onNavigate}
                  className={cn(
                    'group flex h-8 items-center gap-2.5 rounded-md px-2.5 text-sm transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring',
                    active
                      ? 'bg-accent font-medium text-accent-foreground'
                      : 'text-muted-foreground hover:bg-accent/60 hover:text-foreground',
                  )}
                >
                  <Icon
                    className={cn('size-4 shrink-0', active ? 'text-primary' : 'text-muted-foreground group-hover:text-foreground')}
                    aria-hidden
                  />
                  <span className="truncate">{item.label}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      <div className="flex shrink-0 items-center gap-2.5 border-t p-3">
        <UserAvatar username={user.username} />
        <div className="min-w-0 flex-1 leading-tight">
          <div className="truncate text-sm font-medium">{user.username}</div>
          <div className="text-xs text-muted-foreground">{user.role === 'admin' ? 'Admin' : 'Viewer'}</div>
        </div>
        {showSignOut && (
          <Tooltip>
            <TooltipTrigger asChild>
              <SignOutButton />
            </TooltipTrigger>
            <TooltipContent side="top">Sign out</TooltipContent>
          </Tooltip>
        )}
      </div>
    </div>
  );
}
