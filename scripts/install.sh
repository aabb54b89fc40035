#!/usr/bin/env bash
# Installs SysLab on Debian (bookworm): the Debian packages it needs at run time and for the
# notebooks, the kernel jar built with Maven, and the `syslab` kernelspec.
# Idempotent: a rerun installs nothing that is present and rebuilds only when sources changed.
# Usage: scripts/install.sh [--deps-only] [--also DEBIAN_PACKAGE]...
#   --deps-only  install the Debian packages and stop (no build, no kernelspec)
#   --also PKG   install this Debian package too (scripts/test.sh adds the test packages)
set -euo pipefail

# Paths come from this script's own location so Docker, Binder and CI can run it from anywhere.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/kernel/target/syslab.jar"

packages=(
  openjdk-17-jdk-headless maven gcc            # build the kernel; gcc compiles %%c cells
  libc6-dev                                    # C headers: gcc only recommends them
  jupyter-notebook jupyter-client              # the notebook server and `jupyter kernelspec`
  python3-nbclient python3-nbconvert python3-ipykernel
  strace                                       # %strace
  iproute2                                     # ss, in the syscalls notebook
  openjdk-17-source                            # javadoc for Shift-Tab inspection
  fontconfig fonts-dejavu-core                 # headless chart and table rendering needs fonts
)
deps_only=false
while (($#)); do
  case "$1" in
    --deps-only) deps_only=true ;;
    --also) shift; packages+=("${1:?--also needs a package name}") ;;
    *) echo "install.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "install.sh: need root (or sudo) to run: $*" >&2; exit 1
  fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install.sh: installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install.sh: Debian packages present"
fi
$deps_only && exit 0

# Rebuild only when a pom or a source file is newer than the jar.
if [[ -f "$jar" ]] && [[ -z "$(find "$root" -path "$root/.git" -prune -o \
      \( -name pom.xml -o -path '*/src/main*' \) -newer "$jar" -print -quit)" ]]; then
  echo "install.sh: $jar is up to date"
else
  echo "install.sh: building $jar"
  (cd "$root" && mvn -B -q package -DskipTests)
fi

if [[ $(id -u) -eq 0 ]]; then scope=--sys-prefix; else scope=--user; fi
java -jar "$jar" install "$scope"
