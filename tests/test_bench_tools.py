"""The benchmark's helpers that run without WordPress or a load tool."""

import os
import time

from tools import cpu_time, wordpress_peer


def test_cpu_time_counts_a_process_and_its_children():
    before = cpu_time.cpu_seconds([os.getppid()])
    started = time.process_time()
    while time.process_time() - started < 0.3:
        pass

    assert cpu_time.cpu_seconds([os.getppid()]) - before >= 0.25  # this process is a child


def test_cpu_time_of_a_process_that_is_gone_is_nothing():
    assert cpu_time.cpu_seconds([2**22 + 12345]) == 0


def test_missing_wordpress_pieces_are_named_so_the_bench_can_say_what_to_install(monkeypatch):
    monkeypatch.setattr(wordpress_peer, "WORDPRESS_DIR", wordpress_peer.Path("/nonexistent"))

    missing = wordpress_peer.missing_pieces()

    assert "wordpress" in missing
    assert "apt-get install" in wordpress_peer.INSTALL_HINT


def test_sql_text_is_quoted_for_mariadb():
    assert wordpress_peer.quote("it's a \\ test") == "'it''s a \\\\ test'"
