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
