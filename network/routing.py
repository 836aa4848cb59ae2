"""Which site a request is for, by its host name.

Each process keeps the host → site map in its own memory, labelled with the version it
was built at; the shared cache holds only the current version, a short token every
change to a Site or SiteHost replaces. Routing a warm request reads that token (one small
cache read, as before) and no query; a process whose map is older than the token builds
it again from the database, so a change reaches every server within one request. Reading
the whole map from the cache on every request cost 1.3 ms among 200 towns (47 KB to
unpickle); the token costs the same among 1 or 200.

The map's Site objects are shared by the requests a process serves: read them, never
change them (a change is saved from a fresh copy, and retires the map).
"""

import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.http.request import split_domain_port

from .models import Site, SiteHost

HOST_MAP_VERSION_KEY = "network:host-map-version"


@dataclass
class HostMap:
    sites: dict[int, Site] = field(default_factory=dict)
    hosts: dict[str, int] = field(default_factory=dict)
    default_id: int | None = None
    version: str = ""


# This process's map; replaced whole, never changed in place.
_known = HostMap()


def ensure_default_site() -> Site:
    """The default site, made from the settings when the database has none (a new or
    emptied database: the migration makes it too)."""
    site = Site.objects.default()
    if site is not None:
        return site
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    site, _ = Site.objects.get_or_create(
        is_default=True,
        defaults={
            "name": settings.SITE_NAME,
            "slug": "default",
            "tagline": settings.SITE_TAGLINE,
            "time_zone": settings.TIME_ZONE,
            "base_url": settings.SITE_URL,
        },
    )
    if not SiteHost.objects.filter(host=host).exists():
        SiteHost.objects.create(site=site, host=host)
    return site


def build_host_map() -> HostMap:
    # One query: each site once per host name it has (once, with None, if it has none).
    sites: dict[int, Site] = {}
    hosts: dict[str, int] = {}
    for site in Site.objects.annotate(host_name=F("hosts__host")):
        sites.setdefault(site.pk, site)
        if site.host_name:
            hosts[site.host_name] = site.pk
    if not sites:
        default = ensure_default_site()
        return build_host_map() if default.pk else HostMap()
    default_id = next((pk for pk, site in sites.items() if site.is_default), None)
    return HostMap(sites=sites, hosts=hosts, default_id=default_id)


def settings_site() -> Site:
    """The default site as the settings describe it, unsaved."""
    return Site(
        name=settings.SITE_NAME,
        slug="default",
        tagline=settings.SITE_TAGLINE,
        time_zone=settings.TIME_ZONE,
        base_url=settings.SITE_URL,
        is_default=True,
    )


def new_version() -> str:
    return secrets.token_hex(8)


def current_version() -> str:
    """The version every process's map should be at. A cache that lost it (emptied,
    restarted) gets a new one, which no process's map has: every process rebuilds."""
    version = cache.get(HOST_MAP_VERSION_KEY)
    if version is None:
        cache.add(HOST_MAP_VERSION_KEY, new_version(), timeout=None)
        # Whichever process added it first: read back, so all agree.
        version = cache.get(HOST_MAP_VERSION_KEY) or ""
    return version


def host_map() -> HostMap:
    """This process's map, rebuilt first if a change made it older than the cache's
    version. The version is read before the rows: a change committed while the map is
    being built gives a newer version, and the next request builds again."""
    global _known
    version = current_version()
    if version and version == _known.version:
        return _known
    try:
        built = build_host_map()
    except DatabaseError:
        # The database is down: the request goes on as the default site's, so that
        # its 503 page (DatabaseUnavailableMiddleware) wears the site's name. Not kept.
        return HostMap(sites={0: settings_site()}, default_id=0)
    built.version = version
    _known = built
    return built


def retire_host_map(**kwargs) -> None:
    """Give the map a new version now and once the change is committed (a signal
    receiver): every process rebuilds at its next request, and a map one of them built
    in between, from the old rows, is retired as well."""
    cache.set(HOST_MAP_VERSION_KEY, new_version(), timeout=None)
    transaction.on_commit(
        lambda: cache.set(HOST_MAP_VERSION_KEY, new_version(), timeout=None), robust=True
    )


def site_for_host(host: str) -> Site | None:
    """The site at this host name (a port is ignored). A host no site names belongs to
    the only site when there is one (a one-town installation answers at any allowed
    host, as before), and to none when there are several."""
    domain, _port = split_domain_port(host)
    known = host_map()
    site_id = known.hosts.get(domain.lower())
    if site_id is not None and site_id in known.sites:
        return known.sites[site_id]
    if len(known.sites) == 1:
        return next(iter(known.sites.values()))
    return None


def default_site() -> Site:
    """The default site, for work no request names a site for (commands, emails)."""
    known = host_map()
    if known.default_id is not None:
        return known.sites[known.default_id]
    return ensure_default_site()


def default_site_id() -> int:
    """The default site's id: new stories, sections and pages belong to it unless told."""
    return default_site().pk


def all_sites() -> list[Site]:
    """Every site, from the cached map (no query)."""
    return sorted(host_map().sites.values(), key=lambda site: (site.name, site.pk))


def site_of(request) -> Site:
    """The request's site; the default one for a request that did not pass the
    middleware (one built by hand, an error page)."""
    site = getattr(request, "site", None)
    return site if site is not None else default_site()


def site_named(slug: str) -> Site:
    """The site with this slug, for commands' ``--site``; a clear error naming the sites
    there are when there is none."""
    site = Site.objects.filter(slug=slug).first()
    if site is None:
        known = ", ".join(Site.objects.values_list("slug", flat=True)) or "none"
        raise Site.DoesNotExist(f"No site has the slug {slug!r} (the sites: {known}).")
    return site
