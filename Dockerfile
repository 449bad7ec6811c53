FROM node:22-bookworm-slim AS build
# argon2 compiles itself when its prebuilt binary does not load.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY admin-ui/package.json admin-ui/
RUN npm ci
COPY . .
# Dev dependencies (vite, vue-tsc, typescript) are needed only up to here.
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
# server/package.json says "type": "module": dist/*.js are ES modules.
COPY --from=build /app/server/package.json ./server/
COPY --from=build /app/server/dist ./server/dist
COPY --from=build /app/admin-ui/package.json ./admin-ui/
COPY --from=build /app/admin-ui/dist ./admin-ui/dist
# Embedded-database mode (no DATABASE_URL) writes here; a named volume mounted on it inherits the owner.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Plain node, no npm or shell in between: `docker stop`'s SIGTERM reaches the server, which drains.
CMD ["node", "server/dist/main.js"]
