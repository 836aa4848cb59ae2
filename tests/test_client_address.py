"""Who the client is: X-Forwarded-For believed exactly as far as DJANGO_TRUSTED_PROXIES says."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from newsroom.client_address import parse_trusted_proxies, resolve_client_address
from newsroom.middleware import ClientAddressMiddleware

LOCAL = parse_trusted_proxies("127.0.0.1/32,10.0.0.0/8")


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "trusted", "client"),
    [
        # Nothing trusted: the header is the client's own invention.
        ("203.0.113.5", "198.51.100.1", 0, "203.0.113.5"),
        # One proxy: the last entry is what it saw; anything before it the client wrote.
        ("127.0.0.1", "198.51.100.1", 1, "198.51.100.1"),
        ("127.0.0.1", "6.6.6.6, 198.51.100.1", 1, "198.51.100.1"),
        ("127.0.0.1", "6.6.6.6,198.51.100.1 ,", 1, "127.0.0.1"),  # junk where the proxy writes
        # Two proxies (a CDN, then nginx).
        ("127.0.0.1", "6.6.6.6, 198.51.100.1, 192.0.2.10", 2, "198.51.100.1"),
        ("127.0.0.1", "198.51.100.1", 2, "198.51.100.1"),  # came through one of them only
        # No header at all.
        ("127.0.0.1", None, 1, "127.0.0.1"),
        ("127.0.0.1", "", LOCAL, "127.0.0.1"),
        # Trusted networks: skipped from the right, the first outside is the client.
        ("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.1.2.3", LOCAL, "198.51.100.1"),
        ("127.0.0.1", "10.9.9.9, 10.1.2.3", LOCAL, "10.9.9.9"),  # all proxies: the leftmost
        # A request that does not come from a trusted proxy has its header ignored.
        ("203.0.113.5", "198.51.100.1", LOCAL, "203.0.113.5"),
        ("127.0.0.1", "not-an-address, 198.51.100.1", LOCAL, "198.51.100.1"),
        ("127.0.0.1", "198.51.100.1, garbage", LOCAL, "127.0.0.1"),
        # The forms proxies write addresses in.
        ("127.0.0.1", "198.51.100.1:52311", 1, "198.51.100.1"),
        ("127.0.0.1", "[2001:db8::7]:443", 1, "2001:db8::7"),
        ("127.0.0.1", "2001:DB8::0:7", 1, "2001:db8::7"),
        ("127.0.0.1", "fe80::1%eth0", 1, "fe80::1"),
        ("::ffff:127.0.0.1", "::ffff:198.51.100.1", 1, "198.51.100.1"),
        ("::ffff:203.0.113.5", None, 0, "203.0.113.5"),
        # Junk where the connection's address should be (a unix socket gives none).
        ("", "198.51.100.1", 1, "198.51.100.1"),
        ("", None, 0, ""),
        ("unix:/run/app.sock", None, 0, ""),
        ("127.0.0.1", ",," * 5000 + "198.51.100.1", 1, "198.51.100.1"),
    ],
)
def test_the_client_is_who_the_trusted_proxies_say(peer, forwarded_for, trusted, client):
    assert resolve_client_address(peer, forwarded_for, trusted) == client


@pytest.mark.parametrize(
    ("value", "parsed"),
    [("", 0), ("0", 0), ("1", 1), ("2", 2), (" 127.0.0.1/32 , 10.0.0.0/8", LOCAL)],
)
def test_the_setting_is_a_hop_count_or_a_list_of_networks(value, parsed):
    assert parse_trusted_proxies(value) == parsed


@pytest.mark.parametrize("value", ["-1", "one", "10.0.0.0/33", "127.0.0.1/32,nope", "99"])
def test_a_setting_that_is_neither_is_refused(value):
    with pytest.raises(ValueError):
        parse_trusted_proxies(value)


def test_the_middleware_puts_the_client_in_remote_addr_and_keeps_the_peer(settings):
    settings.TRUSTED_PROXIES = 1
    seen = {}

    def view(request):
        seen.update(client=request.META["REMOTE_ADDR"], peer=request.META["PEER_ADDR"])

    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1"
    )
    ClientAddressMiddleware(view)(request)
    assert seen == {"client": "198.51.100.1", "peer": "127.0.0.1"}


def test_it_runs_before_anything_that_reads_the_address():
    order = settings.MIDDLEWARE
    first_reader = order.index("articles.middleware.ReadBeaconMiddleware")
    assert order.index("newsroom.middleware.ClientAddressMiddleware") < first_reader
    assert order[0] == "newsroom.middleware.SecurityHeadersMiddleware"


@pytest.mark.django_db
def test_untrusted_forwarding_is_noted_once_in_the_log(caplog):
    client = Client()
    for _ in range(3):
        client.get("/healthz", HTTP_X_FORWARDED_FOR="198.51.100.1")
    warnings = [r for r in caplog.records if "DJANGO_TRUSTED_PROXIES is not set" in r.getMessage()]
    assert len(warnings) == 1
