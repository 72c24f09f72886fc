"""Kill a real child process with SIGKILL at a chosen moment, for the crash-safety tests."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path


def kill_when_marker_appears(command: list[str], marker: Path, cwd: Path, *, patience: float = 300) -> None:
    """Start ``command``, wait until it creates ``marker`` (it then waits to be killed), kill -9 it.

    Fails with the child's stderr if it ends on its own, or if the marker never appears.
    """
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + patience
        while not marker.exists():
            assert child.poll() is None, child.communicate()[1].decode()
            assert time.monotonic() < deadline, "the child never reached the moment to be killed"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
