'use client';

import { useCallback, useState } from 'react';
import { signOut } from 'next-auth/react';
import { LogOutIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';

/** Signs out without letting next-auth redirect: its URL may name another host than the one in use. */
export function useSignOut() {
  const [pending, setPending] = useState(false);
  const run = useCallback(async () => {
    setPending(true);
    try {
      await signOut({ redirect: false });
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load drops what the old session cached
      window.location.assign('/login');
    } catch {
      setPending(false);
      toast.error('Could not sign out. Check your connection and try again.');
    }
  }, []);
  return { signOut: run, pending };
}

/** The icon button that signs out (header on phones, sidebar footer on desktops); props reach the button, so a tooltip can wrap it. */
export function SignOutButton({ onClick, ...props }: React.ComponentProps<typeof Button>) {
  const { signOut, pending } = useSignOut();
  return (
    <Button
      variant="ghost"
      size="icon-sm"
      aria-label="Sign out"
      data-testid="logout"
      {...props}
      disabled={pending}
      onClick={(event) => {
        onClick?.(event);
        void signOut();
      }}
    >
      <LogOutIcon />
    </Button>
  );
}
