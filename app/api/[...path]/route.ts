import { adminRoute } from '@/lib/http/route';
import { AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

// Unknown admin API paths: the same JSON errors as real ones (401 first), never Next's HTML 404 page.
const unknown = adminRoute('viewer', async () => {
  throw new AppError('not_found', 'No such API route');
});

export { unknown as GET, unknown as POST, unknown as PUT, unknown as PATCH, unknown as DELETE };
