'use client';

import { useState } from 'react';
import Link from 'next/link';
import { ChevronLeftIcon, ChevronRightIcon, LogOutIcon, PencilIcon, Trash2Icon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { PanelUser } from '@/lib/users/schemas';
import { DateTime } from '../date-time';
import { RoleBadge } from '../role-badge';
import { CreateUserDialog } from './create-user-dialog';
import { DeleteUserDialog } from './delete-user-dialog';
import { EditUserDialog } from './edit-user-dialog';
import { EndSessionsDialog } from './end-sessions-dialog';

interface UsersTableProps {
  users: PanelUser[];
  currentUserId: string;
  canManage: boolean;
  page: number;
  pageCount: number;
  total: number;
}

export function UsersTable({ users, currentUserId, canManage, page, pageCount, total }: UsersTableProps) {
  const [editing, setEditing] = useState<PanelUser | null>(null);
  const [deleting, setDeleting] = useState<PanelUser | null>(null);
  const [ending, setEnding] = useState<PanelUser | null>(null);

  return (
    <div className="grid gap-3">
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-muted-foreground">
          {total === 1 ? '1 user' : `${total} users`}
        </p>
        {canManage && <CreateUserDialog />}
      </div>

      <Card className="overflow-hidden py-0">
        <Table data-testid="users-table">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Username</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Last login</TableHead>
              {canManage && (
                <TableHead className="w-0 text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              )}
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.map((user) => (
              <TableRow key={user.id} data-testid={`user-row-${user.username}`}>
                <TableCell className="font-medium">
                  <span className="inline-flex items-center gap-2">
                    {user.username}
                    {user.id === currentUserId && <Badge variant="muted">you</Badge>}
                  </span>
                </TableCell>
                <TableCell>
                  <RoleBadge role={user.role} />
                </TableCell>
                <TableCell>
                  {user.isActive ? <Badge variant="success">Active</Badge> : <Badge variant="muted">Disabled</Badge>}
                </TableCell>
                <TableCell className="text-muted-foreground">
                  <DateTime value={user.createdAt} />
                </TableCell>
                <TableCell className="text-muted-foreground">
                  <DateTime value={user.lastLogin} fallback="Never" />
                </TableCell>
                {canManage && (
                  <TableCell className="py-1.5 text-right">
                    <div className="flex justify-end gap-0.5">
                      <Button
                        variant="ghost"
                        size="icon-sm"
                        aria-label={`Edit ${user.username}`}
                        data-testid={`edit-user-${user.username}`}
                        onClick={() => setEditing(user)}
                      >
                        <PencilIcon />
                      </Button>
                      <Button
                        variant="ghost"
                        size="icon-sm"
                        aria-label={`End sessions of ${user.username}`}
                        title="End sessions"
                        data-testid={`end-sessions-${user.username}`}
                        onClick={() => setEnding(user)}
                      >
                        <LogOutIcon />
                      </Button>
                      <Button
                        variant="ghost"
                        size="icon-sm"
                        className="text-muted-foreground hover:bg-destructive/10 hover:text-destructive"
                        aria-label={`Delete ${user.username}`}
                        data-testid={`delete-user-${user.username}`}
                        onClick={() => setDeleting(user)}
                      >
                        <Trash2Icon />
                      </Button>
                    </div>
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>

      {pageCount > 1 && <Pagination page={page} pageCount={pageCount} />}

      {canManage && (
        <>
          <EditUserDialog user={editing} onOpenChange={(open) => !open && setEditing(null)} />
          <DeleteUserDialog
            user={deleting}
            isSelf={deleting?.id === currentUserId}
            onOpenChange={(open) => !open && setDeleting(null)}
          />
          <EndSessionsDialog user={ending} isSelf={ending?.id === currentUserId} onOpenChange={(open) => !open && setEnding(null)} />
        </>
      )}
    </div>
  );
}

function Pagination({ page, pageCount }: { page: number; pageCount: number }) {
  const prev = page > 1 ? `?page=${page - 1}` : null;
  const next = page < pageCount ? `?page=${page + 1}` : null;
  return (
    <nav aria-label="Pagination" className="flex items-center justify-end gap-2">
      <span className="mr-1 text-sm text-muted-foreground tabular-nums">
        Page {page} of {pageCount}
      </span>
      <PageLink href={prev} label="Previous page">
        <ChevronLeftIcon /> Prev
      </PageLink>
      <PageLink href={next} label="Next page">
        Next <ChevronRightIcon />
      </PageLink>
    </nav>
  );
}

function PageLink({ href, label, children }: { href: string | null; label: string; children: React.ReactNode }) {
  if (!href) {
    return (
      <Button variant="outline" size="sm" disabled aria-label={label}>
        {children}
      </Button>
    );
  }
  return (
    <Button variant="outline" size="sm" asChild>
      <Link href={href} aria-label={label}>
        {children}
      </Link>
    </Button>
  );
}
