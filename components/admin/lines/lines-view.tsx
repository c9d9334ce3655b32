'use client';

import { useState } from 'react';
import { toast } from 'sonner';
import type { LineView } from '@/lib/lines/schemas';
import { describeApiError } from '../api-client';
import type { DialogTarget } from '../form/entity-dialog';
import { useIsDesktop } from '../use-is-desktop';
import { fetchLineCredentials, type LineCredentials } from './credentials';
import { CredentialsDialog } from './credentials-dialog';
import { DeleteLineDialog } from './delete-line-dialog';
import { LineBansDialog } from './line-bans-dialog';
import type { LineActionHandlers } from './line-actions';
import { LineCards } from './line-cards';
import { LineDialog } from './line-dialog';
import { LinesTable } from './lines-table';
import type { BouquetChoice } from './bouquet-picker-field';

interface LinesViewProps {
  lines: LineView[];
  canManage: boolean;
  /** Above the list: the search box. */
  toolbar: React.ReactNode;
  /** Shown instead of the list when there is nothing to list. */
  empty: React.ReactNode;
  /** Below the list: pagination. */
  footer: React.ReactNode;
  /** Every bouquet, for the picker and the list's names. */
  bouquets: BouquetChoice[];
}

/** The list (a table on desktop, cards on phones) and, for admins, every dialog that changes it. */
export function LinesView({ lines, canManage, toolbar, empty, footer, bouquets }: LinesViewProps) {
  const bouquetNames = Object.fromEntries(bouquets.map((b) => [b.id, b.name]));
  const isDesktop = useIsDesktop();
  const [credentials, setCredentials] = useState<{ value: LineCredentials; justCreated: boolean } | null>(null);
  const [editing, setEditing] = useState<DialogTarget<LineView>>(null);
  const [deleting, setDeleting] = useState<LineView | null>(null);
  const [bansOf, setBansOf] = useState<LineView | null>(null);

  const handlers: LineActionHandlers | null = canManage
    ? {
        onLinks: (line) => {
          fetchLineCredentials(line.id).then(
            (value) => setCredentials({ value, justCreated: false }),
            (err: unknown) => toast.error(describeApiError(err)),
          );
        },
        onEdit: setEditing,
        onDelete: setDeleting,
        onBans: setBansOf,
      }
    : null;

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0 flex-1">{toolbar}</div>
        {canManage && <LineDialog bouquets={bouquets} target={editing} onTargetChange={setEditing} onCreated={(value) => setCredentials({ value, justCreated: true })} add={{ label: 'Add account', testId: 'add-line' }} />}
      </div>

      {lines.length === 0 ? empty : isDesktop ? <LinesTable lines={lines} handlers={handlers} bouquetNames={bouquetNames} /> : <LineCards lines={lines} handlers={handlers} bouquetNames={bouquetNames} />}

      {footer}

      {canManage && (
        <>
          <CredentialsDialog
            credentials={credentials?.value ?? null}
            justCreated={credentials?.justCreated ?? false}
            onOpenChange={(open) => !open && setCredentials(null)}
          />
          <DeleteLineDialog line={deleting} onOpenChange={(open) => !open && setDeleting(null)} />
          <LineBansDialog line={bansOf} onOpenChange={(open) => !open && setBansOf(null)} />
        </>
      )}
    </div>
  );
}
