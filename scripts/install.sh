#!/usr/bin/env bash
# Installs SysLab on Debian 12 (bookworm) or 13 (trixie): the Debian packages it needs at run time
# and for the notebooks, the kernel jar built with Maven, and the `syslab` kernelspec.
# The JDK: one from 17 to 25 already installed, else the system's default-jdk-headless (17 on
# Debian 12, 21 on Debian 13); the kernelspec runs the `java` first on PATH.
# Idempotent: a rerun installs nothing that is present and rebuilds only when sources changed.
# Usage: scripts/install.sh [--deps-only] [--also DEBIAN_PACKAGE]...
#   --deps-only  install the Debian packages and stop (no build, no kernelspec)
#   --also PKG   install this Debian package too (scripts/test.sh adds the test packages)
set -euo pipefail

# Paths come from this script's own location so Docker, Binder and CI can run it from anywhere.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/kernel/target/syslab.jar"

packages=(
  maven gcc                                    # build the kernel; gcc compiles %%c cells and --with-c's C
  libc6-dev                                    # C headers: gcc only recommends them
  liburing-dev                                 # io_uring's C library: notebook 13's echo server
  jupyter-notebook jupyter-client              # the notebook server and `jupyter kernelspec`
  python3-nbclient python3-nbconvert python3-ipykernel
  strace                                       # %strace
  iproute2                                     # ss, in the syscalls notebook
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

# The feature version (17, 21, 25...) of the JDK whose javac is first on PATH, or nothing.
jdk_feature() {
  command -v javac >/dev/null || return 0
  javac -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p'
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

updated=false
apt_update() {
  $updated || as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  updated=true
  # Debian's slim images have no /usr/share/man/man1, and the JRE's postinst fails linking its
  # manual there (update-alternatives: error creating symbolic link ... java.1.gz.dpkg-tmp).
  as_root mkdir -p /usr/share/man/man1
}
apt_install() {
  apt_update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}
# The version of a package that is installed, else the one apt would install, else nothing.
version() {
  apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Installed: //p; s/^ *Candidate: //p' | grep -v '(none)' | head -1 || true
}

feature="$(jdk_feature)"
if [[ -z "$feature" || "$feature" -lt 17 || "$feature" -gt 25 ]]; then
  echo "install.sh: no JDK from 17 to 25 on PATH${feature:+ (found $feature)}: installing default-jdk-headless"
  apt_install default-jdk-headless
  feature="$(jdk_feature)"
fi
# Javadoc for Shift-Tab inspection: the JDK's lib/src.zip. A JDK from elsewhere, such as Temurin,
# ships it; Debian's is in openjdk-N-source, which depends on the desktop JDK (GTK, Mesa, LLVM: some
# 250 MB), so only its src.zip is unpacked, to where the JDK's lib/src.zip link leads.
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
source_pkg="openjdk-$feature-source"
if [[ ! -e "$java_home/lib/src.zip" ]]; then
  apt_update
  if [[ -n "$(apt-cache policy "$source_pkg" 2>/dev/null | sed -n 's/^ *Candidate: //p' | grep -v '(none)')" ]]; then
    src_zip="$(readlink -m "$java_home/lib/src.zip")"
    download="$(mktemp -d)"
    (cd "$download" && apt-get download -q "$source_pkg")
    as_root mkdir -p "$(dirname "$src_zip")"
    dpkg-deb --fsys-tarfile "$download"/*.deb | tar -x -O --wildcards '*/src.zip' | as_root tee "$src_zip" >/dev/null
    rm -rf "$download"
  fi
  [[ -e "$java_home/lib/src.zip" ]] || echo "install.sh: no $java_home/lib/src.zip: no Javadoc on Shift-Tab"
fi
# With jupyter_client 8 (Debian 13) Notebook 6.4's server cannot connect a kernel's websocket:
# scripts/notebook.sh runs nbclassic there, Notebook 6's pages on Jupyter Server 2.
installed python3-jupyter-client || apt_update
if dpkg --compare-versions "$(version python3-jupyter-client)" ge 8; then
  packages+=(python3-nbclassic)
fi

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install.sh: installing Debian packages (JDK $feature): ${missing[*]}"
  apt_install "${missing[@]}"
else
  echo "install.sh: Debian packages present (JDK $feature)"
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
