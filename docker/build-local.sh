#!/usr/bin/env bash
# Builds docker/Dockerfile where no Docker engine runs and no registry serves base images: the base
# comes from debootstrap (--variant=minbase), imported under the Dockerfile's FROM name, and buildah
# builds with chroot isolation. Run as root from anywhere; installs debootstrap, buildah and podman.
# The build host's extra CA certificates (/usr/local/share/ca-certificates, e.g. a proxy's) go into
# the local base only, so that apt and Maven reach their registries: never into the Dockerfile.
# Usage: docker/build-local.sh [TAG]      (default tag: syslab:local)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tag="${1:-syslab:local}"
from="$(sed -n 's/^FROM \([^ ]*\) AS base$/\1/p' "$root/docker/Dockerfile")"   # debian:12.11-slim
suite=bookworm
[[ "$from" == debian:13* ]] && suite=trixie

need=()
for p in debootstrap buildah podman; do command -v "$p" >/dev/null || need+=("$p"); done
if ((${#need[@]})); then
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

if ! podman image exists "$from"; then
  base="$(mktemp -d)"
  trap 'rm -rf "$base"' EXIT
  echo "build-local.sh: making $from from debootstrap --variant=minbase $suite"
  debootstrap --variant=minbase "$suite" "$base" >/dev/null
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$base/usr/local/share/ca-certificates/"
  fi
  rm -rf "$base"/var/cache/apt/archives/*.deb "$base"/var/lib/apt/lists/*
  tar -C "$base" -c . | podman import - "$from" >/dev/null
fi

start=$(date +%s)
buildah bud --isolation chroot --layers -f "$root/docker/Dockerfile" \
  --ignorefile "$root/docker/Dockerfile.dockerignore" -t "$tag" "$root"
echo "build-local.sh: built $tag in $(( $(date +%s) - start )) s; $(podman image inspect "$tag" --format '{{.Size}}') bytes"
