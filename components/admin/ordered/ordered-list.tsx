'use client';

import { useState, type ReactNode } from 'react';
import { ArrowDownIcon, ArrowUpIcon, GripVerticalIcon, XIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/utils';

export interface OrderedEntry {
  key: string;
  /** Names the entry in the buttons' accessible names ("Move News up"). */
  name: string;
  /** What the row shows; the name by default. */
  label?: ReactNode;
}

interface OrderedListProps {
  entries: readonly OrderedEntry[];
  onMove: (from: number, to: number) => void;
  onRemove?: (index: number) => void;
  /** `data-testid` of the list; each row is `${testId}-row` with `data-key`. */
  testId: string;
  label: string;
  className?: string;
}

/**
 * An ordered list reordered by dragging a row onto another, or with the Move up / Move down buttons
 * (keyboard and screen readers). Focus stays on the button that was pressed as its row moves: at
 * the ends the buttons are aria-disabled, not disabled, so a row that reaches the top keeps it.
 */
export function OrderedList({ entries, onMove, onRemove, testId, label, className }: OrderedListProps) {
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  return (
    <ol className={cn('grid gap-1', className)} aria-label={label} data-testid={testId}>
      {entries.map((entry, index) => (
        <li
          key={entry.key}
          data-testid={`${testId}-row`}
          data-key={entry.key}
          draggable
          onDragStart={(e) => {
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', entry.key);
            setDragging(index);
          }}
          onDragOver={(e) => {
            if (dragging === null) return;
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
            if (over !== index) setOver(index);
          }}
          onDragLeave={() => setOver((o) => (o === index ? null : o))}
          onDrop={(e) => {
            e.preventDefault();
            if (dragging !== null && dragging !== index) onMove(dragging, index);
            setDragging(null);
            setOver(null);
          }}
          onDragEnd={() => {
            setDragging(null);
            setOver(null);
          }}
          className={cn(
            'flex min-w-0 items-center gap-1.5 rounded-md border bg-card py-1 pr-1 pl-1.5 text-sm',
            dragging === index && 'opacity-50',
            over === index && dragging !== index && 'border-primary ring-1 ring-primary',
          )}
        >
          <GripVerticalIcon className="size-4 shrink-0 cursor-grab text-muted-foreground" aria-hidden />
          <span className="w-6 shrink-0 text-right text-xs text-muted-foreground tabular-nums">{index + 1}.</span>
          <span className="min-w-0 flex-1 truncate" title={entry.name}>
            {entry.label ?? entry.name}
          </span>
          <Button type="button" variant="ghost" size="icon-sm" className="aria-disabled:cursor-default aria-disabled:opacity-40" aria-label={`Move ${entry.name} up`} aria-disabled={index === 0} onClick={() => index > 0 && onMove(index, index - 1)} data-testid="move-up">
            <ArrowUpIcon />
          </Button>
          <Button
            type="button"
            variant="ghost"
            size="icon-sm"
            aria-label={`Move ${entry.name} down`}
            className="aria-disabled:cursor-default aria-disabled:opacity-40"
            aria-disabled={index === entries.length - 1}
            onClick={() => index < entries.length - 1 && onMove(index, index + 1)}
            data-testid="move-down"
          >
            <ArrowDownIcon />
          </Button>
          {onRemove && (
            <Button type="button" variant="ghost" size="icon-sm" aria-label={`Remove ${entry.name}`} onClick={() => onRemove(index)} data-testid="remove">
              <XIcon />
            </Button>
          )}
        </li>
      ))}
    </ol>
  );
}
