"""Which sites a staff member works on.

A member of a site's staff (``SiteMembership``) works on that site; a network editor
(the ``network.work_on_every_site`` permission, or a superuser) works on all of them. In a
network of one site everyone on the staff works on it, so a one-town installation needs
no memberships and behaves as it always did; and staff who are members of no site work
on the default one, so adding a second town locks nobody of the first out.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from .models import Site, SiteMembership
from .routing import all_sites, default_site, site_of

EVERY_SITE_PERMISSION = "network.work_on_every_site"


def works_on_every_site(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_active:
        return False
    return len(all_sites()) == 1 or user.has_perm(EVERY_SITE_PERMISSION)


def site_ids_of(user: AbstractBaseUser | AnonymousUser) -> set[int] | None:
    """The ids of the sites this person works on; None for every site. One query at
    most, remembered on the user object for the rest of the request."""
    if works_on_every_site(user):
        return None
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_network_site_ids", None)
    if cached is None:
        cached = set(SiteMembership.objects.filter(user=user).values_list("site_id", flat=True))
        cached = cached or {default_site().pk}
        user._network_site_ids = cached
    return cached


def can_work_on(user: AbstractBaseUser | AnonymousUser, site_id: int | None) -> bool:
    ids = site_ids_of(user)
    return ids is None or site_id in ids


def own_site_queryset(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Site]:
    """The sites this person works on, as a queryset (for form choices and filters)."""
    ids = site_ids_of(user)
    return Site.objects.all() if ids is None else Site.objects.filter(pk__in=ids)


def own_sites(user: AbstractBaseUser | AnonymousUser) -> list[Site]:
    """The sites this person works on, from the cached host map."""
    ids = site_ids_of(user)
    return [site for site in all_sites() if ids is None or site.pk in ids]


def home_site_for(request: HttpRequest) -> Site | None:
    """The site a new story of this person's belongs to unless they choose another: the
    site they are signed in at, if they work on it, else their first own site."""
    here = site_of(request)
    if can_work_on(request.user, here.pk):
        return here
    mine = own_sites(request.user)
    if mine:
        return mine[0]
    return default_site() if site_ids_of(request.user) is None else None


def working_on(users: QuerySet, site: Site) -> QuerySet:
    """Of these people, those who work on this site: its staff and the network editors
    (everyone, in a network of one site). For emails meant for one town's desk."""
    if len(all_sites()) == 1:
        return users
    every_site = users.model.objects.with_perm(EVERY_SITE_PERMISSION).values("pk")
    works_here = Q(site_memberships__site=site) | Q(pk__in=every_site)
    if site.is_default:
        works_here |= Q(site_memberships__isnull=True)
    return users.filter(works_here).distinct()
