'use client';

import { useState } from 'react';
import { useSearchParams } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { signIn } from 'next-auth/react';
import { Button } from '@/components/ui/button';
import { Form } from '@/components/ui/form';
import { safeCallbackPath } from '@/lib/http/callback-url';
import { loginSchema } from '@/lib/auth/schemas';
import { AuthAlert, CredentialsFields } from './auth-fields';

type LoginValues = z.infer<typeof loginSchema>;


export function LoginForm() {
  const searchParams = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const form = useForm<LoginValues>({
    resolver: zodResolver(loginSchema),
    defaultValues: { username: '', password: '' },
  });

  async function onSubmit({ username, password }: LoginValues) {
    setError(null);
    let res: Awaited<ReturnType<typeof signIn>>;
    try {
      res = await signIn('credentials', { username, password, redirect: false });
    } catch {
      setError('Could not reach the server. Check your connection and try again.');
      return;
    }
    if (res?.ok && !res.error) {
      setRedirecting(true);
      window.location.assign(safeCallbackPath(searchParams?.get('callbackUrl') ?? null));
      return;
    }
    if (res?.error === 'RateLimited' || res?.status === 429) {
      setError('Too many failed attempts. Try again in 15 minutes.');
    } else if (res?.error === 'Busy') {
      setError('Too many sign-ins at this moment. Try again in a few seconds.');
    } else {
      setError('Wrong username or password.');
    }
    form.setValue('password', '');
    form.setFocus('password');
  }

  const submitting = form.formState.isSubmitting || redirecting;

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4" noValidate>
        <AuthAlert message={error} testId="login-error" />
        <CredentialsFields choosing={false} />
        <Button type="submit" className="mt-1 w-full" disabled={submitting}>
          {submitting ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </Form>
  );
}
