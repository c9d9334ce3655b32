import type { ReactNode } from 'react';
import { Label } from '@/components/ui/label';

/** A control under its label (`id` is the control's). */
export function LabelledField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}
