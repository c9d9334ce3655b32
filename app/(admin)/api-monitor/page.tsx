import type { Metadata } from 'next';
import { ActivityIcon } from 'lucide-react';
import { EmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';

export const metadata: Metadata = { title: 'API monitor' };

export default function ApiMonitorPage() {
  return (
    <>
      <PageHeader title="API monitor" description="Live traffic from players and the streams they are watching." />
      <EmptyState icon={ActivityIcon} title="No traffic to show yet">
        Watch player requests as they happen, see who is streaming what and how many connections each upstream has left,
        and spot failing calls. Coming with the monitoring module.
      </EmptyState>
    </>
  );
}
