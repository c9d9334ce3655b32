'use client';

import { Suspense, useState } from 'react';
import { usePathname } from 'next/navigation';
import { MenuIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from '@/components/ui/sheet';
import { AppSidebar } from './app-sidebar';
import { LogoMark } from './logo';
import { activeNavItem } from './nav-items';
import { NavigationProgress } from './navigation-progress';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';
import { useIsDesktop } from './use-is-desktop';
import { SignOutButton } from './use-sign-out';
import type { ShellUser } from './types';

export function AdminShell({ user, children }: { user: ShellUser; children: React.ReactNode }) {
  // null only under the Pages Router, which renders no admin page
  const pathname = usePathname() ?? '/';
  const isDesktop = useIsDesktop();
  const [navOpen, setNavOpen] = useState(false);
  const section = activeNavItem(pathname)?.label;

  return (
    <div className="flex min-h-dvh">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:ring-2 focus:ring-ring"
        data-testid="skip-link"
      >
        Skip to content
      </a>
      <Suspense fallback={null}>
        <NavigationProgress />
      </Suspense>
      {isDesktop && (
        <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 border-r md:flex">
          <AppSidebar user={user} showSignOut />
        </aside>
      )}

      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 shrink-0 items-center gap-2 border-b bg-background/85 px-3 backdrop-blur supports-[backdrop-filter]:bg-background/70 md:px-6">
          <Sheet open={navOpen && !isDesktop} onOpenChange={setNavOpen}>
            <SheetTrigger asChild>
              <Button variant="ghost" size="icon-sm" className="md:hidden" aria-label="Open navigation" data-testid="open-nav">
                <MenuIcon />
              </Button>
            </SheetTrigger>
            <SheetContent side="left" className="w-64 p-0">
              <SheetTitle className="sr-only">Navigation</SheetTitle>
              <SheetDescription className="sr-only">Sections of NeroPanel</SheetDescription>
              <AppSidebar user={user} onNavigate={() => setNavOpen(false)} />
            </SheetContent>
          </Sheet>

          <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-2 text-sm">
            <LogoMark className="size-6 md:hidden" />
            <span className="hidden text-muted-foreground md:inline">NeroPanel</span>
            {section && (
              <>
                <span className="hidden text-muted-foreground/60 md:inline">/</span>
                <span className="truncate font-medium">{section}</span>
              </>
            )}
          </nav>

          <div className="ml-auto flex items-center gap-1">
            {!isDesktop && (
              <SignOutButton />
            )}
            <ThemeToggle />
            <UserMenu user={user} />
          </div>
        </header>

        <main id="main" tabIndex={-1} className="flex-1 px-4 py-6 outline-none md:px-8 md:py-8">
          <div className="mx-auto w-full max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
