# syntax=docker/dockerfile:1
# The image runs what CI exercises: `npm ci` and `npm run build` to build, and at run time the
# exact commands of the npm scripts `start:prod` (and `db:migrate:prod` in the one-shot migrate
# service). They are run directly, not through npm, so that the process receives SIGTERM itself
# and shuts down gracefully (npm does not pass signals on to its child). CI's smoke test starts
# the server from the same package.json script text, and a test keeps the two in step.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY src ./src
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY prisma/migrations ./prisma/migrations
USER node
EXPOSE 3000
# Docker's health status reports readiness: "healthy" means the API can serve (database reachable,
# schema current), which is what `docker compose ps` readers and depends_on want to know. Plain
# Docker restarts nothing on "unhealthy"; an orchestrator with separate probes should use
# /health/live for liveness and /health/ready for readiness (README.md, "Running with Docker").
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# A larger young generation: each weighing allocates ~200 KB that lives until its batch commits;
# measured ~15% less CPU per recorded request than the default.
CMD ["node", "--max-semi-space-size=64", "dist/main.js"]
