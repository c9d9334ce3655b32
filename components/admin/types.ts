import type { Role } from '@/lib/users/schemas';

/** The signed-in user as the shell shows it. */
export interface ShellUser {
  id: string;
  username: string;
  role: Role;
}
