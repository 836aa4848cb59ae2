"""`make bench-network`: does a town's page cost the same in a network of 200 towns as
in an installation of one?

Makes two PostgreSQL databases (dropped and created here): one town with 1,000 stories,
and 200 towns with 1,000 stories each (200,000 stories), seeded alike by
``tools.seed_network``; the measured town is town 0 in both. For each public page kind it
prints, side by side, the SQL queries of a cold render (every cache off), the time those
queries take, and requests/s and p99 through gunicorn (2 workers, every cache off)
measured with wrk; then host routing with every town's two host names, and PostgreSQL's
EXPLAIN ANALYZE of the slowest queries of the 200-town run, naming any table read whole.

    python -m tools.bench_network [--database-url postgres://…/bench_network]
        [--towns 200] [--stories 1000] [--seconds 5] [--rounds 3] [--connections 16]
        [--reuse] [--root PATH]

The one-town database is the network's name with ``_one`` added. ``--reuse`` keeps
databases already seeded at the same size (and migrates them: a new index applies).
``--root`` runs another checkout's code (a change to try, say) on the same databases.
Needs wrk (Debian: ``apt-get install wrk``); set ``SERVER_PORTS`` on a shared machine.
"""

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from tools.bench import find_wrk, run_wrk
from tools.bench_evening import start_gunicorn
from tools.servers import BROWSER, PROJECT, free_port, site_env, stop_process

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_network"
EVERY_CACHE_OFF = {
    "PAGE_CACHE_SECONDS": "0",
    "FRAGMENT_CACHE_SECONDS": "0",
    "TRENDING_CACHE_SECONDS": "0",
}
# How far apart two figures of one run may be and still be "the same within noise".
QUERY_TOLERANCE = 0
SPEED_TOLERANCE = 0.8


def goal(towns: int) -> str:
    return (
        f"every page of town 0 makes no more queries among {towns} towns than alone, and "
        f"keeps ≥ {SPEED_TOLERANCE:.0%} of its requests/s"
    )


