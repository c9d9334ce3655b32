/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  // Xtream lists are served pre-gzipped; Next's compression would gzip them a second time.
  compress: false,
  poweredByHeader: false,
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino', 'bcryptjs'],
  outputFileTracingIncludes: { '/**': ['./init.sql', './db/migrations/*.sql'] },
  async rewrites() {
    return { beforeFiles: [], afterFiles: [], fallback: [] };
  },
};

module.exports = nextConfig;
