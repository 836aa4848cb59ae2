"""The read buffer loses nothing: not while it is drained, not when a flush fails."""

import threading

import pytest

from articles.read_buffer import LocalReadBuffer, RedisReadBuffer

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_buffer():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379 (the local-memory buffer is tested anyway)")
    name = "test:reads:buffer"
    client.delete(name)
    yield RedisReadBuffer(client, name)
    client.delete(name)


@pytest.fixture(params=["local", "redis"])
def buffer(request):
    if request.param == "local":
        return LocalReadBuffer()
    return request.getfixturevalue("redis_buffer")


def test_drain_returns_the_counts_and_empties_the_buffer(buffer):
    buffer.add("100:1")
    buffer.add("100:1")
    buffer.add("100:2", 3)

    assert buffer.drain() == {"100:1": 2, "100:2": 3}
    assert buffer.drain() == {}


def test_restored_counts_are_added_to_new_ones(buffer):
    buffer.add("100:1", 2)
    drained = buffer.drain()
    buffer.add("100:1")

    buffer.restore(drained)

    assert buffer.drain() == {"100:1": 3}


def test_no_read_is_lost_while_draining_concurrently(buffer):
    total = {"n": 0}
    stop = threading.Event()

    def drainer():
        while not stop.is_set():
            total["n"] += sum(buffer.drain().values())

    thread = threading.Thread(target=drainer)
    thread.start()
    writers = [
        threading.Thread(target=lambda: [buffer.add("100:7") for _ in range(500)]) for _ in range(4)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    stop.set()
    thread.join()
    total["n"] += sum(buffer.drain().values())

    assert total["n"] == 2000
