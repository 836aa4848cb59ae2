"""Reads are counted in the cache first and flushed to the database in hourly buckets.

A story that goes viral gets thousands of beacons a minute; each is one atomic increment
in the cache, and the database sees one row update per story and hour, once a minute.

With Redis (several app servers) the buffer is one Redis hash, drained atomically by
renaming it; with the local-memory cache (one process) it is a dict behind a lock.
"""

import contextlib
import threading
import uuid
from collections import Counter
from collections.abc import Mapping
from typing import Protocol

from django.core.cache import caches
from django_redis import get_redis_connection
from redis.exceptions import RedisError, ResponseError

BUFFER_KEY = "reads:buffer"


class ReadBuffer(Protocol):
    def add(self, key: str, amount: int = 1) -> None: ...

    def drain(self) -> dict[str, int]: ...

    def restore(self, counts: Mapping[str, int]) -> None: ...


class LocalReadBuffer:
    """For the default local-memory cache, which is itself one process's memory."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def add(self, key: str, amount: int = 1) -> None:
        with self._lock:
            self._counts[key] += amount

    def drain(self) -> dict[str, int]:
        with self._lock:
            counts, self._counts = dict(self._counts), Counter()
        return counts

    def restore(self, counts: Mapping[str, int]) -> None:
        with self._lock:
            self._counts.update(counts)


class RedisReadBuffer:
    """One Redis hash shared by every app server; HINCRBY is atomic."""

    def __init__(self, client, name: str) -> None:
        self.client = client
        self.name = name

    def add(self, key: str, amount: int = 1) -> None:
        # If Redis is down this read is lost, which is all that may be lost.
        with contextlib.suppress(RedisError):
            self.client.hincrby(self.name, key, amount)

    def drain(self) -> dict[str, int]:
        # Renaming is atomic: beacons arriving meanwhile start a fresh hash, none is lost.
        draining = f"{self.name}:draining:{uuid.uuid4().hex}"
        try:
            self.client.rename(self.name, draining)
        except ResponseError:  # no such key: nothing to drain
            return {}
        except RedisError:
            return {}  # Redis is down: nothing can be drained now, the next flush tries
        counts = self.client.hgetall(draining)
        self.client.delete(draining)
        return {key.decode(): int(value) for key, value in counts.items()}

    def restore(self, counts: Mapping[str, int]) -> None:
        pipeline = self.client.pipeline()
        for key, amount in counts.items():
            pipeline.hincrby(self.name, key, amount)
        pipeline.execute()


_local_buffer = LocalReadBuffer()


def get_read_buffer() -> ReadBuffer:
    try:
        client = get_redis_connection("default")
    except NotImplementedError:  # not a Redis cache: the local-memory one
        return _local_buffer
    return RedisReadBuffer(client, caches["default"].make_key(BUFFER_KEY))
