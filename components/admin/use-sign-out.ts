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
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load drops what the old session cached
      window.location.assign('/login');
    } catch {
      setPending(false);
      toast.error('Could not sign out. Check your connection and try again.');
    }
  }, []);
  return { signOut: run, pending };
}
