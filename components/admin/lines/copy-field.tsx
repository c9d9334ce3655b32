'use client';

import { CopyIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/utils';
import { copyText } from './copy-text';

interface CopyFieldProps {
  label: string;
  value: string;
  /** `copy-${testId}` on the button, `testId` on the text. */
  testId: string;
  className?: string;
}

/** A labelled value in monospace with a copy button; long links wrap instead of overflowing. */
export function CopyField({ label, value, testId, className }: CopyFieldProps) {
  return (
    <div className={cn('grid gap-1.5', className)}>
      <div className="text-xs font-medium text-muted-foreground">{label}</div>
      <div className="flex items-start gap-2">
        <code
          data-testid={testId}
          className="min-w-0 flex-1 rounded-md border bg-muted/40 px-2.5 py-1.5 font-mono text-xs leading-5 break-all select-all"
        >
          {value}
        </code>
        <CopyButton value={value} label={`Copy ${label.toLowerCase()}`} testId={`copy-${testId}`} />
      </div>
    </div>
  );
}

export function CopyButton({ value, label, testId }: { value: string; label: string; testId: string }) {
  return (
    <Button
      type="button"
      variant="outline"
      size="icon-sm"
      aria-label={label}
      title={label}
      data-testid={testId}
      onClick={(event) => void copyText(value, event.currentTarget.parentElement)}
    >
      <CopyIcon />
    </Button>
  );
}
