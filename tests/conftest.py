import pytest

from comments.protection import form_token


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Every test writes uploaded files to its own folder, never the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    from articles.trending import forget_process_memory

    cache.clear()
    forget_process_memory()
    yield
    cache.clear()
    forget_process_memory()


@pytest.fixture
def comment_data():
    """The reply form as a reader fills it in, with the fresh token the page's script got."""

    def fill(article, **fields):
        data = {
            "name": "Rosa Diaz",
            "email": "rosa.diaz@example.net",
            "website": "",
            "text": "Glad to see the market closer to the bus stop.",
            "parent": "",
            "homepage": "",
            "token": form_token(article.pk, fresh=True),
        }
        data.update(fields)
        return data

    return fill
