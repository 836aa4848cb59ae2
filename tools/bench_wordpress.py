"""The benchmark's WordPress rows: stock WordPress beside ours on the same content (its own
export of the 50-comment post imported here), measured page by page, and the goals that
compare the two."""

import contextlib
import subprocess
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tools import wordpress_peer
from tools.servers import BROWSER, free_port


def start_wordpress_peer(
    stack: contextlib.ExitStack, folder: Path, import_export: Callable[[str], None], stories: int
) -> "wordpress_peer.WordPressSite | None":
    """WordPress beside ours, and its export of the 50-comment post imported here."""
    missing = wordpress_peer.missing_pieces()
    if missing:
        print(
            f"The WordPress rows are left out: missing {', '.join(missing)}. "
            f"To compare with stock WordPress: {wordpress_peer.INSTALL_HINT}.",
            flush=True,
        )
        return None
    print("Setting up stock WordPress on the same content …", flush=True)
    try:
        site = stack.enter_context(
            wordpress_peer.wordpress_site(folder / "wordpress-peer", free_port(), stories=stories)
        )
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        print(f"The WordPress rows are left out: the peer did not start ({error}).", flush=True)
        return None
    import_export(str(site.export))
    return site


def wordpress_runs(facts: dict, site: "wordpress_peer.WordPressSite") -> list[tuple]:
    """Ours with every cache off against WordPress with none, page by page."""

    def page(path: str) -> dict:
        request = urllib.request.Request(site.base_url + path, headers={"User-Agent": BROWSER})
        with urllib.request.urlopen(request, timeout=30) as response:
            return {"path": path, "bytes": len(response.read())}

    ours = facts["story, 50 comments"]
    return [
        ("story with 50 comments, every cache off", "raw", ours, "cold", None),
        ("WordPress: same post, no cache", "wordpress", page(site.story_path), None, None),
        ("story with 50 comments, page-cache miss", "uncached", ours, "queries", None),
        ("home, every cache off", "raw", facts["home"], "cold", None),
        ("WordPress: home, no cache", "wordpress", page(site.home_path), None, None),
        ("section, every cache off", "raw", facts["section"], "cold", None),
        ("WordPress: the category, no cache", "wordpress", page(site.section_path), None, None),
    ]


def wordpress_checks(by_name: dict) -> list[tuple[str, bool]]:
    if "WordPress: same post, no cache" not in by_name:
        return []
    pairs = [
        ("story with 50 comments, every cache off", "WordPress: same post, no cache", 3),
        ("home, every cache off", "WordPress: home, no cache", 2),
        ("section, every cache off", "WordPress: the category, no cache", 2),
    ]
    checks = []
    for ours, theirs, goal in pairs:
        ratio = by_name[ours]["rps"] / by_name[theirs]["rps"]
        cpu = by_name[theirs]["cpu_ms"] / by_name[ours]["cpu_ms"]
        checks.append(
            (
                f"{ours} ≥ {goal}× {theirs} (measured {ratio:.1f}× the requests/s; "
                f"{cpu:.1f}× less CPU per request)",
                ratio >= goal,
            )
        )
    miss = by_name["story with 50 comments, page-cache miss"]["p99"]
    checks.append(
        (f"story with 50 comments, page-cache miss p99 < 50 ms ({miss:.0f} ms)", miss < 50)
    )
    return checks
