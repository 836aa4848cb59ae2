import pytest

from comments.protection import form_token
from newsletter.forms import TOKEN_TARGET


@pytest.fixture
def subscribe_data():
    def fill(**fields):
        data = {
            "email": "reader@example.net",
            "digest": "on",
            "homepage": "",
            "token": form_token(TOKEN_TARGET, fresh=True),
        }
        data.update(fields)
        return {key: value for key, value in data.items() if value is not None}

    return fill


# The network's two towns (A, the default site, and B), shared with the network tests.
from tests.network.conftest import make_town_staff, town_a, town_b  # noqa: E402, F401
