import { z } from 'zod';

// Shared by the sign-in form (zodResolver) and next-auth's authorize(). Imports only zod.
export const roleSchema = z.enum(['admin', 'viewer']);
export type Role = z.infer<typeof roleSchema>;

export const loginSchema = z.object({ username: z.string().min(1, 'required'), password: z.string().min(1, 'required') });
