import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Every test writes uploaded files to its own folder, never the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
