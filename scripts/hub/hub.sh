#!/usr/bin/env bash
# A JupyterHub 3.0 for a class on this machine, on loopback only (scripts/hub/README.md).
# Run as root: it installs Debian packages, makes one system user per student and starts the hub,
# which starts each student's server as that user.
#
#   hub.sh start [--students N] [--prefix P] [--port PORT] [--state DIR]
#       installs jupyterhub and its proxy (scripts/install.sh --also) and the syslab kernelspec,
#       makes users P01..PNN (useradd, home mode 0700), a student release of notebooks/ in
#       DIR/notebooks, a service token in DIR/private/service-token, and starts the hub in the
#       background (log DIR/private/hub.log); returns once the hub's API answers.
#       Ports: PORT (the proxy: http://127.0.0.1:PORT), PORT+1 (hub API), PORT+2 (proxy API).
#   hub.sh stop [--prefix P] [--state DIR]
#       stops the hub (which stops the servers), then kills what is left of the students' processes.
#   hub.sh remove-users [--prefix P]
#       stop first; deletes the users P01... and their homes (userdel -r).
# Defaults: --students 20 --prefix syslab-s --port 8765 --state /var/lib/syslab-hub
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

command="${1:-}"; shift || true
students=20 prefix=syslab-s port=8765 state=/var/lib/syslab-hub
while (($#)); do
  case "$1" in
    --students) students="${2:?}"; shift ;;
    --prefix) prefix="${2:?}"; shift ;;
    --port) port="${2:?}"; shift ;;
    --state) state="${2:?}"; shift ;;
    *) echo "hub.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
[[ $(id -u) -eq 0 ]] || { echo "hub.sh: run as root (it makes users and starts servers as them)" >&2; exit 1; }
state="$(realpath -m "$state")"
case "$state" in
  /tmp|/tmp/*) echo "hub.sh: --state must be outside /tmp: each student's server gets a /tmp of its own," \
                    "which hides the real one and the notebooks there" >&2; exit 2 ;;
esac
[[ "$students" =~ ^[0-9]+$ && "$students" -ge 1 && "$students" -le 99 ]] \
  || { echo "hub.sh: --students from 1 to 99" >&2; exit 2; }

# The class's users: P01, P02... (existing ones, for stop and remove-users).
names() { getent passwd | cut -d: -f1 | grep -E "^${prefix}[0-9]{2}\$" | sort || true; }

hub_pid() { [[ -f "$state/private/hub.pid" ]] && cat "$state/private/hub.pid" || true; }

stop() {
  local pid; pid="$(hub_pid)"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && { echo "hub.sh: hub $pid still running after 60 s: killing it"; kill -KILL "$pid"; }
  fi
  rm -f "$state/private/hub.pid"
  # The proxy outlives a killed hub; its pid file is the hub's.
  local proxy="$state/private/jupyterhub-proxy.pid"
  if [[ -f "$proxy" ]]; then kill -TERM "$(cat "$proxy")" 2>/dev/null || true; rm -f "$proxy"; fi
  # Orphans of fork experiments, a server the hub lost: anything still running as a student.
  local name
  for name in $(names); do
    pkill -KILL -u "$name" 2>/dev/null || true
  done
}

case "$command" in
  start)
    if [[ -n "$(hub_pid)" ]] && kill -0 "$(hub_pid)" 2>/dev/null; then
      echo "hub.sh: a hub is running already (pid $(hub_pid)); hub.sh stop first" >&2; exit 1
    fi
    # jupyterhub and node-configurable-http-proxy from Debian (curl: to see the hub answer), then
    # the kernel and its kernelspec system-wide, as the image has them.
    bash "$root/scripts/install.sh" --also jupyterhub --also node-configurable-http-proxy --also curl >&2

    mkdir -p "$state/private" "$state/tmp"
    chmod 755 "$state"; chmod 700 "$state/private" "$state/tmp"
    # The notebooks every student gets: the student release, as in the image (no solutions).
    rm -rf "$state/notebooks" && cp -r "$root/notebooks" "$state/notebooks"
    find "$state/notebooks" -name .ipynb_checkpoints -prune -exec rm -rf {} +
    bash "$root/scripts/release.sh" "$state/notebooks" >&2
    chmod -R a+rX "$state/notebooks"
    [[ -s "$state/private/service-token" ]] \
      || (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$state/private/service-token")

    users=()
    for i in $(seq -f %02g 1 "$students"); do
      name="$prefix$i"
      if ! id "$name" >/dev/null 2>&1; then
        useradd --create-home --shell /bin/bash --user-group "$name"
      fi
      chmod 700 "$(getent passwd "$name" | cut -d: -f6)"  # a student's home is theirs alone
      users+=("$name")
    done

    cd "$state/private"
    # A clean environment: the hub and the servers it starts use Debian's Python and tools.
    # NODE_PATH: Debian's proxy finds its modules (commander...) in /usr/share/nodejs, where only
    # Debian's own nodejs looks; a node from elsewhere (NodeSource's, here) needs to be told.
    env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root \
      NODE_PATH=/usr/share/nodejs \
      SYSLAB_HUB_STATE="$state" SYSLAB_HUB_PORT="$port" SYSLAB_HUB_USERS="$(IFS=,; echo "${users[*]}")" \
      setsid /usr/bin/jupyterhub -f "$here/jupyterhub_config.py" >"$state/private/hub.log" 2>&1 </dev/null &
    echo $! >"$state/private/hub.pid"
    for _ in $(seq 1 120); do
      if curl -sf -o /dev/null "http://127.0.0.1:$port/hub/api/"; then
        echo "hub.sh: JupyterHub at http://127.0.0.1:$port/ (pid $(hub_pid)), ${#users[@]} students ${users[0]}..${users[-1]}"
        echo "hub.sh: service token in $state/private/service-token, log $state/private/hub.log"
        exit 0
      fi
      kill -0 "$(hub_pid)" 2>/dev/null || break
      sleep 1
    done
    echo "hub.sh: the hub did not answer within 120 s; its log:" >&2
    tail -40 "$state/private/hub.log" >&2
    stop
    exit 1
    ;;
  stop)
    stop
    echo "hub.sh: stopped"
    ;;
  remove-users)
    if [[ -n "$(hub_pid)" ]] && kill -0 "$(hub_pid)" 2>/dev/null; then
      echo "hub.sh: the hub is running: hub.sh stop first" >&2; exit 1
    fi
    for name in $(names); do
      pkill -KILL -u "$name" 2>/dev/null || true
      userdel -r "$name" 2>/dev/null || userdel "$name"
      rm -rf "${state:?}/tmp/$name"
    done
    echo "hub.sh: removed the users ${prefix}NN"
    ;;
  *)
    sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
