import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/admin/page-header';
import { CategoriesPage } from '@/components/admin/categories/categories-page';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listUpstreams } from '@/lib/upstream/server-service';

export const metadata: Metadata = { title: 'Categories' };
export const dynamic = 'force-dynamic';

export default async function CategoriesRoute() {
  const [user, upstreams] = await Promise.all([getCurrentUser(), listUpstreams({ pageSize: 500 })]);
  if (!user) redirect('/login');
  return (
    <>
      <PageHeader
        title="Categories"
        description="Rename, hide and order the categories players see, per type. A re-sync keeps your changes; rename rules clean up many names at once."
      />
      <CategoriesPage canManage={user.role === 'admin'} upstreams={upstreams.items.map((u) => ({ id: u.id, name: u.name }))} />
    </>
  );
}
