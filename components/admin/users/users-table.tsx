'use client';

import { useState } from 'react';
import { LogOutIcon, PencilIcon, Trash2Icon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@/components/ui/table';
import type { PanelUser } from '@/lib/users/schemas';
import { DateTime } from '../date-time';
import type { DialogTarget } from '../form/entity-dialog';
import { Pagination } from '../pagination';
import { RoleBadge } from '../role-badge';
import { DeleteUserDialog } from './delete-user-dialog';
import { EndSessionsDialog } from './end-sessions-dialog';
import { UserDialog } from './user-dialog';
import { TableHeadRow } from '../table-head-row';

interface UsersTableProps {
  users: PanelUser[];
  currentUserId: string;
  canManage: boolean;
  page: number;
  pageCount: number;
  total: number;
}

export function UsersTable({ users, currentUserId, canManage, page, pageCount, total }: UsersTableProps) {
  const [editing, setEditing] = useState<DialogTarget<PanelUser>>(null);
  const [deleting, setDeleting] = useState<PanelUser | null>(null);
  const [ending, setEnding] = useState<PanelUser | null>(null);

  return (
    <div className="grid gap-3">
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-muted-foreground">
          {total === 1 ? '1 user' : `${total} users`}
        </p>
        {canManage && <UserDialog target={editing} onTargetChange={setEditing} add={{ label: 'Add user', testId: 'add-user' }} />}
      </div>

      <Card className="overflow-hidden py-0">
        <Table data-testid="users-table">
          <TableHeadRow labels={['Username', 'Role', 'Status', 'Created', 'Last login']}>
            {canManage && (
              <TableHead className="w-0 text-right">
                <span className="sr-only">Actions</span>
              </TableHead>
            )}
          </TableHeadRow>
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

      {pageCount > 1 && <Pagination path="/users" page={page} pageCount={pageCount} />}

      {canManage && (
        <>
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
