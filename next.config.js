/** @type {import('next').NextConfig} */
// The panel runs as a custom server (server/main.ts): the player surface is answered on node:http ahead
// of Next, so there are no rewrites here and no standalone output (Next documents that the two do not
// go together); production runs `node dist/server.js` beside the production node_modules.
const nextConfig = {
  // Player lists are served pre-gzipped by the front; Next's compression would gzip them again.
  compress: false,
  poweredByHeader: false,
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino', 'bcryptjs', 'sharp'],
};

module.exports = nextConfig;
