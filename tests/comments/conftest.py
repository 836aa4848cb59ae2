import pytest

from comments.protection import form_token
from tests.factories import ArticleFactory


@pytest.fixture
def story(db):
    return ArticleFactory(headline="Farmers market moves to the square")


@pytest.fixture
def comment_data():
    """The reply form as a reader fills it in, with the token the page gave them."""

    def fill(article, **fields):
        data = {
            "name": "Rosa Diaz",
            "email": "rosa.diaz@example.net",
            "website": "",
            "text": "Glad to see the market closer to the bus stop.",
            "parent": "",
            "homepage": "",
            "token": form_token(article.pk),
        }
        data.update(fields)
        return data

    return fill


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run an action and then what it left for after the commit (emails), as production does."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
