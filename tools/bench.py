"""`make bench`: the site under load, on a large database, measured with a real load tool.

Seeds a separate database in a temporary folder, starts gunicorn (2 workers) on
127.0.0.1 — once with the page cache and once without — and measures each page with wrk
for 10 seconds at 16 connections. A static file of the same size as the story page,
served by the same server through whitenoise, is the ceiling.

When stock WordPress is installed (see ``tools.wordpress_peer``), it runs beside ours on
the same content, with no cache: its own export of a post with 50 comments is imported
here, and its home and category pages list the same 10,000 stories. Without it those
rows are left out, and the bench says what to install.

    python -m tools.bench [--seconds 10] [--connections 16] [--keep]

It needs wrk (Debian: ``apt-get install wrk``) and says so if it is missing.
"""

import argparse
import contextlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

from tools import cpu_time, wordpress_peer
from tools.bench_varnish import varnish_rows
from tools.bench_wordpress import start_wordpress_peer, wordpress_checks, wordpress_runs
from tools.servers import BROWSER, free_port, site_env, start_gunicorn

ROOT = Path(__file__).resolve().parent.parent
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def find_wrk() -> str:
    found = shutil.which("wrk")
    if not found:
        sys.exit("The benchmark measures with wrk: install it first (`apt-get install wrk`).")
    return found


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = start_gunicorn(port, {**env, "GUNICORN_LOG_LEVEL": "warning"})
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


