// Every test process gets fixed secrets so encryption round-trips, and no stray DATABASE_URL.
process.env.APP_SECRET ??= 'test-app-secret-0123456789abcdef';
process.env.NEXTAUTH_SECRET ??= 'test-nextauth-secret-0123456789abcdef';
process.env.LOG_LEVEL ??= 'silent';
delete process.env.DATABASE_URL;
