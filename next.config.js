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
        x('/live/:u/:p/:stream', '/api/xtream/live/:u/:p/:stream'),
        x('/movie/:u/:p/:stream', '/api/xtream/movie/:u/:p/:stream'),
        x('/series/:u/:p/:stream', '/api/xtream/series/:u/:p/:stream'),
        x('/hls/:token', '/api/xtream/hls/:token'),
        x('/timeshift/:u/:p/:minutes/:start/:stream', '/api/xtream/timeshift/:u/:p/:minutes/:start/:stream'),
        x('/streaming/timeshift.php', '/api/xtream/timeshift'),
      ],
      afterFiles: [],
      // The bare stream URL /{u}/{p}/{id}: tried after every page and API route, so it never
      // shadows the panel's own paths (/api/auth/csrf, /api/x/{id}, ...).
      fallback: [x('/:u/:p/:stream', '/api/xtream/stream/:u/:p/:stream')],
    };
  },
};

module.exports = nextConfig;
