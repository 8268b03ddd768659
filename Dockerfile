# One image for the Node apps (api, pipeline, workflows); docker-compose.yml picks the command.
FROM node:24-bookworm-slim
WORKDIR /app
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1 NODE_ENV=production
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY shared/sdk/package.json shared/sdk/
COPY cli/package.json cli/
COPY api/package.json api/
COPY pipeline/package.json pipeline/
COPY workflows/package.json workflows/
COPY clickhouse/package.json clickhouse/
COPY console/package.json console/
COPY stack/package.json stack/
RUN npm ci --no-audit --no-fund --include=dev
COPY . .
# Generation never runs the schema engine; any executable satisfies the check.
RUN cd api && PRISMA_SCHEMA_ENGINE_BINARY=/bin/true npx prisma generate
# The documentation site the API serves under /guide/ (VitePress; no network needed).
RUN node docs/src/build-site.ts
USER node
