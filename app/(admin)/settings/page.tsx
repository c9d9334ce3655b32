import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/admin/page-header';
import { BackupSection } from '@/components/admin/settings/backup-section';
import { SettingsForm } from '@/components/admin/settings/settings-form';
import { TokensSection } from '@/components/admin/settings/tokens-section';
import { listTokens } from '@/lib/api-tokens/service';
import { getCurrentUser } from '@/lib/auth/current-user';
import { getSettings } from '@/lib/settings';
import { settingsForViewer } from '@/lib/settings/patch';

export const metadata: Metadata = { title: 'Settings' };
export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  const admin = user.role === 'admin';
  const [settings, tokens] = await Promise.all([getSettings(), admin ? listTokens() : Promise.resolve([])]);
  return (
    <>
      <PageHeader title="Settings" description={admin ? 'Run-time settings, notifications, API tokens and backups. Changes apply without a restart.' : 'Run-time settings of this panel. Only admins can change them.'} />
      <div className="grid gap-4">
        <SettingsForm initial={admin ? settings : settingsForViewer(settings)} canEdit={admin} />
        {admin && <TokensSection tokens={tokens} />}
        {admin && <BackupSection />}
      </div>
    </>
  );
}
