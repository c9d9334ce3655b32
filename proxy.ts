import { withAuth } from 'next-auth/middleware';

// Guards the admin pages only. The Xtream surface and the API never pass through here: API routes
// check the session themselves (JSON 401/403), players never carry a session.
export default withAuth({
  pages: { signIn: '/login' },
  callbacks: { authorized: ({ token }) => Boolean(token?.sub) },
});

export const config = {
  matcher: [
    '/',
    '/upstream/:path*',
    '/local-content/:path*',
    '/content-browser/:path*',
    '/api-monitor/:path*',
    '/routing-rules/:path*',
    '/lines/:path*',
    '/users/:path*',
    '/audit/:path*',
    '/settings/:path*',
  ],
};
