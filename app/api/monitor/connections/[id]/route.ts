import { adminRoute, ok } from '@/lib/http/route';
import { stopViewer } from '@/lib/slots/stop-viewer';

export const dynamic = 'force-dynamic';

// Stops a viewer: its stream closes and its slot is free at once (on whichever replica serves it).
export const DELETE = adminRoute('admin', async ({ params }) => ok(await stopViewer(String(params.id ?? ''))));
