"""Start the real server in a child process on a free loopback port and wait until it is ready.

Used by the end-to-end tests, the browser test and bench/bench_api.py:

    with running_server(["--api-key", key]) as srv:
        httpx.post(srv.url + "/v1/rewrite", ...)
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def default_command() -> list[str]:
    app = REPO / "app.py"
    return [sys.executable, str(app)] if app.is_file() else [sys.executable, "-m", "plainspeak", "serve"]


@contextlib.contextmanager
def running_server(
    args: Sequence[str] = (),
    *,
    command: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    ready_timeout: float = 180,
    wait_ready: bool = True,
) -> Iterator[Server]:
    port = free_port()
    log_dir = Path(tempfile.mkdtemp(prefix="plainspeak-server-"))
    log_path = log_dir / "server.log"
    full_env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1", **(env or {})}
    cmd = [*(command or default_command()), "--host", "127.0.0.1", "--port", str(port), *args]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, env=full_env, cwd=str(REPO), stdin=subprocess.DEVNULL
        )
    server = Server(f"http://127.0.0.1:{port}", port, proc, log_path)
    try:
        _wait(server, "/readyz" if wait_ready else "/healthz", ready_timeout)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _wait(server: Server, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with {server.process.returncode}:\n{server.log()[-4000:]}")
        try:
            with urllib.request.urlopen(server.url + path, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    raise TimeoutError(f"the server was not ready in {timeout:.0f} s:\n{server.log()[-4000:]}")
