FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY admin-ui/package.json admin-ui/
RUN npm ci
COPY . .
# Dev dependencies (vite, vue-tsc, vitest, typescript) are needed only up to here.
RUN npm run build --workspace admin-ui && npm prune --omit=dev

FROM node:20-bookworm-slim
# npm runs scripts through dash, which does not pass SIGTERM on to tsx, so `docker stop`
# would kill the server without draining; bash execs the single command instead.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 DATA_DIR=/data \
    npm_config_script_shell=/bin/bash npm_config_update_notifier=false
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/server/package.json /app/server/tsconfig.json ./server/
COPY --from=build /app/server/src ./server/src
COPY --from=build /app/admin-ui/package.json ./admin-ui/
COPY --from=build /app/admin-ui/dist ./admin-ui/dist
# Embedded-database mode (no DATABASE_URL) writes here; a named volume mounted on it inherits the owner.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["npm", "run", "start", "--workspace", "server"]