def run_wrk(
    wrk: str,
    url: str,
    seconds: int,
    connections: int,
    script: str | None,
    server_pids: list[int] = (),
) -> dict:
    command = [
        wrk,
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        # A slow page (WordPress's story takes seconds under load) is measured, not
        # dropped at wrk's default of 2 s.
        "--timeout",
        "30s",
        "--latency",
        "-H",
        f"User-Agent: {BROWSER}",
        url,
    ]
    if script:
        command[1:1] = ["-s", script]
    used_before = cpu_time.cpu_seconds(list(server_pids))
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    used = cpu_time.cpu_seconds(list(server_pids)) - used_before
    served = int(re.search(r"(\d+) requests in", output).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {
        pct: float(value) * UNITS[unit]
        for pct, value, unit in re.findall(r"\s(50|99)%\s+([\d.]+)(us|ms|s)\b", output)
    }
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", output)
    return {
        "rps": rps,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": (int(errors.group(1)) if errors else 0)
        + (int(timeouts.group(1)) if timeouts else 0),
        # CPU time of the server's processes (and the database's, for WordPress) per
        # request served: steadier than requests/s on a machine shared with other work.
        "cpu_ms": used * 1000 / served if served and server_pids else None,
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
    # WordPress's own export of its post with 50 comments, when the peer runs.
    imported = Article.objects.filter(slug=wordpress_peer.STORY_SLUG).first()
    if imported is not None:
        pages["story, 50 comments"] = imported.get_absolute_url()
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
    # As the story page's script sends it: from the page, so with the page's Origin.
    from_page = {"HTTP_ORIGIN": "http://127.0.0.1"}
    client.post(f"/read/{story.pk}/", REMOTE_ADDR="192.0.2.7", **from_page)  # also flushes
    with CaptureQueriesContext(connection) as beacon:
        client.post(f"/read/{story.pk}/", REMOTE_ADDR="192.0.2.8", **from_page)
    facts["beacon"] = {"path": f"/read/{story.pk}/", "bytes": 0, "queries": len(beacon)}
    return facts, story.get_absolute_url(), facts["story"]["bytes"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()
    wrk = find_wrk()

    folder = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    env = site_env(
        f"sqlite:///{folder / 'bench.sqlite3'}",
        folder,
        # As behind a proxy on this machine: the beacon's readers are told apart by the
        # X-Forwarded-For the load script sends.
        DJANGO_TRUSTED_PROXIES="127.0.0.1/32",
    )
    # The local-memory cache unless a Redis for the benchmark is named.
    env.pop("REDIS_URL", None)
    if os.environ.get("BENCH_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    servers = []
    stack = contextlib.ExitStack()
    try:
        print(f"Seeding {options.stories:,} stories in {folder} …", flush=True)
        started = time.monotonic()
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        subprocess.run(
            [sys.executable, "-m", "tools.seed_bench", "--stories", str(options.stories)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        print(f"Seeded in {time.monotonic() - started:.0f} s.", flush=True)

        wordpress = start_wordpress_peer(
            stack,
            folder,
            lambda export: manage(env, "import_wxr", export, "--verbosity", "0"),
            options.stories,
        )
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
        pids = {}
        for mode, overrides in modes.items():
            port = free_port()
            servers.append(start_server({**env, **overrides}, port))
            base[mode] = f"http://127.0.0.1:{port}"
            pids[mode] = [servers[-1].pid]
        beacon_script = folder / "post.lua"
        # Every beacon from a different reader on an address of its own, sent from the
        # story page (its Origin), so each one is counted, as in a real spike.
        beacon_script.write_text(
            'wrk.method = "POST"\n'
            "request = function()\n"
            '  wrk.headers["Origin"] = "http://" .. wrk.host .. ":" .. wrk.port\n'
            '  wrk.headers["User-Agent"] = "Mozilla/5.0 reader-" .. math.random(1, 1000000000)\n'
            '  wrk.headers["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "."'
            ' .. math.random(0, 255) .. "." .. math.random(1, 254)\n'
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
        ]
        if wordpress:
            base["wordpress"] = wordpress.base_url
            pids["wordpress"] = wordpress.server_pids + cpu_time.pids_named("mariadbd")
            runs += wordpress_runs(facts, wordpress)
        runs.append(("static file, same size", "cached", static, None, None))
        results = []
        previous = None
        for name, mode, fact, queries, script in runs:
            url = base[mode] + fact["path"]
            if previous is not None:
                settle(pids.get(previous, []))
            previous = mode
            warm(url, "POST" if script else "GET")
            print(f"Measuring {name} for {options.seconds} s …", flush=True)
            measured = run_wrk(
                wrk, url, options.seconds, options.connections, script, pids.get(mode, [])
            )
            sql = fact.get(queries) if queries else (None if mode == "wordpress" else 0)
            results.append((name, measured, fact["bytes"], sql))
        # Before the static row, which stays last: it is what every row is compared with.
        results[-1:-1] = varnish_rows(
            lambda url: run_wrk(wrk, url, options.seconds, options.connections, None, []),
            folder,
            base["cached"],
            [("story through Varnish", facts["story"]), ("static file through Varnish", static)],
            warm,
        )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=15)
        stack.close()
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
    print(
        "| page | requests/s | p50 ms | p99 ms | CPU ms/request | bytes | SQL/request | vs static |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, m, size, sql in results:
        cpu = "–" if m["cpu_ms"] is None else f"{m['cpu_ms']:.1f}"
        print(
            f"| {name} | {m['rps']:,.0f} | {m['p50']:.2f} | {m['p99']:.2f} | {cpu} | {size:,} | "
            f"{'–' if sql is None else sql} | "
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
    checks += wordpress_checks(by_name)
    print()
    for label, ok in checks:
        print(f"{'PASS' if ok else 'MISS'}: {label}")


def settle(roots: list[int], quiet: float = 1.0, longest: float = 30.0) -> None:
    """Wait until the last run's server has finished what wrk left queued (php-fpm works
    through nginx's queue for seconds after wrk stops): the next row is measured alone."""
    deadline = time.monotonic() + longest
    used = cpu_time.cpu_seconds(roots)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = cpu_time.cpu_seconds(roots)
        if now - used < 0.05 * quiet:
            return
        used = now


if __name__ == "__main__":
    main()
