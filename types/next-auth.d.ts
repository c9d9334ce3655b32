import 'next-auth';

declare module 'next-auth' {
  interface User {
    id: string;
    role?: 'admin' | 'viewer';
  }
  interface Session {
    user: { id: string; name: string };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    /** The sign-in session (user_sessions.id) this token belongs to. */
    sid?: string;
  }
}
