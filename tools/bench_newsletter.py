"""`make bench-newsletter`: one daily digest to a large list, through a real SMTP server.

For each list size it makes a fresh database in a temporary folder (the demo newsroom plus
that many confirmed subscribers), starts a local SMTP sink (aiosmtpd, counting and then
discarding what it receives) and runs ``manage.py send_newsletter`` as cron would, in its
own process. It reports the time that took and that process's peak memory, and checks
that the sink received exactly one message per subscriber. The same peak at every size
is what "streamed, not loaded whole" looks like.

    python -m tools.bench_newsletter [--sizes 5000,20000,50000] [--database-url URL]

With ``--database-url`` (PostgreSQL, say) each size uses that database instead, emptied
first: point it at a database you do not mind losing.
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from aiosmtpd.controller import Controller

from tools.servers import free_port

ROOT = Path(__file__).resolve().parent.parent


class CountingSink:
    """An SMTP server that accepts everything and keeps only a count per recipient."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.per_recipient: dict[str, int] = {}

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.per_recipient[recipient] = self.per_recipient.get(recipient, 0) + 1
        return "250 OK"

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.per_recipient.values())

    @property
    def duplicates(self) -> int:
        with self.lock:
            return sum(1 for count in self.per_recipient.values() if count > 1)


SEED = """
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
from newsletter.models import Subscriber, SubscriberStatus
call_command("seed_demo", verbosity=0)
Subscriber.objects.all().delete()
now = timezone.now()
size = {size}
batch = []
for n in range(size):
    batch.append(Subscriber(email=f"reader{{n}}.{size}@bench.example",
        status=SubscriberStatus.ACTIVE, wants_digest=True, confirmed_at=now))
    if len(batch) == 5000:
        Subscriber.objects.bulk_create(batch)
        batch = []
Subscriber.objects.bulk_create(batch)
"""


def run(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True)


def measured(env: dict, *args: str) -> tuple[float, int, str]:
    """Wall time, peak resident memory (KiB) and output of one child process."""
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{output}")
    return elapsed, usage.ru_maxrss, output


def bench_size(size: int, database_url: str | None, sink: CountingSink, port: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-newsletter-") as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DATABASE_URL": database_url or f"sqlite:///{folder}/bench.sqlite3",
            "DJANGO_MEDIA_ROOT": f"{folder}/media",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "NEWSLETTER_SEND_AT": "00:00",
        }
        env.pop("REDIS_URL", None)
        if database_url:
            run(env, "manage.py", "flush", "--noinput", "-v0")
        run(env, "manage.py", "migrate", "--noinput", "-v0")
        run(env, "-c", SEED.format(size=size))
        # Django with the project loaded and nothing to send: the floor every run stands on.
        _, idle_kib, _ = measured(env, "-c", "import django; django.setup()")
        before = sink.total
        seconds, peak_kib, output = measured(
            env, "manage.py", "send_newsletter", "--max-seconds", "0"
        )
        received = sink.total - before
    return {
        "size": size,
        "seconds": seconds,
        "peak_mb": peak_kib / 1024,
        "idle_mb": idle_kib / 1024,
        "received": received,
        "output": output.strip(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5000,20000,50000")
    parser.add_argument("--database-url", help="Use this database (emptied!) instead of SQLite.")
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]

    sink = CountingSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        results = []
        for size in sizes:
            print(f"Sending one digest to {size:,} subscribers …", file=sys.stderr, flush=True)
            results.append(bench_size(size, options.database_url, sink, port))
    finally:
        controller.stop()

    database = "PostgreSQL" if options.database_url else "SQLite"
    print(
        f"\nNewsletter benchmark, {date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"CPython {platform.python_version()}, {database}, aiosmtpd sink on 127.0.0.1\n"
    )
    print("| subscribers | time | messages/s | peak memory | Django alone | received |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['size']:,} | {r['seconds']:.1f} s | {r['size'] / r['seconds']:,.0f} "
            f"| {r['peak_mb']:.0f} MB | {r['idle_mb']:.0f} MB | {r['received']:,} |"
        )
    print()
    ok = True
    for r in results:
        if r["received"] != r["size"]:
            ok = False
            print(f"MISS: {r['size']:,} subscribers, {r['received']:,} messages received")
    if sink.duplicates:
        ok = False
        print(f"MISS: {sink.duplicates} recipients received a digest twice")
    growth = results[-1]["peak_mb"] - results[0]["peak_mb"]
    flat = growth <= max(5.0, 0.05 * results[0]["peak_mb"])
    print(
        f"{'PASS' if flat else 'MISS'}: peak memory grew {growth:+.1f} MB from "
        f"{results[0]['size']:,} to {results[-1]['size']:,} subscribers"
    )
    print(f"{'PASS' if ok else 'MISS'}: every subscriber received the digest exactly once")
    sys.exit(0 if ok and flat else 1)


if __name__ == "__main__":
    main()
