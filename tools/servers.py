"""Starting the real server on loopback, for the benchmark and the tests that need one."""

import os
import random
import secrets
import socket
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


# The User-Agent the load tools send: a person's browser, so reads count and nothing
# takes them for a crawler.
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126"


def site_env(database_url: str, folder: Path, root: Path | None = None, **settings: str) -> dict:
    """The environment a benchmark runs the site in: this shell's, without its Django and
    database settings, then a throwaway secret and the files in ``folder``; ``root`` runs
    another checkout's code; ``settings`` add or override (``REDIS_URL="..."``)."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
        "COMMENTS_NOTIFY_MODERATORS": "0",
        "NOTIFY_STAFF": "0",
    }
    if root is not None:
        env["PYTHONPATH"] = str(root)  # the checkout's code, whatever this virtualenv points at
    return {**env, **settings}


def port_range() -> range | None:
    """The ports this machine's user was given (``SERVER_PORTS=8600-8699``), if any."""
    given = os.environ.get("SERVER_PORTS", "").strip()
    if not given:
        return None
    try:
        low, high = (int(part) for part in given.split("-"))
    except ValueError:
        raise SystemExit(f"SERVER_PORTS must look like 8600-8699, not {given!r}.") from None
    return range(low, high + 1)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now: any one, or one of
    ``SERVER_PORTS`` on a machine shared with others."""
    allowed = port_range()
    candidates = random.sample(allowed, len(allowed)) if allowed else [0]
    for candidate in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise SystemExit(f"No free port in SERVER_PORTS ({allowed.start}-{allowed.stop - 1}).")


def start_gunicorn(
    port: int, env: dict[str, str], *, workers: int = 2, cwd: Path = PROJECT, **popen
) -> subprocess.Popen:
    """gunicorn with the project's configuration (as `make serve` runs it), on 127.0.0.1;
    ``cwd``: another checkout's code (the bench's "before")."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "newsroom/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=cwd,
        env=env,
        **popen,
    )


def stop_process(process: subprocess.Popen, timeout: float = 10) -> None:
    """Ask a server to stop, and make sure it has: killed if it has not gone in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
