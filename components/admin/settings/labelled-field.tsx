import type { ReactNode } from 'react';
import { Label } from '@/components/ui/label';
import { NativeSelect } from './native-select';

/** A control under its label (`id` is the control's). */
export function LabelledField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}

/** A labelled native select of fixed choices (`[value, text]`, in order); `id` is also its test id. */
export function LabelledChoice<T extends string>({ id, label, value, choices, onChange }: { id: string; label: string; value: T; choices: [T, string][]; onChange: (value: T) => void }) {
  return (
    <LabelledField id={id} label={label}>
      <NativeSelect id={id} data-testid={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {choices.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </NativeSelect>
    </LabelledField>
  );
}
