"""Run `tacitus serve` in a subprocess on a free loopback port, for tests that need a real server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

LOOPBACK = "127.0.0.1"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Debian's chromium binary, if installed (`playwright install` cannot download browsers here)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(db: Path, log: Path, *, attempts: int = 100) -> Iterator[str]:
    """Start `tacitus serve --db DB` on 127.0.0.1 and yield its base URL once it answers.

    Polls /api/stats at most ``attempts`` times, 0.1 s apart; stops the server on exit.
    """
    port = free_port()
    command = [
        sys.executable,
        "-c",
        "from tacitus.cli import run; run()",
        "serve",
        "--db",
        str(db),
        "--host",
        LOOPBACK,
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        base = f"http://{LOOPBACK}:{port}"
        try:
            for _ in range(attempts):
                if process.poll() is not None:
                    raise RuntimeError(f"tacitus serve exited with {process.returncode}: {log.read_text()}")
                try:
                    if httpx.get(f"{base}/api/stats", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
            else:
                raise RuntimeError(f"tacitus serve did not answer on {base}: {log.read_text()}")
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
