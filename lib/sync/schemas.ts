import { z } from 'zod';

export const syncNowSchema = z.strictObject({
  upstreamId: z.uuid('must be an upstream id').optional(),
});
