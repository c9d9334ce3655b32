import { z } from 'zod';

// Shared by /api/monitor/requests and the API monitor page. Imports only zod.
export const requestFilterSchema = z.object({
  line: z.string().trim().min(1).max(64, 'must be at most 64 characters').optional(),
  action: z.string().trim().min(1).max(64, 'must be at most 64 characters').optional(),
  ip: z.string().trim().min(1).max(64, 'must be at most 64 characters').optional(),
  /** An exact status (401) or a class (4xx). */
  status: z
    .string()
    .regex(/^([1-5]\d\d|[1-5]xx)$/i, 'must be a status like 404 or a class like 4xx')
    .optional(),
});

export type RequestFilterInput = z.infer<typeof requestFilterSchema>;

/** `4xx` → 400..499, `404` → 404..404. */
export function statusRange(status: string | undefined): { from: number; to: number } | undefined {
  if (!status) return undefined;
  if (/xx$/i.test(status)) {
    const from = Number(status[0]) * 100;
    return { from, to: from + 99 };
  }
  return { from: Number(status), to: Number(status) };
}

export const historyQuerySchema = z.object({
  hours: z.coerce.number().int('must be a whole number').min(1, 'must be 1 to 168').max(168, 'must be 1 to 168').default(24),
});
