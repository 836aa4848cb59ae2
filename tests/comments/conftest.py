import pytest

from tests.factories import ArticleFactory


@pytest.fixture
def story(db):
    return ArticleFactory(headline="Farmers market moves to the square")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run an action and then what it left for after the commit (emails), as production does."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
