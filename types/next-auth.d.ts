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
