"""Retiring page keys: here, in every server's page and fragment caches, and in the CDN."""

from collections.abc import Iterable

from django.db import transaction

from articles import key_versions

from . import cdn_purge


def retire(keys: Iterable[str]) -> None:
    """Retire these keys now and again once the change is committed, then purge the CDN.

    Now: no server keeps serving the old page while the change is being written. Again
    after the commit: a page another server rendered between the two, from the database
    as it was before the commit, is retired as well. The CDN is told after the commit, in
    the background (``cdn_purge``), so its next request fetches the committed page.
    """
    keys = frozenset(keys)
    if not keys:
        return
    key_versions.stamp(keys)
    # Robust: the change is committed whatever the cache or the CDN does now.
    transaction.on_commit(lambda: after_commit(keys), robust=True)


def after_commit(keys: frozenset[str]) -> None:
    key_versions.stamp(keys)
    cdn_purge.purge_later(keys)
