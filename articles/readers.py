"""Telling readers apart without storing who they are, and without being fooled by headers.

The client's address comes from ``REMOTE_ADDR``, which the project's first middleware
sets through the trusted proxies only (``newsroom.client_address``). Everything else a
client sends (User-Agent, cookies, X-Forwarded-For beyond the trusted proxies) is its own
choice, so no count here may grow with it: one address counts as at most
``READERS_PER_ADDRESS`` readers (an office or a school shares one address), and an IPv6
address counts by its /64 network, which one household or phone usually holds whole.
"""

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address, as the trusted-proxy setting resolved it ("" if unknown)."""
    return request.META.get("REMOTE_ADDR") or ""


def reader_network(address: str) -> str:
    """The unit one reader is counted by: the IPv4 address, or the IPv6 /64 network."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def is_from_this_site(request: HttpRequest) -> bool:
    """True when the browser says this request was sent by one of this site's own pages.

    Browsers send ``Sec-Fetch-Site`` and ``Origin`` (on a POST) or ``Referer``; a request
    another site's page makes the reader's browser send says so, and one with neither
    Origin nor Referer cannot show it came from here.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin:
        return False
    try:
        parts = urlsplit(origin)
        host = request.get_host()
    except (ValueError, DisallowedHost):  # "http://[::1", or a host this site is not
        return False
    return parts.scheme in {"http", "https"} and parts.netloc == host
