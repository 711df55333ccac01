# Sourced by the scripts here: picks a docker client that builds with BuildKit (the Dockerfile's
# `RUN --mount=type=secret`): one with the buildx plugin, else a client with BuildKit built in
# (Debian's docker.io 20.10 at /usr/bin/docker; a newer client without buildx refuses
# DOCKER_BUILDKIT=1). `docker` below is that client; DOCKER_HOST is honoured by either.
docker_bin=
for candidate in "${DOCKER_CLI:-}" "$(command -v docker 2> /dev/null)" /usr/bin/docker; do
  [ -n "$candidate" ] && [ -x "$candidate" ] || continue
  if "$candidate" buildx version > /dev/null 2>&1; then docker_bin=$candidate; break; fi
  case $("$candidate" version --format '{{.Client.Version}}' 2> /dev/null) in
    18.* | 19.* | 20.* | 21.* | 22.*) docker_bin=$candidate; break ;;
  esac
done
[ -n "$docker_bin" ] || { echo "[docker] no docker client that builds with BuildKit (install docker.io or the buildx plugin)" >&2; exit 1; }
docker() { DOCKER_BUILDKIT=1 command "$docker_bin" "$@"; }
