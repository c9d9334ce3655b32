import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/admin/page-header';
import { UsersTable } from '@/components/admin/users/users-table';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listUsers } from '@/lib/users/service';

export const metadata: Metadata = { title: 'Users' };

const PAGE_SIZE = 50;

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ page?: string | string[] }> }) {
  const { page: rawPage } = await searchParams;
  const requested = Number(Array.isArray(rawPage) ? rawPage[0] : rawPage);
  const page = Number.isInteger(requested) && requested >= 1 ? requested : 1;

  const [user, list] = await Promise.all([getCurrentUser(), listUsers({ page, pageSize: PAGE_SIZE })]);
  if (!user) redirect('/login');
  const pageCount = Math.max(1, Math.ceil(list.total / list.pageSize));
  if (page > pageCount) redirect(`/users?page=${pageCount}`);

  return (
    <>
      <PageHeader
        title="Users"
        description={
          user.role === 'admin'
            ? 'People who can sign in to this panel. Admins change settings; viewers can only look.'
            : 'People who can sign in to this panel. Only admins can add or change users.'
        }
      />
      <UsersTable
        users={list.items}
        currentUserId={user.id}
        canManage={user.role === 'admin'}
        page={list.page}
        pageCount={pageCount}
        total={list.total}
      />
    </>
  );
}
