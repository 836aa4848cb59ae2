"""Django's Redis cache, made to keep the site up when Redis is not.

The cache only ever makes pages faster: if Redis stops answering, reads miss and writes
are dropped, with a warning in the log (at most once a minute), and every page is simply
rendered afresh. Nothing that must not be lost (comments, stories) lives in the cache.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
_last_warning = 0.0


def _warn(operation: str, error: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > 60:
        _last_warning = now
        logger.warning("Cache unavailable (%s: %s); serving without it.", operation, error)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        params = {**params}
        options = {**params.get("OPTIONS", {})}
        # Fail fast: a page should not wait on a cache that is down.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        params["OPTIONS"] = options
        super().__init__(server, params)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _warn("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _warn("get_many", error)
            return {}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as error:
            _warn("set", error)
            return None

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            _warn("add", error)
            # Say "added": callers use add() as "first one wins", and with no cache every
            # caller may as well go ahead.
            return True

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            _warn("delete", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _warn("incr", error)
            raise ValueError("cache unavailable") from error

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            _warn("clear", error)
            return False

    def is_reachable(self) -> bool:
        """For the health check: whether Redis answers right now."""
        try:
            return bool(self._cache.get_client(None, write=True).ping())
        except RedisError:
            return False
