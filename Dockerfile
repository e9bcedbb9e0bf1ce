# Cars Bot workers, API and bot. Node.js 24 (the LTS line, as .nvmrc), Debian-based: the Temporal
# SDK's native core needs glibc.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Exactly the lock file's versions. No scripts yet: `prepare` builds dist/ from sources copied next.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY scripts/build-dist.js ./scripts/
COPY src ./src
# dist/: the compiled code and the prebuilt workflow bundle the workers load.
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
# The commit the image is built from, for Worker Versioning's build id (the image has no .git):
# docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD) .
ARG GIT_COMMIT=
ENV GIT_COMMIT=$GIT_COMMIT
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
USER node
ENTRYPOINT ["node", "bin/cars-bot.js"]
CMD ["--help"]