def database_named(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def stories_in(url: str) -> int | None:
    """How many stories a seeded database holds; None if it is missing or not migrated."""
    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            return connection.execute("SELECT COUNT(*) FROM articles_article").fetchone()[0]
    except psycopg.Error:
        return None


def recreate_database(url: str) -> None:
    """Drop and create the database, from the server's maintenance database."""
    name = database_name(url)
    with psycopg.connect(database_named(url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def django_env(url: str, folder: Path, root: Path) -> dict[str, str]:
    return site_env(url, folder, root, REDIS_URL="", **EVERY_CACHE_OFF)


def python(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    """Python in the checkout that ``env`` names (this one unless ``--root`` says)."""
    root = env["PYTHONPATH"]
    return subprocess.run([sys.executable, *args], cwd=root, env=env, check=True, **kwargs)


def prepare(url: str, env: dict, towns: int, stories: int, reuse: bool) -> str:
    """A migrated, seeded database; what was done, for the report."""
    expected = towns * stories
    if reuse and stories_in(url) == expected:
        started = time.monotonic()
        python(env, "manage.py", "migrate", "--noinput", "--verbosity", "0")
        return f"reused ({expected:,} stories; migrated in {time.monotonic() - started:.1f} s)"
    recreate_database(url)
    python(env, "manage.py", "migrate", "--noinput", "--verbosity", "0")
    started = time.monotonic()
    python(env, "-m", "tools.seed_network", "--towns", str(towns), "--stories", str(stories))
    return f"seeded in {time.monotonic() - started:.0f} s"


def warm(url: str) -> None:
    """One request before measuring, however long a slow page takes to answer."""
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER})
    with contextlib.suppress(OSError):
        urllib.request.urlopen(request, timeout=120).read()


def read_pages(env: dict) -> dict:
    done = python(env, "-m", "tools.network_pages", capture_output=True, text=True)
    return json.loads(done.stdout)


def print_plans(plans: list[dict], towns: int) -> None:
    print(f"Slowest queries of town 0 among {towns} towns, cold (EXPLAIN ANALYZE):")
    for plan in plans:
        scans = ", ".join(plan["seq_scans"]) or "none"
        print(
            f"\n- {plan['page']}: {plan['ms']:.1f} ms; tables read whole: {scans}; rows read "
            f"and thrown away by filters: {plan['rows_removed']:,}\n  {plan['sql'][:300]} …"
        )
        print("\n".join(f"    {line}" for line in plan["plan"]))
        faster = plan["as_array"]
        if faster:
            print(
                f"  With on_site()'s shared stories as = ANY(ARRAY(…)): {faster['ms']:.1f} ms; "
                f"tables read whole: {', '.join(faster['seq_scans']) or 'none'}"
            )
    print()


def print_routing(sides: dict, towns: int) -> None:
    print("| host routing | sites | host names | build the map: queries, ms | route: queries, µs |")
    print("|---|---:|---:|---:|---:|")
    for label, side in (("1 town", sides["one"]), (f"{towns} towns", sides["network"])):
        r = side["routing"]
        print(
            f"| {label} | {r['sites']} | {r['hosts']} | {r['build_queries']}, "
            f"{r['build_ms']:.1f} | {r['route_queries']:.0f}, {r['route_us']:.0f} |"
        )
    print()


def print_pages(sides: dict, speed: dict, options, labels: dict, load: tuple[str, str]) -> bool:
    """The table for the README; whether every page kept its queries and its speed."""
    one, many = sides["one"], sides["network"]
    print(
        f"Network benchmark, {date.today().isoformat()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, CPython {platform.python_version()}, PostgreSQL, "
        f"gunicorn 2 workers with every cache off, wrk {options.connections} connections × "
        f"{options.seconds} s; town 0 of 1 town ({options.stories:,} stories) against town 0 "
        f"of {options.towns} towns ({options.towns * options.stories:,} stories)"
    )
    print(f"Load average before the load runs: {load[0]}; after: {load[1]}")
    print(f"1 town: {labels['one']}. {options.towns} towns: {labels['network']}.")
    print()
    print(
        f"| page (town 0) | SQL queries 1 / {options.towns} | SQL ms 1 / {options.towns} | "
        f"requests/s 1 / {options.towns} | ratio | p99 ms 1 / {options.towns} |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    same = True
    for name, page in one["pages"].items():
        other = many["pages"][name]
        a, b = speed[("one", name)], speed[("network", name)]
        ratios = speed[("ratio", name)]
        errors = a["errors"] + b["errors"]
        print(
            f"| {name} | {page['queries']} / {other['queries']} | "
            f"{page['sql_ms']:.1f} / {other['sql_ms']:.1f} | "
            f"{a['rps']:,.1f} / {b['rps']:,.1f} | {statistics.median(ratios):.2f} "
            f"({min(ratios):.2f}–{max(ratios):.2f}) | "
            f"{a['p99']:,.0f} / {b['p99']:,.0f} |" + (f" ({errors} errors)" if errors else "")
        )
        same &= other["queries"] - page["queries"] <= QUERY_TOLERANCE
        same &= statistics.median(ratios) >= SPEED_TOLERANCE
    print()
    print(
        "SQL ms: the time the page's queries took in the database on a cold render (median "
        f"of 5); requests/s and p99: median of {options.rounds} runs of {options.seconds} s "
        "on each side, taken in turns; ratio: the network town's requests/s over the single "
        "town's, run by run: median (lowest–highest)."
    )
    return same


def combined(runs: list[dict]) -> dict:
    """Several wrk runs of one page as one: the median requests/s and p99, every error."""
    return {
        "rps": statistics.median(run["rps"] for run in runs),
        "p99": statistics.median(run["p99"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
    }


def measure(options, urls: dict, envs: dict, wrk: str) -> tuple[dict, dict, dict, tuple]:
    """Both databases prepared and read, then each page under load, side by side."""
    towns = {"one": 1, "network": options.towns}
    labels, sides = {}, {}
    python(envs["one"], "manage.py", "collectstatic", "--noinput", "--verbosity", "0")
    for side, env in envs.items():
        print(f"{towns[side]} town(s) × {options.stories:,} stories in {urls[side]} …", flush=True)
        labels[side] = prepare(urls[side], env, towns[side], options.stories, options.reuse)
        print(f"  {labels[side]}", flush=True)
        sides[side] = read_pages(env)
    print()
    print_routing(sides, options.towns)
    print_plans(sides["network"]["plans"], options.towns)

    load_before = Path("/proc/loadavg").read_text().split()[:3]
    servers, base, speed = {}, {}, {}
    try:
        for side, env in envs.items():
            port = free_port()
            servers[side] = start_gunicorn(env, Path(env["PYTHONPATH"]), port)
            base[side] = f"http://127.0.0.1:{port}"
        # Page by page, one town and the network in turns (one, network, network, one, …),
        # so that the two figures of a ratio are measured seconds apart under the same
        # load, and a drift of the machine's load favours neither side.
        for name in sides["one"]["pages"]:
            rounds = {side: [] for side in servers}
            for turn in range(options.rounds):
                for side in servers if turn % 2 == 0 else reversed(servers):
                    url = base[side] + sides[side]["pages"][name]["path"]
                    warm(url)
                    print(f"Measuring {name} ({side}) for {options.seconds} s …", flush=True)
                    rounds[side].append(
                        run_wrk(
                            wrk,
                            url,
                            options.seconds,
                            options.connections,
                            None,
                            [servers[side].pid],
                        )
                    )
            for side, runs in rounds.items():
                speed[(side, name)] = combined(runs)
            pairs = zip(rounds["one"], rounds["network"], strict=True)
            speed[("ratio", name)] = [many["rps"] / one["rps"] for one, many in pairs]
    finally:
        for server in servers.values():
            stop_process(server)
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    return sides, speed, labels, (" ".join(load_before), " ".join(load_after))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    )
    parser.add_argument("--towns", type=int, default=200)
    parser.add_argument("--stories", type=int, default=1000, help="stories per town")
    parser.add_argument("--seconds", type=int, default=5, help="of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="wrk runs of each page and side")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--reuse", action="store_true", help="keep seeded databases")
    parser.add_argument("--root", type=Path, default=PROJECT, help="the checkout to run")
    options = parser.parse_args()
    wrk = find_wrk()
    urls = {
        "one": database_named(options.database_url, f"{database_name(options.database_url)}_one"),
        "network": options.database_url,
    }
    folder = Path(tempfile.mkdtemp(prefix="newsroom-bench-network-"))
    root = options.root.resolve()
    envs = {side: django_env(url, folder, root) for side, url in urls.items()}
    try:
        sides, speed, labels, load = measure(options, urls, envs, wrk)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print()
    same = print_pages(sides, speed, options, labels, load)
    print(f"{'PASS' if same else 'MISS'}: {goal(options.towns)}")


if __name__ == "__main__":
    main()
