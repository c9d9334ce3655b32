import type { ApiRequestInsert } from '@/db/queries/api-requests';

/** One Xtream request as the log keeps it (passwords and tokens already masked); `at` as ISO-8601. */
export type ApiRequestRecord = Omit<ApiRequestInsert, 'at'> & { at: string };
