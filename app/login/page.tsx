import { Suspense } from 'react';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/admin/auth-card';
import { LoginForm } from '@/components/admin/login-form';
import { getCurrentUser } from '@/lib/auth/current-user';
import { needsSetup } from '@/lib/setup/first-run';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function LoginPage() {
  if (await needsSetup()) redirect('/setup');
  if (await getCurrentUser()) redirect('/');
  return (
    <AuthCard title="Sign in to NeroPanel" description="Use your panel account.">
      <Suspense>
        <LoginForm />
      </Suspense>
    </AuthCard>
  );
}
