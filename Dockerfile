# syntax=docker/dockerfile:1
# NeroPanel: the panel's own server (dist/server.js: the player front, then Next) on Node 22.
# Build: docker build -t neropanel .    Run: docker compose up -d (see docker-compose.yml)

# ---- deps: install every package (dev ones too: the build needs them) -----------------------------
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json* ./
# `npm install`, not `npm ci`: the lockfile is written on one platform and lacks the other
# platforms' optional native packages (lightningcss, @tailwindcss/oxide, ...).
RUN npm install --no-audit --no-fund

# ---- builder: next build + the server entry (scripts/build-server.mjs -> dist/server.js) ---------------
FROM node:22-bookworm-slim AS builder
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The build never touches a database; public/ may be absent from a fresh checkout. The build cache is
# not part of the image.
RUN mkdir -p public db/migrations && npm run build && rm -rf .next/cache

# ---- prod-deps: the packages the server needs at run time (Next's documented custom-server setup) -----
FROM node:22-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json* ./
# The SWC compiler is only used by `next build` and `next dev`; the production server never loads it.
RUN npm install --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@next/swc-* \
 && npm cache clean --force

# ---- runner: the built app beside its production node_modules, as a non-root user ------------------------
FROM node:22-bookworm-slim AS runner
WORKDIR /app
# MALLOC_MMAP_THRESHOLD_: the live relay's 1 MB read slabs come from mmap, so memory freed after a
# load goes back to the system (docs/benchmarks.md, relay memory).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/app/data
RUN groupadd --system --gid 1001 neropanel \
 && useradd --system --uid 1001 --gid neropanel --home-dir /app --shell /usr/sbin/nologin neropanel \
 && mkdir -p /app/data \
 && chown neropanel:neropanel /app/data
COPY --from=prod-deps --chown=neropanel:neropanel /app/node_modules ./node_modules
COPY --from=builder --chown=neropanel:neropanel /app/package.json /app/next.config.js ./
COPY --from=builder --chown=neropanel:neropanel /app/dist ./dist
COPY --from=builder --chown=neropanel:neropanel /app/.next ./.next
COPY --from=builder --chown=neropanel:neropanel /app/public ./public
COPY --from=builder --chown=neropanel:neropanel /app/init.sql ./init.sql
COPY --from=builder --chown=neropanel:neropanel /app/db/migrations ./db/migrations
COPY --from=builder --chown=neropanel:neropanel /app/assets ./assets
USER neropanel
# Embedded PGlite database (when DATABASE_URL is unset) and generated secrets live here.
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
CMD ["node", "dist/server.js"]
