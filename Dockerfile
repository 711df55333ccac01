# One image recipe for every service: docker build --build-arg APP=social-assistance -t civic-platform/social-assistance .
# Services run their TypeScript through @swc-node/register, as `npm start` does, so the image runs
# exactly what the tests ran (decorator metadata and the tsconfig path aliases come from SWC and
# tsconfig.json; see deploy/README.md, "Runtime").
# Node 24 LTS, the major the tests run on (scripts/node-lts.sh NODE_LTS_MAJOR, package.json engines)
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; @swc-node/register and @swc/core are runtime dependencies
# (package.json "dependencies"), and the build stops here if they are not. A machine whose TLS is
# intercepted passes its CA bundle as a BuildKit secret (infra/images/build-apps.sh:
# --secret id=npm_ca,src=...): mounted for this step only, never in a layer of the image.
RUN --mount=type=secret,id=npm_ca,required=false \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca npm_config_cafile=/run/secrets/npm_ca; fi \
 && npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
 && node -e "require.resolve('@swc-node/register'); require.resolve('@swc/core')"

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    SWC_NODE_PROJECT=tsconfig.json
WORKDIR /app
# Everything every service shares comes before ARG APP, so these layers are built once and shared
# by all the service images (an ARG changes the cache key of every instruction after it).
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json tsconfig.base.json tsconfig.json ./
COPY --chown=root:root libs ./libs
# the topics admin step (deploy/base/kafka-topics-job.yaml runs it from a service image)
COPY --chown=root:root scripts/topics-apply.ts ./scripts/topics-apply.ts
ARG APP
RUN test -n "$APP" || (echo "build with --build-arg APP=<directory under apps/>" >&2; exit 1)
ENV APP=${APP}
COPY --chown=root:root apps/${APP} ./apps/${APP}
# The code is owned by root and read-only to the service user. The port comes from PORT
# (deploy/ports.conf), so there is no EXPOSE.
USER node
STOPSIGNAL SIGTERM
# sh expands $APP, then exec makes node PID 1 so SIGTERM reaches it (graceful shutdown)
CMD ["sh", "-c", "exec node -r @swc-node/register apps/$APP/src/main.ts"]
