'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { signIn } from 'next-auth/react';
import { Button } from '@/components/ui/button';
import { Form } from '@/components/ui/form';
import { setupSchema } from '@/lib/users/schemas';
import { ApiError, callApi } from './api-client';
import { AuthAlert, CredentialsFields } from './auth-fields';
import { PasswordField } from './form/fields';
import { applyApiFieldErrors } from './form/use-api-form';

// The API takes {username, password}; the confirmation only lives in the form.
const setupFormSchema = setupSchema
  .extend({ confirmPassword: z.string() })
  .refine((values) => values.password === values.confirmPassword, {
    path: ['confirmPassword'],
    message: 'the passwords do not match',
  });

type SetupValues = z.infer<typeof setupFormSchema>;

export function SetupForm() {
  const [error, setError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const form = useForm<SetupValues>({
    resolver: zodResolver(setupFormSchema),
    defaultValues: { username: '', password: '', confirmPassword: '' },
  });

  async function onSubmit({ username, password }: SetupValues) {
    setError(null);
    try {
      await callApi('/api/setup', { method: 'POST', body: { username, password } });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        // Someone else finished the setup first.
        setRedirecting(true);
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load drops what the old session cached
        window.location.assign('/login');
        return;
      }
      if (err instanceof ApiError) {
        applyApiFieldErrors(form, err, ['username', 'password']);
        if (!err.fields.username && !err.fields.password) setError(err.message);
      } else {
        setError('Something went wrong. Try again.');
      }
      return;
    }

    setRedirecting(true);
    const res = await signIn('credentials', { username, password, redirect: false }).catch(() => undefined);
    window.location.assign(res?.ok && !res.error ? '/' : '/login');
  }

  const submitting = form.formState.isSubmitting || redirecting;

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4" noValidate>
        <AuthAlert message={error} />
        <CredentialsFields choosing />
        <PasswordField control={form.control} name="confirmPassword" label="Confirm password" />
        <Button type="submit" className="mt-1 w-full" disabled={submitting}>
          {submitting ? 'Creating admin…' : 'Create admin account'}
        </Button>
      </form>
    </Form>
  );
}
