"""Requests are routed to a town by their host name; unknown hosts are refused."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from network import routing
from network.models import Site, SiteHost
from network.routing import HOST_MAP_VERSION_KEY, retire_host_map, site_for_host

from .conftest import A_HOST, B_HOST

pytestmark = pytest.mark.django_db


def test_migration_made_the_default_site_from_the_settings():
    site = Site.objects.default()
    assert site.name == settings.SITE_NAME
    assert site.tagline == settings.SITE_TAGLINE
    assert site.time_zone == settings.TIME_ZONE
    assert site.base_url == settings.SITE_URL
    assert list(site.hosts.values_list("host", flat=True)) == [urlsplit(settings.SITE_URL).hostname]


def test_one_site_installation_answers_every_allowed_host_as_before(client):
    default = Site.objects.default()
    for host in ("testserver", "localhost", "127.0.0.1"):
        response = client.get("/", HTTP_HOST=host)
        assert response.status_code == 200, host
        assert f'<p class="site-name"><a href="/">{default.name}</a></p>' in response.text


def test_two_hosts_reach_two_sites_with_their_own_name_and_tagline(reader_a, reader_b):
    page_a = reader_a.get("/").text
    page_b = reader_b.get("/").text
    assert "The Town A Loop" in page_a and "Town A, close to home." in page_a
    assert "The Town B Loop" in page_b and "Town B, close to home." in page_b
    assert "Town B" not in page_a and "Town A" not in page_b


def test_host_names_are_matched_without_port_or_case(town_b):
    assert site_for_host(f"{B_HOST}:8443") == town_b
    assert site_for_host(B_HOST.upper()) == town_b


def test_a_host_not_in_allowed_hosts_is_refused(town_b):
    response = Client(HTTP_HOST="evil.example").get("/")
    assert response.status_code == 400


def test_an_allowed_host_no_site_names_is_refused_once_there_are_two_sites(town_b):
    response = Client(HTTP_HOST="stranger.example").get("/")
    assert response.status_code == 400
    assert "Town A" not in response.text and "Town B" not in response.text


def test_an_allowed_host_no_site_names_is_the_only_sites_when_there_is_one(town_a):
    response = Client(HTTP_HOST="stranger.example").get("/")
    assert response.status_code == 200
    assert "The Town A Loop" in response.text


def test_a_warm_request_is_routed_without_a_query(town_b, django_assert_num_queries):
    site_for_host(B_HOST)
    with django_assert_num_queries(0):
        assert site_for_host(B_HOST) == town_b
        assert site_for_host(A_HOST).name == "The Town A Loop"


def test_a_new_host_name_is_routed_at_once(town_b):
    assert site_for_host("www.town-b.example") is None
    SiteHost.objects.create(site=town_b, host="www.town-b.example")
    assert site_for_host("www.town-b.example") == town_b


def test_renaming_a_town_shows_at_once(reader_b, town_b):
    reader_b.get("/")
    town_b.name = "The Riverside Loop"
    town_b.save()
    assert "The Riverside Loop" in reader_b.get("/").text


def test_an_invalid_host_name_is_refused_with_a_clear_error(town_b):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="host name only"):
        SiteHost(site=town_b, host="https://Town-C.example/").full_clean()
    with pytest.raises(ValidationError, match="time zone"):
        Site(
            name="C", slug="c", base_url="https://c.example", time_zone="Mars/Olympus"
        ).full_clean()


def test_the_health_check_answers_at_any_allowed_host(town_b):
    assert Client(HTTP_HOST="stranger.example").get("/healthz").status_code == 200


def test_a_warm_request_reads_one_small_version_from_the_cache_not_the_map(town_b, monkeypatch):
    site_for_host(B_HOST)
    read = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args: read.append(key) or real_get(key, *args))

    assert site_for_host(B_HOST) == town_b
    assert read == [HOST_MAP_VERSION_KEY]
    assert len(cache.get(HOST_MAP_VERSION_KEY)) <= 16


def test_a_change_another_process_made_reaches_this_one_at_its_next_request(town_b):
    site_for_host(B_HOST)
    # Another server renames town B: its row changes and its signal gives the map a new
    # version in the shared cache; this process's own map knows nothing of it.
    Site.objects.filter(pk=town_b.pk).update(name="The Riverside Loop")
    assert site_for_host(B_HOST).name == "The Town B Loop"  # from memory, no query

    retire_host_map()

    assert site_for_host(B_HOST).name == "The Riverside Loop"


def test_a_process_with_an_empty_memory_builds_the_current_map(town_b, monkeypatch):
    site_for_host(B_HOST)
    SiteHost.objects.create(site=town_b, host="www.town-b.example")
    monkeypatch.setattr(routing, "_known", routing.HostMap())  # a new worker

    assert site_for_host("www.town-b.example") == town_b


def test_an_emptied_cache_makes_every_process_rebuild(town_b):
    site_for_host(B_HOST)
    SiteHost.objects.filter(site=town_b).update(host="riverside.example")
    cache.clear()  # Redis restarted: the version is gone, and so is the trust in maps

    assert site_for_host("riverside.example") == town_b
    assert site_for_host(B_HOST) is None
