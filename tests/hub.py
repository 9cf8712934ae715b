"""A real JupyterHub for tests: configurable-http-proxy from npm, the hub from hub/jupyterhub_config.py, API calls.

``install_proxy()`` installs the pinned configurable-http-proxy into ``.venv/hub-cache/`` once (skips the test
without node and npm). ``running_hub(...)`` starts ``jupyterhub -f`` on a small config that loads the course's
``hub/jupyterhub_config.py`` as it is and adds only an admin service whose token the test uses; on exit it stops
the hub and then, by process id, every process the hub had started (proxy, single-user servers, services).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tools.authoring import ROOT

CHP_VERSION = "5.3.0"  # configurable-http-proxy on npm
CACHE = ROOT / ".venv" / "hub-cache"
HUB_CONFIG = ROOT / "hub" / "jupyterhub_config.py"
ADMIN_SERVICE = "test-admin"


def install_proxy() -> Path:
    """The configurable-http-proxy executable, installed from npm into the venv's cache on first use."""
    import pytest

    executable = CACHE / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"
    if executable.exists():
        return executable
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed for JupyterHub's configurable-http-proxy (apt-get install nodejs npm)")
    (CACHE / "chp").mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["npm", "install", "--prefix", str(CACHE / "chp"), "--no-audit", "--no-fund",
                             "--no-save", "--loglevel=error", f"configurable-http-proxy@{CHP_VERSION}"],
                            capture_output=True, text=True)
    if result.returncode != 0 or not executable.exists():
        raise RuntimeError(f"npm install configurable-http-proxy failed:\n{result.stdout}\n{result.stderr}")
    return executable


class HttpError(AssertionError):
    def __init__(self, status: int, url: str, body: str):
        super().__init__(f"HTTP {status} from {url}: {body[:2000]}")
        self.status, self.url, self.body = status, url, body


def request(url: str, method: str = "GET", token: str | None = None, data=None, form: dict | None = None,
            timeout: float = 300, raw: bool = False):
    """One HTTP call; JSON in and out (``raw``: the body as text); raises :class:`HttpError` on 4xx/5xx."""
    headers = {}
    body = None
    if token:
        headers["Authorization"] = f"token {token}"
    if form is not None:
        body = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    elif method in ("POST", "PUT", "PATCH"):
        body = b""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with opener.open(req, timeout=timeout) as response:
            text = response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        raise HttpError(error.code, url, error.read().decode(errors="replace")) from None
    if raw:
        return text
    return json.loads(text) if text.strip() else None


@dataclass
class Hub:
    url: str  # the public URL, http://127.0.0.1:PORT
    admin_token: str
    process: subprocess.Popen
    log: Path
    started: list[int] = field(default_factory=list)  # every process id seen under the hub

    def api(self, method: str, path: str, data=None, token: str | None = None):
        return request(f"{self.url}/hub/api{path}", method, token or self.admin_token, data=data)

    def remember_children(self) -> None:
        with contextlib.suppress(psutil.NoSuchProcess):
            for child in psutil.Process(self.process.pid).children(recursive=True):
                if child.pid not in self.started:
                    self.started.append(child.pid)

    def user_token(self, name: str) -> str:
        """A new API token of ``name`` with the user's own permissions."""
        return self.api("POST", f"/users/{name}/tokens", {"note": "test", "expires_in": 3600})["token"]

    def start_server(self, name: str, timeout: float = 120) -> None:
        with contextlib.suppress(HttpError):
            self.api("POST", f"/users/{name}/server")
        deadline = time.monotonic() + timeout
        while True:
            server = self.api("GET", f"/users/{name}")["servers"].get("")
            if server and server.get("ready"):
                break
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"{name}'s server is not ready within {timeout} s:\n" + self.log.read_text())
            time.sleep(0.3)
        self.remember_children()

    def wait_service(self, name: str, token: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                request(f"{self.url}/services/{name}/api/status", token=token, timeout=10)
                break
            except (HttpError, urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"service {name} did not answer within {timeout} s:\n"
                                       + self.log.read_text()) from None
                time.sleep(0.3)
        self.remember_children()


def _stop_pid(pid: int, timeout: float = 20) -> None:
    with contextlib.suppress(psutil.NoSuchProcess):
        process = psutil.Process(pid)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except psutil.TimeoutExpired:
            process.kill()
            process.wait(timeout)


@contextlib.contextmanager
def running_hub(state: Path, env: dict[str, str], startup_seconds: float = 90):
    """``jupyterhub -f`` (the course's config plus an admin service for the test) with ``env``; yields a Hub."""
    state.mkdir(parents=True, exist_ok=True)
    token = os.urandom(16).hex()
    config = state / "test_jupyterhub_config.py"
    config.write_text(
        f"load_subconfig({str(HUB_CONFIG)!r})\n"
        "c = get_config()\n"
        f"c.JupyterHub.services.append({{'name': {ADMIN_SERVICE!r}, 'api_token': {token!r}}})\n"
        f"c.JupyterHub.load_roles.append({{'name': 'test-admin', 'services': [{ADMIN_SERVICE!r}],\n"
        "    'scopes': ['admin:users', 'admin:servers', 'tokens', 'admin:groups', 'list:services']})\n")
    log = state / "hub.log"
    port = env["HUB_PORT"]
    full_env = dict(os.environ, **env, HUB_STATE_DIR=str(state))
    full_env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{full_env.get('PATH', '')}"
    with open(log, "w") as log_file:
        process = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
                                   cwd=state, env=full_env, stdout=log_file, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    hub = Hub(f"http://127.0.0.1:{port}", token, process, log)
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            try:
                request(f"{hub.url}/hub/api/", timeout=5)
                break
            except (HttpError, urllib.error.URLError, ConnectionError, TimeoutError):
                hub.remember_children()  # the proxy and the services, while they are the hub's children
                if process.poll() is not None:
                    raise RuntimeError("the hub exited:\n" + log.read_text()) from None
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the hub did not answer within {startup_seconds} s:\n"
                                       + log.read_text()) from None
                time.sleep(0.3)
        hub.remember_children()
        yield hub
    finally:
        hub.remember_children()
        _stop_pid(process.pid, timeout=30)  # the hub stops its servers, services and proxy itself
        process.wait()
        # anything it left behind, by its id: what was seen under it, and the proxy by its pid file (a hub that
        # exits on its own, as at a failed start, leaves the proxy running on purpose)
        proxy_pid = state / "jupyterhub-proxy.pid"
        if proxy_pid.exists():
            with contextlib.suppress(ValueError):
                pid = int(proxy_pid.read_text().strip())
                with contextlib.suppress(psutil.NoSuchProcess):
                    if "configurable-http-proxy" in " ".join(psutil.Process(pid).cmdline()):
                        hub.started.append(pid)
        for pid in hub.started:
            _stop_pid(pid)
