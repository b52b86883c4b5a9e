"""python deploy/serve.py [--host H] [--port P]: Spravka served as in
production, on one machine: Debian's nginx, run as an ordinary process with
its own prefix in a temporary directory, in front of gunicorn on a Unix
socket (``make serve``). docs/deploy.md says why, and how to run the same
under systemd.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from string import Template

HERE = Path(__file__).resolve().parent
NGINX_TEMPLATE = HERE / "nginx.conf"
GUNICORN_CONFIG = HERE / "gunicorn.conf.py"
# Debian installs nginx in /usr/sbin, which is not on an ordinary user's PATH.
NGINX_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"])
SOCKET_WAIT_SECONDS = 30.0


def find_nginx() -> str | None:
    return shutil.which("nginx", path=NGINX_PATH)


def nginx_config(prefix: Path, listen: str, upstream: str) -> str:
    # nginx runs its workers as "nobody" when started by root, and they could
    # not reach the private prefix; as anyone else the directive is ignored.
    user_line = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    return Template(NGINX_TEMPLATE.read_text(encoding="utf-8")).substitute(
        user_line=user_line, prefix=prefix, listen=listen, upstream=upstream
    )


def _wait_for(path: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + SOCKET_WAIT_SECONDS
    while not path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"serve: gunicorn did not start (exit code {process.poll()})")
        time.sleep(0.05)


def serve(host: str, port: int, nginx: str) -> int:
    with tempfile.TemporaryDirectory(prefix="spravka-serve-") as tmp:
        prefix = Path(tmp)
        sock = prefix / "gunicorn.sock"
        config = prefix / "nginx.conf"
        config.write_text(nginx_config(prefix, f"{host}:{port}", f"unix:{sock}"), encoding="utf-8")
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG), "--bind", f"unix:{sock}"]
        )
        processes = [gunicorn]
        try:
            _wait_for(sock, gunicorn)
            processes.append(subprocess.Popen([nginx, "-p", str(prefix), "-c", str(config), "-e", "stderr"]))
            print(f"serve: http://{host}:{port}/ (nginx -> gunicorn)", file=sys.stderr, flush=True)
            stop = _stop_on_signals()
            while not stop and all(p.poll() is None for p in processes):
                time.sleep(0.2)
        finally:
            for process in reversed(processes):
                if process.poll() is None:
                    # Graceful for both: nginx finishes open answers on QUIT,
                    # gunicorn its requests on TERM.
                    process.send_signal(signal.SIGQUIT if process is not gunicorn else signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=35)
                except subprocess.TimeoutExpired:
                    process.kill()
        failed = [
            p.returncode for p in processes if p.returncode not in (0, -signal.SIGTERM, -signal.SIGQUIT)
        ]
        return 1 if failed else 0


def _stop_on_signals() -> list[int]:
    """A list that gets the signal number when SIGTERM or SIGINT arrives."""
    received: list[int] = []
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda signum, _frame: received.append(signum))
    return received


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python deploy/serve.py", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args(argv)
    nginx = find_nginx()
    if nginx is None:
        print(
            "serve: nginx is not installed (Debian: apt-get install nginx); "
            "docs/deploy.md says why gunicorn is not served alone",
            file=sys.stderr,
        )
        return 2
    return serve(args.host, args.port, nginx)


if __name__ == "__main__":
    sys.exit(main())
