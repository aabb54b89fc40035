#!/usr/bin/env bash
# Builds the image here (docker/build-local.sh: buildah, no Docker engine) and checks it as a student
# and an instructor meet it. In a throwaway container of the image (`buildah from`; chroot isolation,
# host network), every command's output goes through a pipe this root shell made, so the container's
# processes, uid 1000 included, have a stderr that another user owns, as under `docker run` without
# -t or Kubernetes:
#   1. as uid 1000, every course notebook under /home/jovyan/notebooks runs clean with nbclient;
#   2. as root, scripts/grade.py grades the image's homework release to 0 and the source notebooks of
#      the build context, copied into the container only (never into the image), to full marks;
#   3. as uid 1000, jupyter-notebook (the image's CMD) and jupyterhub-singleuser answer HTTP;
#   4. prints the image's size, and the build's time when it built.
# Usage (root): docker/check-image.sh [--built] [TAG]   --built: TAG exists, skip the build
#               (default TAG: localhost/syslab:check)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
built=0 build_s=""
if [[ "${1:-}" == --built ]]; then built=1; shift; fi
tag="${1:-localhost/syslab:check}"
checks="$root/docker/check"
inside=/tmp/syslab-check   # the check's files, in the container only
began=$(date +%s)

fail() { echo "check-image.sh: FAILED: $*" >&2; exit 1; }
step() { echo "check-image.sh: [$(( $(date +%s) - began )) s] $*"; }
# A failed check is told at once and the others still run: one run shows every failure.
failed=()
failing() { echo "check-image.sh: FAILED: $*" >&2; failed+=("$*"); }

((EUID == 0)) || fail "run as root: buildah's chroot isolation needs it"
if ((!built)); then
  step "building $tag with docker/build-local.sh"
  start=$(date +%s)
  bash "$root/docker/build-local.sh" "$tag" || fail "the image build failed (output above)"
  build_s=$(( $(date +%s) - start ))
fi
command -v buildah >/dev/null || fail "no buildah: docker/build-local.sh installs it"
buildah inspect --type image "$tag" >/dev/null 2>&1 || fail "no image $tag: build it, or drop --built"

# buildah run gives a container 1024 open files at most; Docker gives its daemon's limit (often
# 1048576), which the JVM takes up, and hw3-epoll's hidden test opens 1000 pipe ends. The container
# gets this shell's limit (buildah run has no --ulimit; containers.conf's default_ulimits applies).
conf="$(mktemp)"
printf '[containers]\ndefault_ulimits = ["nofile=%s:%s"]\n' "$(ulimit -Hn)" "$(ulimit -Hn)" >"$conf"
export CONTAINERS_CONF="$conf"
trap 'rm -f "$conf"' EXIT

ctr="$(buildah from --pull-never "$tag")" || fail "buildah from $tag failed"
work="$(mktemp -d)"
trap 'buildah rm "$ctr" >/dev/null; rm -rf "$conf" "$work"' EXIT

# run_in USER [--volume HOST:PATH] CMD...: runs CMD in the container; its stdout and stderr go to a
# pipe of this root shell. Root gets its own HOME, so that it leaves no root-owned Jupyter files in jovyan's.
run_in() {
  local user="$1" home=/home/jovyan volume=(); shift
  ((user == 0)) && home=/root
  if [[ "$1" == --volume ]]; then volume=(--volume "$2"); shift 2; fi
  buildah run --isolation chroot --user "$user" --env HOME="$home" "${volume[@]}" "$ctr" -- "$@" 2>&1 \
    | sed -u 's/^/    /'
}

buildah copy --quiet --chown 0:0 "$ctr" "$checks" "$inside" >/dev/null
# The sources hold solutions: root's only (the graded kernels run as another user).
buildah copy --quiet --chown 0:0 "$ctr" "$root/notebooks/homework" "$inside/source" >/dev/null
run_in 0 chmod -R go= "$inside/source"

step "1/3 course notebooks, as uid 1000, with nbclient"
# buildah mounts a container's overlay "volatile": fsync returns at once there, unlike in a container
# of Docker (06-syscalls waits for fsync). So the notebooks run in a copy of the image's, on a host
# directory mounted in their place, as a volume over the home is on JupyterHub.
cp -a "$(buildah mount "$ctr")/home/jovyan/notebooks/." "$work/"
chown 1000:1000 "$work"
run_in 1000 --volume "$work:/home/jovyan/notebooks" /usr/bin/python3 "$inside/run_notebooks.py" /home/jovyan/notebooks \
  || failing "a course notebook failed in the image (see FAILED above)"

step "2/3 grading as root: the homework release earns 0, its source full marks"
grade="set -o pipefail; /opt/syslab/scripts/grade.py --json --source $inside/source/"
run_in 0 bash -c "$grade /home/jovyan/notebooks/homework/*.ipynb | /usr/bin/python3 $inside/grades.py zero" \
  || failing "the image's homework release did not grade to 0 (see above)"
run_in 0 bash -c "$grade $inside/source/*.ipynb | /usr/bin/python3 $inside/grades.py full" \
  || failing "the source notebooks did not grade to full marks in the image (see above)"

step "3/3 jupyter-notebook and jupyterhub-singleuser answer HTTP, as uid 1000"
# The image's CMD as JSON (buildah 1.28's --format has no json function).
cmd="$(buildah inspect --type image "$tag" \
  | /usr/bin/python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["OCIv1"]["config"]["Cmd"]))')"
run_in 1000 /usr/bin/python3 "$inside/servers.py" "$cmd" \
  || failing "a Jupyter server of the image did not serve (see above)"

size="$(podman image inspect "$tag" --format '{{.Size}}')"
step "image $tag: $((size / 1000000)) MB ($size bytes)${build_s:+, built in $build_s s}"
((${#failed[@]} == 0)) || fail "${#failed[@]} of 4 checks failed: $(printf '%s; ' "${failed[@]}")"
step "passed"
