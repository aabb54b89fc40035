#!/usr/bin/python3
"""Starts the image's Jupyter servers and checks that each answers HTTP on 127.0.0.1:

- the image's CMD (jupyter-notebook), on a free port, with a known token: /api answers with the
  server's version and /api/kernelspecs lists the syslab kernel;
- jupyterhub-singleuser, with the environment JupyterHub's Spawner gives it. Outside a Hub it calls
  the Hub's API once at start (GET $JUPYTERHUB_API_URL, for the hub's version, and exits if that
  fails), so a stub of the Hub answers that call on loopback: the only thing not real here. Its /api
  answers under the service prefix, and a page redirects to the Hub's OAuth, as behind a real Hub.

  servers.py CMD_JSON      (CMD_JSON: the image's CMD, e.g. '["jupyter-notebook", "--ip=0.0.0.0"]')"""
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

START_TIMEOUT = 60
HUB_VERSION = "3.0.0"  # Debian 12's jupyterhub, the version the image's singleuser server is
USER = "jovyan"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None  # a 3xx comes back as an HTTPError, to be looked at


def get(url):
    """(status, headers, body) of a GET; urllib's errors other than HTTP statuses propagate."""
    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def wait_for(url, server):
    """The first answer of url, polled until the server answers; fails if it exits or never does."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if server.poll() is not None:
            raise SystemExit(f"servers.py: {server.args[0]} exited with status {server.returncode} "
                             f"before answering {url}")
        try:
            return get(url)
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"servers.py: {server.args[0]} did not answer {url} in {START_TIMEOUT} s")
            time.sleep(0.5)


def expect(condition, what):
    if not condition:
        raise SystemExit(f"servers.py: {what}")
    print(f"ok {what}", flush=True)


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def check_notebook(cmd):
    port, token = free_port(), secrets.token_hex(16)
    # The CMD's own address and port give way: loopback only, as the container shares the host's network.
    keep = [arg for arg in cmd if not arg.startswith(("--ip=", "--port="))]
    server = subprocess.Popen([*keep, "--ip=127.0.0.1", f"--port={port}"],
                              env={**os.environ, "JUPYTER_TOKEN": token})
    try:
        base = f"http://127.0.0.1:{port}"
        status, _, body = wait_for(f"{base}/api", server)
        expect(status == 200 and "version" in json.loads(body), f"{cmd[0]} answers {base}/api: {body[:80]!r}")
        status, _, body = get(f"{base}/api/kernelspecs?token={token}")
        specs = json.loads(body).get("kernelspecs", {}) if status == 200 else {}
        expect("syslab" in specs, f"{cmd[0]} lists the syslab kernel (status {status}, kernels {sorted(specs)})")
    finally:
        stop(server)


class Hub(BaseHTTPRequestHandler):
    """The Hub's API as far as a single-user server calls it without a user: its version."""
    calls = []

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("X-JupyterHub-Version", HUB_VERSION)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def do_GET(self):
        Hub.calls.append(f"GET {self.path}")
        if self.path.rstrip("/") == "/hub/api":
            self.answer(200, {"version": HUB_VERSION})
        else:
            self.answer(404, {"message": f"the stub hub serves no {self.path}"})

    def do_POST(self):  # activity reports (JUPYTERHUB_ACTIVITY_URL): accepted and dropped
        Hub.calls.append(f"POST {self.path}")
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.answer(200, {})

    def log_message(self, *args):
        pass


def check_singleuser():
    hub = ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    threading.Thread(target=hub.serve_forever, daemon=True).start()
    hub_url, port = f"http://127.0.0.1:{hub.server_address[1]}", free_port()
    prefix = f"/user/{USER}/"
    env = {  # as jupyterhub/spawner.py's get_env sets them
        **os.environ,
        "JUPYTERHUB_API_TOKEN": secrets.token_hex(16),
        "JUPYTERHUB_CLIENT_ID": f"jupyterhub-user-{USER}",
        "JUPYTERHUB_HOST": "",
        "JUPYTERHUB_OAUTH_CALLBACK_URL": f"{prefix}oauth_callback",
        "JUPYTERHUB_USER": USER,
        "JUPYTERHUB_SERVER_NAME": "",
        "JUPYTERHUB_API_URL": f"{hub_url}/hub/api",
        "JUPYTERHUB_ACTIVITY_URL": f"{hub_url}/hub/api/users/{USER}/activity",
        "JUPYTERHUB_BASE_URL": "/",
        "JUPYTERHUB_SERVICE_PREFIX": prefix,
        "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{port}{prefix}",
    }
    server = subprocess.Popen(["jupyterhub-singleuser", "--notebook-dir=/home/jovyan/notebooks"], env=env)
    try:
        base = f"http://127.0.0.1:{port}{prefix}"
        status, _, body = wait_for(f"{base}api", server)
        expect(status == 200 and "version" in json.loads(body),
               f"jupyterhub-singleuser answers {base}api: {body[:80]!r}")
        expect("GET /hub/api" in Hub.calls, f"jupyterhub-singleuser asked the hub for its version: {Hub.calls}")
        status, headers, _ = get(f"{base}tree")
        location = headers.get("Location", "")
        expect(status == 302 and "/hub/api/oauth2/authorize" in location,
               f"jupyterhub-singleuser sends a visitor to the hub's OAuth: {status} {location[:100]}")
    finally:
        stop(server)
        hub.shutdown()


if __name__ == "__main__":
    check_notebook(json.loads(sys.argv[1]))
    check_singleuser()
