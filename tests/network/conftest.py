"""Two towns in one network: A (the default site, where the installation began) and B."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from network.models import Site, SiteHost, SiteMembership
from tests.roles import ensure_roles

A_HOST = "town-a.example"
B_HOST = "town-b.example"


@pytest.fixture
def town_a(settings) -> Site:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, A_HOST, B_HOST, "stranger.example"]
    site = Site.objects.default()
    site.name = "The Town A Loop"
    site.tagline = "Town A, close to home."
    site.base_url = f"https://{A_HOST}"
    site.save()
    SiteHost.objects.create(site=site, host=A_HOST)
    return site


@pytest.fixture
def town_b(town_a) -> Site:
    site = Site.objects.create(
        name="The Town B Loop",
        slug="town-b",
        tagline="Town B, close to home.",
        time_zone="America/Chicago",
        base_url=f"https://{B_HOST}",
    )
    SiteHost.objects.create(site=site, host=B_HOST)
    return site


@pytest.fixture
def reader_a(town_a) -> Client:
    return Client(HTTP_HOST=A_HOST)


@pytest.fixture
def reader_b(town_b) -> Client:
    return Client(HTTP_HOST=B_HOST)


@pytest.fixture
def make_town_staff(django_user_model):
    """A staff member in one of the desk's groups, working for the given sites."""

    def make(username: str, group: str, *sites: Site, every_site: bool = False):
        ensure_roles()
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=group))
        for site in sites:
            SiteMembership.objects.create(user=user, site=site)
        if every_site:
            user.user_permissions.add(
                Permission.objects.get(
                    codename="work_on_every_site", content_type__app_label="network"
                )
            )
        return user

    return make


@pytest.fixture
def signed_in(town_b):
    """The desk, signed in at town B's address (the admin answers at every town's)."""

    def sign_in(user):
        client = Client(HTTP_HOST=B_HOST)
        client.force_login(user)
        return client

    return sign_in
