"""Fetching from the public internet only.

A feed URL is typed by staff, and the desk fetches it from inside the newsroom's network,
so it never connects to an address that is not on the public internet: loopback, private
and shared ranges, link-local (the cloud metadata service at 169.254.169.254), multicast
and reserved ones are refused, whatever name leads there and after every redirect. The
address checked is the address connected to (no second lookup a DNS trick could change).
A partner really served from inside (a test server, an intranet mirror) is allowed by
naming its host in ``PARTNER_FEEDS_ALLOWED_HOSTS``.
"""

import http.client
import ipaddress
import socket
import urllib.request

from django.conf import settings


class FeedAddressRefused(OSError):
    """The feed's host is on this server's own network, not on the public internet."""


def address_refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Why the desk will not connect to this address, or "" for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback or address.is_unspecified:
        return "this server itself"
    if address.is_link_local:
        return "a link-local address (such as a cloud metadata service)"
    if address.is_private:
        return "a private network address"
    if address.is_multicast or address.is_reserved or not address.is_global:
        return "a reserved address"
    return ""


def guarded_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """``socket.create_connection`` that resolves the host once, refuses addresses off the
    public internet, and connects to exactly the address it checked."""
    host, port = address
    allowed = {name.lower() for name in settings.PARTNER_FEEDS_ALLOWED_HOSTS}
    if host.lower() in allowed:
        return socket.create_connection(address, timeout, source_address)
    refused, last_error = None, None
    for family, kind, proto, _, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        ip = ipaddress.ip_address(sockaddr[0].partition("%")[0])
        if why := address_refusal(ip):
            refused = FeedAddressRefused(
                f"{host} is {why} ({ip}); the desk reads feeds from public addresses only "
                f"(PARTNER_FEEDS_ALLOWED_HOSTS can name a host to allow)"
            )
            continue
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last_error = error
    raise last_error or refused or OSError(f"{host} has no address")


class GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = guarded_connection


class GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = guarded_connection


class GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(GuardedHTTPConnection, req)


class GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(GuardedHTTPSConnection, req, context=self._context)


# Only the web: no file:, ftp: or data: addresses, not even through a redirect; no proxy
# from the environment (it would make the connection, unchecked); every connection,
# redirects included, through the guarded handlers.
public_web = urllib.request.OpenerDirector()
for _handler in (
    GuardedHTTPHandler(),
    GuardedHTTPSHandler(),
    urllib.request.HTTPRedirectHandler(),
    urllib.request.HTTPDefaultErrorHandler(),
    urllib.request.HTTPErrorProcessor(),
):
    public_web.add_handler(_handler)
