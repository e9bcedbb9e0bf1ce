# Cars Bot workers, API and bot. Debian-based: the Temporal SDK's native core needs glibc.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No scripts yet: `prepare` builds dist/ from sources that are copied next.
RUN npm install --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY scripts/build-dist.js ./scripts/
COPY src ./src
# dist/: the compiled code and the prebuilt workflow bundle the workers load.
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
USER node
ENTRYPOINT ["node", "bin/cars-bot.js"]
CMD ["--help"]
