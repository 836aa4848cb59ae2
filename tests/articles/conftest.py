"""The people at the desk, as the story admin's tests use them."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.roles import ensure_roles


@pytest.fixture
def make_staff(django_user_model):
    def make(username: str, group: str):
        ensure_roles()
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def writer(make_staff):
    return make_staff("writer", "Writers")


@pytest.fixture
def other_writer(make_staff):
    return make_staff("other-writer", "Writers")


@pytest.fixture
def editor(make_staff):
    return make_staff("editor", "Editors")


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reader():
    """An anonymous reader, kept apart from the logged-in desk client."""
    return Client()
