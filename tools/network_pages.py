"""What `make bench-network` reads inside Django, for one seeded database: run in its own
process (one per database) and printed as JSON.

For town 0 (the default site, at 127.0.0.1) each public page is rendered with every cache
off, the host map already built: its SQL queries, their time, and the slowest ones with
PostgreSQL's EXPLAIN ANALYZE; and host routing: building the host → site map from the
database, and finding a request's site in the map once built.

    DATABASE_URL=… python -m tools.network_pages [--explain 6]
"""

import argparse
import json
import pickle
import re
import statistics
import sys
import time

import django

HOST = "127.0.0.1"
SEARCH_WORD = "library"
# A plan node reading a whole table, and the rows a filter threw away after reading them.
SCAN = re.compile(r"Seq Scan on (\w+)")
REMOVED = re.compile(r"Rows Removed by (?:Filter|Join Filter): (\d+)")
# ``on_site()``'s "or shared to this town" as Django writes it: ``id IN (SELECT …)``. ORed
# with ``site_id = …`` no index can serve it (PostgreSQL filters every row with a hashed
# subplan); written ``id = ANY(ARRAY(SELECT …))`` the subquery runs first and both sides
# of the OR are index scans. on_site() asks so on PostgreSQL (articles.lookups); the
# benchmark shows what any slow query still asking ``IN (…)`` would cost so.
SHARED_IN = re.compile(
    r'((?:"\w+"|\w+)\."id") IN \((SELECT (\w+)\."article_id" AS "article_id" '
    r'FROM "articles_article_shared_to" \3 WHERE \3\."site_id" = \d+)\)'
)


def town_pages() -> dict[str, str]:
    """Town 0's pages, one of each kind the benchmark measures."""
    from taggit.models import Tag

    from articles.models import Article, Author
    from network.routing import default_site

    town = default_site()
    mine = Article.objects.published().filter(site=town)
    commented = mine.order_by("-comment_count", "-published_at").first()
    author = Author.objects.filter(bylines__article__site=town).order_by("slug").first()
    tag = Tag.objects.filter(slug="topic-3").first() or Tag.objects.order_by("slug").first()
    return {
        "home": "/",
        "section": "/section/news/",
        "story with comments": commented.get_absolute_url(),
        "tag": f"/tag/{tag.slug}/",
        "author": author.get_absolute_url(),
        "feed": "/feed/",
        "sitemap index": "/sitemap.xml",
        "sitemap page": "/sitemap-stories.xml",
        "search": f"/search/?q={SEARCH_WORD}",
    }


class DatabaseTime:
    """An execute wrapper adding up the time queries take. Django's captured times are
    rounded to the millisecond, as long as many of a page's queries take."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def render_cold(path: str, renders: int) -> dict:
    """Queries of one page with every cache empty (the host map built first), and the
    median over a few renders of the time they took in the database."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from network.routing import site_for_host

    client = Client(HTTP_HOST=HOST)
    runs = []
    for _ in range(renders):
        cache.clear()
        site_for_host(HOST)
        in_database = DatabaseTime()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(in_database):
            response = client.get(path)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
        runs.append((elapsed, captured.captured_queries, in_database.seconds))
    queries = runs[-1][1]
    return {
        "path": path,
        "bytes": len(response.content),
        "queries": len(queries),
        "render_ms": statistics.median(r[0] for r in runs) * 1000,
        "sql_ms": statistics.median(r[2] for r in runs) * 1000,
        "slowest": sorted(
            ({"sql": q["sql"], "ms": float(q["time"]) * 1000} for q in queries),
            key=lambda q: q["ms"],
            reverse=True,
        )[:3],
    }


def shared_as_array(sql: str) -> str | None:
    """The query with on_site()'s shared stories read first as an array; None if the
    query does not ask for them."""
    rewritten = SHARED_IN.sub(r"\1 = ANY(ARRAY(\2))", sql)
    return rewritten if rewritten != sql else None


def explain(sql: str) -> dict:
    """PostgreSQL's plan of one query, run for real; what it scanned and threw away."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = [row[0] for row in cursor.fetchall()]
    text = "\n".join(plan)
    execution = re.search(r"Execution Time: ([\d.]+) ms", text)
    return {
        "plan": plan,
        "ms": float(execution.group(1)) if execution else None,
        "seq_scans": sorted(set(SCAN.findall(text))),
        "rows_removed": sum(int(n) for n in REMOVED.findall(text)),
    }


def host_routing(lookups: int = 2000) -> dict:
    """Building the host map (after a change: queries and time) and routing a request
    once this process holds it (time per request, the cache's version read included),
    with every host the network has."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from network.models import SiteHost
    from network.routing import build_host_map, site_for_host

    builds = []
    for _ in range(5):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            built = build_host_map()
        builds.append(time.perf_counter() - started)
    hosts = list(SiteHost.objects.values_list("host", flat=True))
    site_for_host(hosts[0])
    with CaptureQueriesContext(connection) as routed:
        started = time.perf_counter()
        for n in range(lookups):
            site_for_host(hosts[n % len(hosts)])
        per_lookup = (time.perf_counter() - started) / lookups
    return {
        "sites": len(built.sites),
        "hosts": len(hosts),
        "build_ms": statistics.median(builds) * 1000,
        "build_queries": len(captured),
        "route_us": per_lookup * 1_000_000,
        "route_queries": len(routed) / lookups,
        "map_bytes": len(pickle.dumps(built)),
    }


def measure(renders: int, explain_top: int) -> dict:
    from django.db import connection

    pages = {name: render_cold(path, renders) for name, path in town_pages().items()}
    slowest = sorted(
        ((name, query) for name, page in pages.items() for query in page["slowest"]),
        key=lambda item: item[1]["ms"],
        reverse=True,
    )[:explain_top]
    plans = []
    if connection.vendor == "postgresql":
        for name, query in slowest:
            rewritten = shared_as_array(query["sql"])
            plans.append(
                {
                    "page": name,
                    **query,
                    **explain(query["sql"]),
                    "as_array": explain(rewritten) if rewritten else None,
                }
            )
    return {"pages": pages, "plans": plans, "routing": host_routing()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=5)
    parser.add_argument("--explain", type=int, default=6, help="how many slow queries")
    options = parser.parse_args()
    django.setup()
    print(json.dumps(measure(options.renders, options.explain)))


if __name__ == "__main__":
    main()
