"""`make bench`: the site under load, on a large database, measured with a real load tool.

Seeds a separate database in a temporary folder, starts gunicorn (2 workers) on
127.0.0.1 — once with the page cache and once without — and measures each page with wrk
for 10 seconds at 16 connections. A static file of the same size as the story page,
served by the same server through whitenoise, is the ceiling.

    python -m newsroom.bench [--seconds 10] [--connections 16] [--keep]
"""

import argparse
import contextlib
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing wrk from Debian's packages…", flush=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, capture_output=True)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update"], check=False, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, capture_output=True)
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is needed: install it with `apt-get install wrk`.")
    return found


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "newsroom/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz-ping-none", timeout=1)
        except urllib.error.HTTPError:
            return server  # it answers (404 is an answer)
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit("gunicorn did not start")


def warm(url: str, method: str = "GET") -> None:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": BROWSER})
    for _ in range(4):  # each worker renders and stores its copy
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=10).read()


def run_wrk(wrk: str, url: str, seconds: int, connections: int, script: str | None) -> dict:
    command = [
        wrk,
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-H",
        f"User-Agent: {BROWSER}",
        url,
    ]
    if script:
        command[1:1] = ["-s", script]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {
        pct: float(value) * UNITS[unit]
        for pct, value, unit in re.findall(r"\s(50|99)%\s+([\d.]+)(us|ms|s)\b", output)
    }
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def measure_in_process(env: dict) -> tuple[dict, str, int]:
    """SQL queries per request and bytes per page, counted by Django itself."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article

    featured = Article.objects.order_by("-comment_count").first()
    story = Article.objects.published().exclude(pk=featured.pk).order_by("-published_at")[0]
    pages = {
        "home": "/",
        "section": "/section/community/",
        "story": story.get_absolute_url(),
        "story, 500 comments": featured.get_absolute_url(),
    }
    client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT=BROWSER)
    facts = {}
    for name, path in pages.items():
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(path)
        with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as warm:
            client.get(path)
        with CaptureQueriesContext(connection) as cached:
            client.get(path)
        facts[name] = {
            "path": path,
            "bytes": len(response.content),
            "cold": len(cold),
            "queries": len(warm),
            "cached_queries": len(cached),
        }
    client.post(f"/read/{story.pk}/", REMOTE_ADDR="192.0.2.7")  # the first also flushes
    with CaptureQueriesContext(connection) as beacon:
        client.post(f"/read/{story.pk}/", REMOTE_ADDR="192.0.2.8")
    facts["beacon"] = {"path": f"/read/{story.pk}/", "bytes": 0, "queries": len(beacon)}
    return facts, story.get_absolute_url(), facts["story"]["bytes"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()
    wrk = ensure_wrk()

    folder = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
        "COMMENTS_NOTIFY_MODERATORS": "0",
    }
    # The local-memory cache unless a Redis for the benchmark is named.
    env.pop("REDIS_URL", None)
    if os.environ.get("BENCH_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    servers = []
    try:
        print(f"Seeding {options.stories:,} stories in {folder} …", flush=True)
        started = time.monotonic()
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "seed_bench", "--stories", str(options.stories))
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        print(f"Seeded in {time.monotonic() - started:.0f} s.", flush=True)

        facts, story_path, story_bytes = measure_in_process(env)
        ceiling = folder / "static" / "bench" / "same-size.html"
        ceiling.parent.mkdir(parents=True, exist_ok=True)
        ceiling.write_bytes(b"x" * story_bytes)

        # Three servers on one database: with every cache, with the page cache off (what
        # a page-cache miss costs), and with every cache off (raw rendering).
        modes = {
            "cached": {},
            "uncached": {"PAGE_CACHE_SECONDS": "0"},
            "raw": {
                "PAGE_CACHE_SECONDS": "0",
                "FRAGMENT_CACHE_SECONDS": "0",
                "TRENDING_CACHE_SECONDS": "0",
            },
        }
        base = {}
        for mode, overrides in modes.items():
            port = free_port()
            servers.append(start_server({**env, **overrides}, port))
            base[mode] = f"http://127.0.0.1:{port}"
        beacon_script = folder / "post.lua"
        # Every beacon from a different reader, so each one is counted, as in a real spike.
        beacon_script.write_text(
            'wrk.method = "POST"\n'
            "request = function()\n"
            '  wrk.headers["User-Agent"] = "Mozilla/5.0 reader-" .. math.random(1, 1000000000)\n'
            "  return wrk.format()\n"
            "end\n"
        )
        busy = facts["story, 500 comments"]
        static = {"path": "/static/bench/same-size.html", "bytes": story_bytes}
        # (row, server, page facts, which query count applies, wrk script)
        runs = [
            ("home cached", "cached", facts["home"], "cached_queries", None),
            ("home uncached", "uncached", facts["home"], "queries", None),
            ("section cached", "cached", facts["section"], "cached_queries", None),
            ("section uncached", "uncached", facts["section"], "queries", None),
            ("story cached", "cached", facts["story"], "cached_queries", None),
            ("story uncached", "uncached", facts["story"], "queries", None),
            ("story, every cache off", "raw", facts["story"], "cold", None),
            ("story with 500 comments, uncached", "uncached", busy, "queries", None),
            ("beacon", "cached", facts["beacon"], "queries", str(beacon_script)),
            ("static file, same size", "cached", static, None, None),
        ]
        results = []
        for name, mode, fact, queries, script in runs:
            url = base[mode] + fact["path"]
            warm(url, "POST" if script else "GET")
            print(f"Measuring {name} for {options.seconds} s …", flush=True)
            measured = run_wrk(wrk, url, options.seconds, options.connections, script)
            results.append((name, measured, fact["bytes"], fact[queries] if queries else 0))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=15)
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)

    static_rps = results[-1][1]["rps"]
    print()
    print(
        f"Benchmark, {date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"gunicorn 2 workers, wrk {options.connections} connections × {options.seconds} s"
    )
    print()
    print("| page | requests/s | p50 ms | p99 ms | bytes | SQL/request | vs static |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, m, size, sql in results:
        print(
            f"| {name} | {m['rps']:,.0f} | {m['p50']:.2f} | {m['p99']:.2f} | {size:,} | {sql} | "
            f"{m['rps'] / static_rps:.0%} |" + (f" ({m['errors']} errors)" if m["errors"] else "")
        )
    cold = ", ".join(
        f"{name} {facts[name]['cold']}"
        for name in ("home", "section", "story", "story, 500 comments")
    )
    print()
    print(
        "Uncached = page cache off, fragment caches on (what a page-cache miss costs); "
        "every cache off = raw rendering."
    )
    print(f"SQL queries with every cache empty: {cold}.")
    by_name = {name: m for name, m, _, _ in results}
    checks = [
        (
            "cached story ≥ 70% of the static file",
            by_name["story cached"]["rps"] >= 0.7 * static_rps,
        ),
        ("uncached story p99 < 50 ms", by_name["story uncached"]["p99"] < 50),
        (
            "beacon at least as fast as the cached story",
            by_name["beacon"]["rps"] >= by_name["story cached"]["rps"],
        ),
    ]
    print()
    for label, ok in checks:
        print(f"{'PASS' if ok else 'MISS'}: {label}")


if __name__ == "__main__":
    main()
