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
# The name Docker pulls for it: imported as plain debian:..., the base would be localhost/debian:...,
# and buildah would build on any docker.io/library/debian:... image already there instead.
[[ "$from" == */* ]] || from="docker.io/library/$from"

need=()
for p in debootstrap buildah podman; do command -v "$p" >/dev/null || need+=("$p"); done
if ((${#need[@]})); then
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# The base is made as Docker's official debian:*-slim images are (debuerreotype): debootstrap
# --variant=minbase, then dpkg told to leave out documentation, manuals and translations, and apt to
# drop downloaded packages and caches after each run. Without that the image measured here would
# be some 120 MB larger than the one Docker builds. The label tells a base made by an older recipe.
recipe=2
if [[ "$(podman image inspect "$from" --format '{{index .Labels "syslab.local-base"}}' 2>/dev/null)" != "$recipe" ]]; then
  base="$(mktemp -d)"
  trap 'rm -rf "$base"' EXIT
  echo "build-local.sh: making $from from debootstrap --variant=minbase $suite"
  debootstrap --variant=minbase "$suite" "$base" >/dev/null
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    mkdir -p "$base/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$base/usr/local/share/ca-certificates/"
  fi
  cat >"$base/etc/dpkg/dpkg.cfg.d/docker" <<'EOF_DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/man/*
EOF_DPKG
  clean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true";'
  printf 'DPkg::Post-Invoke { %s };\nAPT::Update::Post-Invoke { %s };\nDir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n' \
    "$clean" "$clean" >"$base/etc/apt/apt.conf.d/docker-clean"
  echo 'Acquire::Languages "none";' >"$base/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Acquire::GzipIndexes "true";' >"$base/etc/apt/apt.conf.d/docker-gzip-indexes"
  # what debootstrap installed before dpkg was told
  rm -rf "$base"/usr/share/{groff,info,linda,lintian/overrides,man}/*
  find "$base/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  find "$base/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$base/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$base"/var/cache/apt/archives/*.deb "$base"/var/lib/apt/lists/*
  tar -C "$base" -c . | podman import --change "LABEL syslab.local-base=$recipe" - "$from" >/dev/null
fi

start=$(date +%s)
buildah bud --isolation chroot --layers -f "$root/docker/Dockerfile" \
  --ignorefile "$root/docker/Dockerfile.dockerignore" -t "$tag" "$root"
echo "build-local.sh: built $tag in $(( $(date +%s) - start )) s; $(podman image inspect "$tag" --format '{{.Size}}') bytes"
