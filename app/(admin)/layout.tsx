import { redirect } from 'next/navigation';
import { isDatabaseUnavailable } from '@/db/client';
import { AdminShell } from '@/components/admin/admin-shell';
import { DatabaseUnavailable } from '@/components/admin/database-unavailable';
import { getCurrentUser } from '@/lib/auth/current-user';
import { needsSetup } from '@/lib/setup/first-run';

export const dynamic = 'force-dynamic';

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  let setup: boolean;
  let user: Awaited<ReturnType<typeof getCurrentUser>>;
  try {
    setup = await needsSetup();
    user = setup ? null : await getCurrentUser();
  } catch (err) {
    // The layout sits above the segment's error boundary: an outage is answered here.
    if (isDatabaseUnavailable(err)) return <DatabaseUnavailable />;
    throw err;
  }
  if (setup) redirect('/setup');
  if (!user) redirect('/login');
  return <AdminShell user={{ id: user.id, username: user.username, role: user.role }}>{children}</AdminShell>;
}
