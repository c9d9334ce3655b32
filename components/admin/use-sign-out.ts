'use client';

import { useCallback, useState } from 'react';
import { signOut } from 'next-auth/react';
import { toast } from 'sonner';

/** Signs out without letting next-auth redirect: its URL may name another host than the one in use. */
export function useSignOut() {
  const [pending, setPending] = useState(false);
  const run = useCallback(async () => {
    setPending(true);
    try {
      await signOut({ redirect: false });
      window.location.assign('/login');
    } catch {
      setPending(false);
      toast.error('Could not sign out. Check your connection and try again.');
    }
  }, []);
  return { signOut: run, pending };
}
