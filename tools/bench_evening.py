"""`make bench-evening`: a busy evening, and how often readers meet a stored page.

Readers spread over 2,000 stories (a Zipf long tail: a few stories hot, most read now and
then) through gunicorn (2 workers) with the page cache on Redis, for 60 s, while the desk
approves one held comment every 10 s and publishes one story (every 5 minutes on a real
evening: once in the middle of a 60 s run). First every story is read once, as the
day's readers and crawlers have by the evening (pages are kept for hours; ``--cold``
starts from an empty store instead), then a 10 s warm-up with the same readers, neither
counted. Reported: the share of requests served from the page cache
(X-Page-Cache: hit) and the latency percentiles, measured by wrk.

    python -m tools.bench_evening [--seconds 60] [--root PATH] [--redis-url URL]

``--root`` runs the same evening against another checkout of the project (the code before
a change, say: ``git worktree add /tmp/before <commit>``), with this one's virtualenv.
The Redis database named by ``--redis-url`` (or ``BENCH_REDIS_URL``) is emptied first.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from tools import servers
from tools.servers import BROWSER, PROJECT, free_port

STORIES = 2_000
ZIPF_EXPONENT = 1.0
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}

# The desk, in its own process running the checkout's own code: it holds a few comments
# for moderation and a draft first, then acts on each line it reads ("approve", "publish").
DESK = """
import random
import sys

import django
django.setup()
from django.utils import timezone
from articles.models import Article
from comments.models import Comment
from comments.services import comment_approve

# Readers comment where they read: on the hottest stories, most on the hottest.
hot = [int(pk) for pk in sys.argv[1].split(",")]
rng = random.Random(15)
held = [
    Comment.objects.create(
        article_id=hot[min(int(rng.paretovariate(1.0)) - 1, len(hot) - 1)],
        name="Evening reader", email=f"reader{n}@example.org", text=f"Comment {n} of the evening.",
        status=Comment.Status.PENDING,
    )
    for n in range(20)
]
draft = Article.objects.create(
    headline="Breaking: the evening's new story", slug="evening-new-story",
    dek="Published during the run.", body="<p>News.</p>",
    section=Article.objects.first().section, status=Article.Status.DRAFT,
)
print("ready", flush=True)
for line in sys.stdin:
    if line.strip() == "approve":
        comment_approve(comment=held.pop())
    elif line.strip() == "publish":
        draft.status = Article.Status.PUBLISHED
        draft.published_at = timezone.now()
        draft.save()
    print("done", flush=True)
"""

# wrk: each request a story drawn from the Zipf distribution; each answer's X-Page-Cache
# counted per thread and summed at the end.
LUA = """
local paths = {%(paths)s}
local cdf = {%(cdf)s}
hits, misses, other = 0, 0, 0  -- globals: done() reads them with thread:get()
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

request = function()
  local r = math.random()
  local lo, hi = 1, #cdf
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < r then lo = mid + 1 else hi = mid end
  end
  return wrk.format("GET", paths[lo])
end

response = function(status, headers, body)
  local state = headers["X-Page-Cache"]
  if state == "hit" then hits = hits + 1
  elseif state == "miss" then misses = misses + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    o = o + thread:get("other")
  end
  io.write(string.format("PAGE-CACHE hits=%%d misses=%%d other=%%d\\n", h, m, o))
end
"""


def zipf_cdf(count: int, exponent: float) -> list[float]:
    weights = [1 / (rank**exponent) for rank in range(1, count + 1)]
    total = sum(weights)
    running, cdf = 0.0, []
    for weight in weights:
        running += weight / total
        cdf.append(running)
    cdf[-1] = 1.0
    return cdf


def by_popularity(stories: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Which stories are hot is not which are newest: ranks go to stories at random (the
    same ranks in every run, so two checkouts meet the same evening)."""
    ranked = sorted(stories)
    random.Random(2026).shuffle(ranked)
    return ranked


def lua_script(ranked: list[tuple[int, str]]) -> str:
    return LUA % {
        "paths": ",".join(f'"{path}"' for _, path in ranked),
        "cdf": ",".join(f"{p:.9f}" for p in zipf_cdf(len(ranked), ZIPF_EXPONENT)),
    }


def run(env: dict, root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=root, env=env, check=True, text=True, **kwargs
    )


def published_stories(env: dict, root: Path) -> list[tuple[int, str]]:
    code = (
        "import django; django.setup(); from articles.models import Article; "
        "[print(a.pk, a.get_absolute_url()) for a in Article.objects.published()]"
    )
    lines = run(env, root, "-c", code, capture_output=True).stdout.splitlines()
    return [(int(pk), path) for pk, path in (line.split() for line in lines)]


def start_gunicorn(env: dict, root: Path, port: int) -> subprocess.Popen:
    server = servers.start_gunicorn(
        port, {**env, "GUNICORN_LOG_LEVEL": "warning"}, workers=2, cwd=root
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except urllib.error.HTTPError:
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit("gunicorn did not start")


def wrk_run(url: str, script: Path, seconds: int, connections: int) -> dict:
    wrk = shutil.which("wrk")
    command = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script)]
    command += ["-H", f"User-Agent: {BROWSER}", url]
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode:
        sys.exit(f"wrk failed: {finished.stderr or finished.stdout}")
    output = finished.stdout
    counts = re.search(r"PAGE-CACHE hits=(\d+) misses=(\d+) other=(\d+)", output)
    hits, misses, other = (int(n) for n in counts.groups())
    latency = {
        pct: float(value) * UNITS[unit]
        for pct, value, unit in re.findall(r"\s(50|90|99)%\s+([\d.]+)(us|ms|s)\b", output)
    }
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "hits": hits,
        "misses": misses,
        "other": other,
        **{f"p{pct}": value for pct, value in latency.items()},
    }


