import { redirect } from 'next/navigation';
import { AdminShell } from '@/components/admin/admin-shell';
import { getCurrentUser } from '@/lib/auth/current-user';
import { needsSetup } from '@/lib/setup/first-run';

export const dynamic = 'force-dynamic';

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  if (await needsSetup()) redirect('/setup');
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  return <AdminShell user={{ id: user.id, username: user.username, role: user.role }}>{children}</AdminShell>;
}
