"""``make serve WORKERS=N PORT=P``: N app processes behind nginx on 127.0.0.1:P.

Each app process is a ``streamlit run app.py`` on a free loopback port (started by
``deploy.processes.running_app``, the one server launcher of the repository). nginx (Debian's
package) runs with its own prefix, configuration, pid and log files in a temporary folder, from
``deploy/nginx.conf.template``: a route cookie keeps each browser on one process for its page,
its websocket and its downloads; the front end's static files are served by nginx from
pre-compressed copies (``deploy.frontend``), and every answer carries the security headers
(a Content-Security-Policy, no framing by other sites, ``nosniff``). Everything is stopped
on exit (Ctrl-C, SIGTERM).

``python -m deploy.serve --workers 2 --port 8080 [--data DIR]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy.frontend import Frontend, FrontendError, copy_frontend, find_frontend
from deploy.processes import free_port, running_app, stop_process, wait_until_healthy

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
NGINX_VARIABLE = "BLUEBOOK_NGINX"
NGINX_SEARCH_PATH = "/usr/sbin:/usr/local/sbin:/sbin"
ROUTE_COOKIE = "bluebook_route"
MAX_WORKERS = 16
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10


class ServeError(RuntimeError):
    """nginx is missing or did not start; the message says what to do."""


@dataclass(frozen=True)
class Served:
    """The address readers use, and the app processes behind it (URL and process id each)."""

    url: str
    workers: tuple[tuple[str, int], ...]
    nginx_pid: int
    run_dir: Path


def find_nginx() -> str:
    """The nginx executable: ``BLUEBOOK_NGINX``, else ``nginx`` on PATH or in /usr/sbin."""
    configured = os.environ.get(NGINX_VARIABLE)
    if configured:
        return configured
    search = os.pathsep.join(filter(None, (os.environ.get("PATH"), NGINX_SEARCH_PATH)))
    found = shutil.which("nginx", path=search)
    if found is None:
        raise ServeError(
            "nginx not found: install it (apt-get install nginx) or set BLUEBOOK_NGINX to its path"
        )
    return found


def component_locations(frontend: Frontend) -> str:
    """nginx locations serving each component's files from ``frontend``."""
    return "".join(
        f"        location /component/{name}/ {{\n"
        f"            alias {folder}/;\n"
        "            disable_symlinks on;\n"
        "        }\n"
        for name, folder in sorted(frontend.components.items())
    )


def render_nginx_config(
    listen: str, worker_urls: list[str], run_dir: Path, frontend: Frontend
) -> str:
    """The nginx configuration for these app processes (``host:port`` of each) and address,
    serving the static files of ``frontend`` (folders already copied into ``run_dir``)."""
    servers = "\n".join(
        f"        server {url.split('://', 1)[-1].rstrip('/')};" for url in worker_urls
    )
    config = TEMPLATE.read_text(encoding="utf-8")
    for name, value in (
        ("listen", listen),
        ("servers", servers),
        ("run_dir", str(run_dir)),
        ("streamlit_static", str(frontend.streamlit)),
        ("app_static", str(frontend.app_static)),
        ("component_locations", component_locations(frontend)),
    ):
        config = config.replace(f"@@{name}@@", value)
    return config


def _nginx_failure(error_log: Path) -> Callable[[str], ServeError]:
    def failure(reason: str) -> ServeError:
        log = error_log.read_text() if error_log.exists() else ""
        return ServeError(f"nginx {reason}: {log.strip()[-2000:]}")

    return failure


@contextmanager
def running_nginx(listen_port: int, worker_urls: list[str]) -> Iterator[tuple[str, int, Path]]:
    """Run nginx on 127.0.0.1:``listen_port`` in front of ``worker_urls``; stop it on exit."""
    nginx = find_nginx()
    with tempfile.TemporaryDirectory(prefix="bluebook-nginx-") as folder:
        run_dir = Path(folder)
        # nginx's worker may run as another user (nobody, when started by root): it must reach
        # the copied static files, nothing else of the folder.
        run_dir.chmod(0o711)
        try:
            frontend = copy_frontend(find_frontend(), run_dir / "frontend")
        except (FrontendError, OSError) as error:
            raise ServeError(f"the front end's files cannot be prepared: {error}") from error
        config = run_dir / "nginx.conf"
        config.write_text(
            render_nginx_config(f"127.0.0.1:{listen_port}", worker_urls, run_dir, frontend),
            encoding="utf-8",
        )
        error_log = run_dir / "error.log"
        command = [nginx, "-p", str(run_dir), "-c", str(config), "-e", str(error_log)]
        command += ["-g", "daemon off;"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{listen_port}"
        try:
            wait_until_healthy(url, process, _nginx_failure(error_log), START_TIMEOUT_S)
            yield url, process.pid, run_dir
        finally:
            stop_process(process, STOP_TIMEOUT_S)
            if process.stderr is not None:
                process.stderr.close()


@contextmanager
def serving(
    workers: int,
    port: int | None = None,
    data_dir: Path | None = None,
    log_dir: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Served]:
    """Start ``workers`` app processes and nginx in front of them; stop them all on exit.

    ``port`` None picks a free loopback port for nginx. The app logs go to ``log_dir``
    (default ``.cache/serve-logs``).
    """
    if not 1 <= workers <= MAX_WORKERS:
        raise ServeError(f"WORKERS must be from 1 to {MAX_WORKERS}, got {workers}")
    find_nginx()  # fail before starting anything
    log_dir = log_dir or ROOT / ".cache" / "serve-logs"
    with ExitStack() as stack:
        started = [
            stack.enter_context(running_app(data_dir, log_dir / f"app-{number}.log", extra_env))
            for number in range(workers)
        ]
        url, nginx_pid, run_dir = stack.enter_context(
            running_nginx(port or free_port(), [worker_url for worker_url, _ in started])
        )
        yield Served(url, tuple(started), nginx_pid, run_dir)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--port", type=int, default=8501, help="nginx port on 127.0.0.1")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default data/)")
    arguments = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        with serving(arguments.workers, arguments.port, arguments.data) as served:
            print(f"Bluebook Atlas: {served.url} ({arguments.workers} app processes)", flush=True)
            for worker_url, pid in served.workers:
                print(f"  app process {pid} on {worker_url}", flush=True)
            while True:
                time.sleep(3600)
    except ServeError as error:
        print(f"serve: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
