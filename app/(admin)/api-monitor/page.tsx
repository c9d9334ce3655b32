import type { Metadata } from 'next';
import { PageHeader } from '@/components/admin/page-header';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listRequests, requestRates } from '@/lib/monitor/request-log';
import { connectionsSnapshot } from '@/lib/slots/connections';
import { ApiMonitorView } from './api-monitor-view';

export const metadata: Metadata = { title: 'API monitor' };
export const dynamic = 'force-dynamic';

export default async function ApiMonitorPage() {
  const [requests, connections, user] = await Promise.all([listRequests({ page: 1, pageSize: 100, filter: {} }), connectionsSnapshot(), getCurrentUser()]);
  const rates = requestRates();
  return (
    <>
      <PageHeader title="API monitor" description="Live traffic from players and the streams they are watching." />
      <ApiMonitorView
        initialRequests={requests.items}
        initialConnections={connections}
        initialRates={{ perMinute: rates.perMinute, errors: rates.errorsLastMinute }}
        canAct={user?.role === 'admin'}
      />
    </>
  );
}
