"""`make bench` rows through a real Varnish: the story page and the static file of the same
size, served from Varnish's store, in front of the benchmark's cached server.

Needs Debian's ``varnish`` and ``varnish-modules`` (the VCL imports xkey); without them
the rows are left out and the bench says what to install.
"""

import urllib.request
from pathlib import Path

from .varnish import INSTALL_HINT, start_varnish, stop_varnish, varnishd


def varnish_rows(
    run_wrk, folder: Path, origin: str, pages: list[tuple[str, dict]], warm
) -> list[tuple[str, dict, int, int]]:
    """Measure each ``(row name, page facts)`` through Varnish in front of ``origin``;
    ``run_wrk(url)`` and ``warm(url)`` are the bench's own."""
    if varnishd() is None:
        print(f"Skipping the rows through Varnish: {INSTALL_HINT}.", flush=True)
        return []
    backend_port = int(origin.rsplit(":", 1)[1])
    varnish = start_varnish(folder / "varnish", backend_port, memory="128m")
    rows = []
    try:
        for name, fact in pages:
            url = varnish.origin + fact["path"]
            warm(url)
            check_stored(url)
            print(f"Measuring {name} …", flush=True)
            rows.append((name, run_wrk(url), fact["bytes"], 0))
    finally:
        stop_varnish(varnish)
    return rows


def check_stored(url: str) -> None:
    """The page must come from Varnish's store, or the row would measure the app."""
    with urllib.request.urlopen(url, timeout=10) as response:
        if response.headers.get("X-Cache") != "hit":
            raise RuntimeError(f"Varnish does not store {url}: {dict(response.headers)}")