def crawl(url: str, paths: list[str], workers: int = 4) -> float:
    """Read every page once, as the day's readers and crawlers have by the evening: the
    page cache keeps pages for hours, so the evening starts with the store full."""
    started = time.monotonic()

    def fetch(path: str) -> None:
        request = urllib.request.Request(url + path, headers={"User-Agent": BROWSER})
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(fetch, paths))
    return time.monotonic() - started


def desk_schedule(desk: subprocess.Popen, seconds: int, log: list) -> threading.Thread:
    """One approval every 10 s and one publication half-way, in their own thread."""
    started = time.monotonic()
    actions = [(at, "approve") for at in range(5, seconds, 10)] + [(seconds // 2, "publish")]
    actions.sort()

    def act() -> None:
        for at, action in actions:
            time.sleep(max(0.0, started + at - time.monotonic()))
            desk.stdin.write(action + "\n")
            desk.stdin.flush()
            desk.stdout.readline()
            log.append((round(time.monotonic() - started, 1), action))

    thread = threading.Thread(target=act, daemon=True)
    thread.start()
    return thread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--warm-up", type=int, default=10)
    parser.add_argument(
        "--cold",
        action="store_true",
        help="start with an empty store (no reading of every page first)",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--root", type=Path, default=PROJECT, help="the checkout to run")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""))
    parser.add_argument("--label", default="", help="a name for this run in the report")
    parser.add_argument(
        "--page-cache-seconds",
        type=int,
        help="PAGE_CACHE_SECONDS (the site's default if not given)",
    )
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("The benchmark measures with wrk: install it first (`apt-get install wrk`).")
    if not options.redis_url:
        sys.exit(
            "The evening runs on Redis, as production does (two workers share one cache): "
            "give --redis-url redis://127.0.0.1:6379/N (a database it may empty)."
        )
    root = options.root.resolve()
    folder = Path(tempfile.mkdtemp(prefix="newsroom-evening-"))
    env = servers.site_env(
        f"sqlite:///{folder / 'evening.sqlite3'}",
        folder,
        root,
        REDIS_URL=options.redis_url,
        CDN_PURGE="none",
    )
    env.pop("PAGE_CACHE_SECONDS", None)
    if options.page_cache_seconds is not None:
        env["PAGE_CACHE_SECONDS"] = str(options.page_cache_seconds)
    server = desk = None
    try:
        print(f"Seeding {STORIES:,} stories in {folder} ({root}) …", flush=True)
        run(env, root, "manage.py", "migrate", "--noinput", "--verbosity", "0")
        run(env, root, "-m", "tools.seed_bench", "--stories", str(STORIES))
        run(env, root, "manage.py", "collectstatic", "--noinput", "--verbosity", "0")
        run(
            env,
            root,
            "-c",
            "import django; django.setup(); from django.core.cache import cache; cache.clear()",
        )
        script = folder / "evening.lua"
        ranked = by_popularity(published_stories(env, root))
        script.write_text(lua_script(ranked))
        hottest = ",".join(str(pk) for pk, _ in ranked[:20])
        desk = subprocess.Popen(
            [sys.executable, "-c", DESK, hottest],
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert desk.stdout.readline().strip() == "ready"
        port = free_port()
        server = start_gunicorn(env, root, port)
        url = f"http://127.0.0.1:{port}"
        if not options.cold:
            print(f"Reading each of the {len(ranked):,} stories once …", flush=True)
            took = crawl(url, [path for _, path in ranked])
            print(f"… in {took:.0f} s", flush=True)
        print(f"Warming up for {options.warm_up} s …", flush=True)
        wrk_run(url, script, options.warm_up, options.connections)
        print(f"An evening of {options.seconds} s …", flush=True)
        log: list = []
        schedule = desk_schedule(desk, options.seconds, log)
        measured = wrk_run(url, script, options.seconds, options.connections)
        schedule.join(timeout=10)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=15)
        if desk is not None:
            desk.stdin.close()
            desk.wait(timeout=15)
        shutil.rmtree(folder, ignore_errors=True)

    answered = measured["hits"] + measured["misses"]
    ratio = measured["hits"] / answered if answered else 0.0
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
    ).stdout.strip()
    print()
    print(
        f"Evening, {date.today().isoformat()}, {os.cpu_count()} cores, gunicorn 2 workers, "
        f"Redis page cache, wrk {options.connections} connections × {options.seconds} s, "
        f"{STORIES:,} stories (Zipf s={ZIPF_EXPONENT}), "
        f"{'empty store' if options.cold else 'each story read once before'}, "
        f"code {commit} {options.label}".rstrip()
        + (
            f", PAGE_CACHE_SECONDS={options.page_cache_seconds}"
            if options.page_cache_seconds is not None
            else ""
        )
    )
    print(f"Desk: {', '.join(f'{action} at {at} s' for at, action in log)}")
    print()
    print("| code | requests/s | page-cache hits | p50 ms | p90 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| {options.label or commit} | {measured['rps']:,.0f} | {ratio:.1%} "
        f"({measured['hits']:,} of {answered:,}) | {measured['p50']:.2f} | "
        f"{measured['p90']:.2f} | {measured['p99']:.2f} |"
    )
    print()
    print(f"{'PASS' if ratio >= 0.95 else 'MISS'}: page-cache hit ratio ≥ 95%")
    print(f"{'PASS' if measured['p99'] < 50 else 'MISS'}: p99 < 50 ms")
    if measured["other"]:
        print(f"({measured['other']} answers carried no X-Page-Cache header)")


if __name__ == "__main__":
    main()
