#!/usr/bin/env bash
# Runs the README's test command on a minimal Debian (debootstrap --variant=minbase) in a chroot, to
# prove that scripts/install.sh installs everything a bare system needs and the suite passes there.
# Usage (as root): scripts/check-debian.sh SUITE [DIR]
#   SUITE  bookworm (Debian 12) or trixie (Debian 13)
#   DIR    the root to use: made with debootstrap if it holds no system yet, reused if it does, kept
#          afterwards. Without DIR a temporary root is made and removed at the end.
# Environment: MIRROR (default http://deb.debian.org/debian).
# Exits with the status of `bash scripts/test.sh` run inside (as root, CI=true, without the image
# check: building a container inside the chroot proves nothing about the image, which
# tests/test_image.py checks from the host).
set -euo pipefail

suite="${1:-}"
case "$suite" in
  bookworm|trixie) ;;
  *) echo "usage: $0 bookworm|trixie [DIR]" >&2; exit 2 ;;
esac
[[ $(id -u) -eq 0 ]] || { echo "check-debian.sh: needs root (debootstrap, mount, chroot)" >&2; exit 1; }
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ -n "${2:-}" ]]; then
  mkdir -p "$2"; dir="$(cd "$2" && pwd)"; temporary=false
else
  dir="$(mktemp -d "/var/tmp/syslab-$suite.XXXXXX")"; temporary=true
fi

mounted=()   # in mount order; unmounted in reverse
cleanup() {
  # Processes left running in the root (a kernel, a Jupyter server) keep its mounts busy.
  local p
  for p in /proc/[0-9]*; do
    [[ "$(readlink "$p/root" 2>/dev/null)" == "$dir" ]] && kill -KILL "${p#/proc/}" 2>/dev/null
  done
  sleep 1
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount -R "${mounted[i]}" || umount -R -l "${mounted[i]}" || true
  done
  if $temporary; then rm -rf --one-file-system "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

in_root() { chroot "$dir" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
phase() { echo "check-debian.sh: $*"; SECONDS=0; }
took() { echo "check-debian.sh: $1 took ${SECONDS}s"; }

if [[ ! -x "$dir/usr/bin/apt-get" ]]; then
  phase "debootstrap --variant=minbase $suite $dir"
  debootstrap --variant=minbase "$suite" "$dir" "${MIRROR:-http://deb.debian.org/debian}"
  took debootstrap
else
  echo "check-debian.sh: reusing the $(. "$dir/etc/os-release" && echo "$PRETTY_NAME") root in $dir"
fi
cp /etc/resolv.conf "$dir/etc/resolv.conf"

# A host behind a TLS-intercepting proxy trusts extra CAs; the root needs them too (Maven, HTTPS).
shopt -s nullglob
cas=(/usr/local/share/ca-certificates/*.crt)
shopt -u nullglob
if ((${#cas[@]})); then
  if [[ ! -x "$dir/usr/sbin/update-ca-certificates" ]]; then
    in_root apt-get update -q
    in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ca-certificates
  fi
  cp "${cas[@]}" "$dir/usr/local/share/ca-certificates/"
  in_root update-ca-certificates
fi

# The root a mount point of its own: inside, /proc/self/mounts then has an entry for / (Java's
# Files.getFileStore, df and stat -f look for it).
mount --bind "$dir" "$dir"; mounted+=("$dir")
# What the suite needs: /proc, /sys with the host's cgroups (pids cgroup tests), ptys of the
# root's own, /dev/shm. Loopback networking is the host's.
mount -t proc proc "$dir/proc"; mounted+=("$dir/proc")
mount -t sysfs sys "$dir/sys"; mounted+=("$dir/sys")
mount --rbind /sys/fs/cgroup "$dir/sys/fs/cgroup"; mounted+=("$dir/sys/fs/cgroup")
mount --make-rslave "$dir/sys/fs/cgroup"
mount --bind /dev "$dir/dev"; mounted+=("$dir/dev")
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$dir/dev/pts"; mounted+=("$dir/dev/pts")
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$dir/dev/shm"; mounted+=("$dir/dev/shm")

# A checkout of the commit at HEAD, as a user's clone is (tests list the repository's files with git).
rm -rf "$dir/opt/syslab"
git clone --quiet --no-checkout "$repo" "$dir/opt/syslab"
git -C "$dir/opt/syslab" checkout --quiet --detach "$(git -C "$repo" rev-parse HEAD)"

phase "bash scripts/test.sh in the $suite root (CI=true, no image check)"
status=0
in_root env CI=true SYSLAB_IMAGE_TEST=0 bash -c 'cd /opt/syslab && exec bash scripts/test.sh' || status=$?
took "scripts/test.sh (exit status $status)"
exit "$status"
