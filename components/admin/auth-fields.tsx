'use client';

import { useFormContext } from 'react-hook-form';
import { CircleAlertIcon } from 'lucide-react';
import { PasswordField, TextField } from './form/fields';

interface Credentials {
  username: string;
  password: string;
}

/**
 * Username and password of the sign-in and first-run forms. `choosing` is the first run: the admin
 * picks them, so the rules show and the browser offers a new password.
 */
export function CredentialsFields({ choosing }: { choosing: boolean }) {
  // Both forms hold at least these two fields (setup adds the confirmation).
  const { control: fields } = useFormContext<Credentials>();
  return (
    <>
      <TextField control={fields} name="username" label="Username" autoComplete="username" autoFocus description={choosing ? '3–50 letters, digits, . _ @ or -' : undefined} />
      <PasswordField
        control={fields}
        name="password"
        label="Password"
        autoComplete={choosing ? 'new-password' : 'current-password'}
        description={choosing ? 'At least 10 characters.' : undefined}
      />
    </>
  );
}

/** The form-level error of the sign-in and first-run pages (wrong password, setup refused). */
export function AuthAlert({ message, testId }: { message: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <div
      role="alert"
      data-testid={testId}
      className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive"
    >
      <CircleAlertIcon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <span>{message}</span>
    </div>
  );
}
