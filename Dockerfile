# syntax=docker/dockerfile:1
# The Fortnox Connector firm server (issue 10): `docker build -t fortnox-connector-server .`
# Build stage: the whole toolchain, to bundle server/ into one CommonJS file (scripts/build-server.mjs).
FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: nothing the server bundle needs runs one (esbuild finds its binary package itself).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.base.json tsconfig.node.json ./
COPY scripts ./scripts
COPY shared ./shared
COPY main ./main
COPY simulator ./simulator
COPY server ./server
RUN node scripts/build-server.mjs

# Runtime stage: Node, the bundle with its migrations, and PGlite (loaded from its own package
# folder, with its WebAssembly files). No toolchain, no sources, no secrets.
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=41818 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /src/node_modules/@electric-sql/pglite ./node_modules/@electric-sql/pglite
COPY --from=build /src/out/server ./
# The data folder (PGlite's database and its generated key when no DATABASE_URL / ENCRYPTION_KEY is
# set) belongs to the unprivileged user the server runs as.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 41818
# Liveness only (the event loop answers); orchestrators route traffic by /readyz.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.PORT||41818,path:'/livez',timeout:2500},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
# Node itself is PID 1 and handles SIGTERM (graceful shutdown: finish in-flight refreshes, release locks).
CMD ["node", "index.cjs"]
