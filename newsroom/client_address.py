"""Who the client is: the one place the site decides a request's address.

Behind a reverse proxy (nginx, a load balancer, a CDN) every request comes from the proxy,
and the reader's own address is in X-Forwarded-For, which each proxy extends with the
address it was connected from. Anyone can send that header too, so it is believed only as
far as ``TRUSTED_PROXIES`` says:

- ``0`` (the default): no proxy; the connection's own address is the client.
- a hop count ``N``: exactly N proxies stand in front, so the Nth address from the right
  of the chain (X-Forwarded-For followed by the connection's address) is the client. The
  app servers must be reachable only through those proxies.
- networks (``("10.0.0.0/8", "127.0.0.1/32")``): walking from the right, addresses in these
  networks are proxies; the first address outside them is the client. A request that does
  not come from a trusted network has its X-Forwarded-For ignored altogether.

``ClientAddressMiddleware`` (in ``newsroom.middleware``) runs this once, first, and puts
the answer in ``request.META["REMOTE_ADDR"]``, so every app (rate limits, read counting,
reports, stored comment addresses and their retention) and every library reads the same
address without importing anything. The connection's own address is kept in
``request.META["PEER_ADDR"]``.
"""

import ipaddress
from collections.abc import Sequence

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
TrustedProxies = int | Sequence[IPNetwork]


def parse_trusted_proxies(value: str) -> int | tuple[IPNetwork, ...]:
    """``DJANGO_TRUSTED_PROXIES`` as the middleware uses it; ValueError if it is neither a
    hop count nor a comma-separated list of addresses and networks."""
    value = value.strip()
    if not value:
        return 0
    if value.isascii() and value.isdigit():
        hops = int(value)
        if hops > 10:
            raise ValueError(f"{hops} proxies in a row is not a real deployment")
        return hops
    networks = []
    for item in value.split(","):
        if item.strip():
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
    return tuple(networks)


def parse_address(value: str) -> IPAddress | None:
    """One address as a proxy or server writes it: ``1.2.3.4``, ``1.2.3.4:5678``,
    ``[2001:db8::1]:443``, ``2001:db8::1``; None for anything else (``unknown``, junk)."""
    value = value.strip().strip('"')
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    value = value.partition("%")[0]  # an IPv6 zone (fe80::1%eth0) names no one
    if not value or len(value) > 45:
        return None
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        # A dual-stack socket reports IPv4 readers as ::ffff:1.2.3.4; they are 1.2.3.4.
        address = address.ipv4_mapped or address
    return address


def resolve_client_address(peer: str, forwarded_for: str | None, trusted: TrustedProxies) -> str:
    """The client's address for a request from ``peer`` carrying ``forwarded_for``.

    Never raises; a chain that is shorter than the operator said, or holds junk where a
    trusted proxy should have written an address, gives the last address that can be
    believed (the nearest proxy's own view), never a value the client chose.
    """
    peer_address = parse_address(peer)
    peer_text = str(peer_address) if peer_address else ""
    if not trusted or not forwarded_for:
        return peer_text
    hops = forwarded_for.split(",")[-64:]  # a longer chain is junk; the right end is what counts
    if isinstance(trusted, int):
        return _by_hop_count(peer_text, hops, trusted)
    return _by_networks(peer_address, hops, trusted)


def _by_hop_count(peer: str, hops: list[str], count: int) -> str:
    client = peer
    # Walk left from the connection: each trusted proxy vouches for the address before it.
    for position in range(1, count + 1):
        if position > len(hops):
            break  # fewer hops than proxies: the request did not come through all of them
        address = parse_address(hops[-position])
        if address is None:
            break
        client = str(address)
    return client


def _by_networks(peer: IPAddress | None, hops: list[str], networks: Sequence[IPNetwork]) -> str:
    if peer is None or not _is_trusted(peer, networks):
        return str(peer) if peer else ""
    client = peer
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)


def _is_trusted(address: IPAddress, networks: Sequence[IPNetwork]) -> bool:
    return any(address.version == net.version and address in net for net in networks)
