'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { signIn } from 'next-auth/react';
import { CircleAlertIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { setupSchema } from '@/lib/users/schemas';
import { ApiError, callApi } from './api-client';

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
        if (err.fields.username) form.setError('username', { message: err.fields.username });
        if (err.fields.password) form.setError('password', { message: err.fields.password });
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
        {error && (
          <div
            role="alert"
            className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive"
          >
            <CircleAlertIcon className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>{error}</span>
          </div>
        )}
        <FormField
          control={form.control}
          name="username"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Username</FormLabel>
              <FormControl>
                <Input autoComplete="username" autoCapitalize="none" spellCheck={false} autoFocus {...field} />
              </FormControl>
              <FormDescription>3–50 letters, digits, . _ @ or -</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="password"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Password</FormLabel>
              <FormControl>
                <Input type="password" autoComplete="new-password" {...field} />
              </FormControl>
              <FormDescription>At least 10 characters.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="confirmPassword"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Confirm password</FormLabel>
              <FormControl>
                <Input type="password" autoComplete="new-password" {...field} />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <Button type="submit" className="mt-1 w-full" disabled={submitting}>
          {submitting ? 'Creating admin…' : 'Create admin account'}
        </Button>
      </form>
    </Form>
  );
}
