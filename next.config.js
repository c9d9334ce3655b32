/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  // Xtream lists are served pre-gzipped; Next's compression would gzip them a second time.
  compress: false,
  poweredByHeader: false,
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino', 'bcryptjs'],
  outputFileTracingIncludes: { '/**': ['./init.sql', './db/migrations/*.sql'] },
  // The public Xtream surface lives at the server root (players never use a sub-path) and is served
  // by Pages API routes under /api/xtream. beforeFiles: these win over every page and App route.
  async rewrites() {
    const x = (source, destination) => ({ source, destination });
    return {
      beforeFiles: [
        x('/player_api.php', '/api/xtream/player_api'),
        x('/api/player_api.php', '/api/xtream/player_api'),
        x('/panel_api.php', '/api/xtream/panel_api'),
        x('/get.php', '/api/xtream/get'),
        x('/xmltv.php', '/api/xtream/xmltv'),
      ],
      afterFiles: [],
      fallback: [],
    };
  },
};

module.exports = nextConfig;
