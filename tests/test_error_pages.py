import pytest
from django.test import Client
from django.urls import path

from tests.factories import ArticleFactory


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view)]
handler500 = "newsroom.views.server_error"


@pytest.mark.django_db
@pytest.mark.urls("tests.test_error_pages")
def test_server_error_is_the_sites_own_page_without_a_traceback():
    response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "The Local Loop" in html
    assert "RuntimeError" not in html and "Traceback" not in html


@pytest.mark.django_db
def test_not_found_page_uses_the_site_design(client):
    ArticleFactory(headline="Still here")
    response = client.get("/2026/01/01/missing-story/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html
    assert "Still here" in html  # the sidebar helps the reader on


SECURITY_HEADERS = [
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
]


def security_headers(response) -> dict[str, str]:
    return {name: response.get(name) for name in SECURITY_HEADERS}


@pytest.mark.django_db
def test_a_page_carries_every_security_header(client):
    headers = security_headers(client.get("/"))
    assert all(headers.values()), headers


@pytest.mark.django_db
def test_a_500_from_a_view_carries_the_same_security_headers_as_any_page(client):
    page = security_headers(client.get("/"))
    with override_urlconf("tests.test_error_pages"):
        broken = Client(raise_request_exception=False).get("/broken/")
    assert broken.status_code == 500
    assert security_headers(broken) == page


@pytest.mark.django_db
def test_a_500_from_a_middleware_carries_the_same_security_headers(client, monkeypatch):
    page = security_headers(client.get("/"))

    def cache_breaks() -> int:
        raise RuntimeError("the page cache broke")

    monkeypatch.setattr("articles.key_versions.read_clock", cache_breaks)
    broken = Client(raise_request_exception=False).get("/section/news/")

    assert broken.status_code == 500
    assert "Something went wrong on our side" in broken.content.decode()
    assert security_headers(broken) == page


@pytest.mark.django_db
def test_a_400_and_a_405_carry_them_too(client):
    page = security_headers(client.get("/"))
    assert security_headers(client.get("/section/a%00b/")) == page
    assert security_headers(client.put("/")) == page


def override_urlconf(urlconf: str):
    from django.test import override_settings

    return override_settings(ROOT_URLCONF=urlconf)
