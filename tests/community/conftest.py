import pytest

from comments.protection import form_token
from community.forms import TOKEN_TARGET
from tests.factories import SectionFactory


@pytest.fixture
def community(db):
    return SectionFactory(name="Community", slug="community")


@pytest.fixture
def submission_data():
    """The submission form as a neighbour fills it in, with the token the page gave them."""

    def fill(**fields):
        data = {
            "headline": "Garden club opens its gates",
            "text": "The Elm Street garden club opens on Saturday.\n\nBring gloves & <tea>.",
            "photo_alt": "",
            "event_date": "",
            "event_time": "",
            "event_place": "",
            "name": "Ana Ruiz",
            "email": "ana.ruiz@example.org",
            "own_work": "on",
            "homepage": "",
            "token": form_token(TOKEN_TARGET, fresh=True),
        }
        data.update(fields)
        return {key: value for key, value in data.items() if value is not None}

    return fill


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run an action and then what it left for after the commit (emails), as production does."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


# The network's two towns (A, the default site, and B), shared with the network tests.
from tests.network.conftest import make_town_staff, town_a, town_b  # noqa: E402, F401
