"""Starting and stopping the app's processes: ``streamlit run app.py`` on a free loopback port.

The one server launcher of the repository, used by ``make serve`` (``deploy.serve``), the
benchmarks (``bench/``) and the browser tests.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 120
STOP_TIMEOUT_S = 10


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_process(process: subprocess.Popen, timeout_s: float = STOP_TIMEOUT_S) -> None:
    """Stop ``process`` if it still runs: SIGTERM, then SIGKILL after ``timeout_s``."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout_s)


def wait_until_healthy(
    url: str,
    process: subprocess.Popen,
    failure: Callable[[str], Exception],
    timeout_s: float = START_TIMEOUT_S,
) -> None:
    """Poll ``url``/_stcore/health until it answers 200.

    Raises ``failure(reason)`` when ``process`` exits first or ``timeout_s`` passes; the reason
    reads "exited with N" or "did not answer on URL within T s".
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise failure(f"exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise failure(f"did not answer on {url} within {timeout_s} s")


@contextmanager
def running_app(
    data_dir: Path | None, log: Path, extra_env: dict[str, str] | None = None
) -> Iterator[tuple[str, int]]:
    """Run ``streamlit run app.py`` on 127.0.0.1 and a free port; yield (URL, process id).

    ``data_dir`` None serves ``data/``. The process is stopped on exit, whatever happens.
    """
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "BLUEBOOK_DATA_DIR"}
    env.update(extra_env or {})
    if data_dir is not None:
        env["BLUEBOOK_DATA_DIR"] = str(data_dir)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    url = f"http://127.0.0.1:{port}"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as output:
        # Its own session, as a service would run: Linux's autogroup scheduling gives the CPU
        # to sessions fairly, so app processes started from one terminal would share one
        # session's share of a busy machine, however many there are (make serve WORKERS=2).
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_healthy(
                url, process, lambda reason: RuntimeError(f"the app {reason}:\n{log.read_text()}")
            )
            yield url, process.pid
        finally:
            stop_process(process)
