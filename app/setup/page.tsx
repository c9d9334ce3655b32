import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/admin/auth-card';
import { SetupForm } from '@/components/admin/setup-form';
import { needsSetup } from '@/lib/setup/first-run';

export const metadata: Metadata = { title: 'Set up' };
export const dynamic = 'force-dynamic';

export default async function SetupPage() {
  if (!(await needsSetup())) redirect('/login');
  return (
    <AuthCard title="Welcome to NeroPanel" description="Create the first admin account to finish the setup.">
      <SetupForm />
    </AuthCard>
  );
}
