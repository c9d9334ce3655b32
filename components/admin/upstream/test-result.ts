import { z } from 'zod';

// The answer of POST /api/upstream/test and /api/upstream/{id}/test.
export const testResultSchema = z.object({
  success: z.boolean(),
  message: z.string(),
  code: z.string().nullable(),
  serverInfo: z
    .object({
      url: z.string().nullable(),
      port: z.string().nullable(),
      httpsPort: z.string().nullable(),
      protocol: z.string().nullable(),
      timezone: z.string().nullable(),
    })
    .nullable(),
  userInfo: z
    .object({
      status: z.string(),
      expiresAt: z.string().nullable(),
      maxConnections: z.number().nullable(),
      activeConnections: z.number().nullable(),
      isTrial: z.boolean(),
    })
    .nullable(),
});
export type TestResult = z.infer<typeof testResultSchema>;
