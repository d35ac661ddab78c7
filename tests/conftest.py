import io

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from .factories import UserFactory


@pytest.fixture(autouse=True, scope="session")
def plain_http():
    """The test client and the live server speak plain http. Production settings
    redirect that to https; tests of the redirect itself turn it back on."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture
def demo(db):
    """The demo data loaded from the two source documents."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def official(client):
    """A member of the Tjänsteperson group, logged in to ``client``."""
    user = UserFactory(groups=["Tjänsteperson"])
    client.force_login(user)
    return user


@pytest.fixture
def publisher(client):
    """A member of the Publicerare group, logged in to ``client`` (a test that asks
    for both ``official`` and ``publisher`` calls the models, not the client)."""
    user = UserFactory(groups=["Publicerare"])
    client.force_login(user)
    return user


@pytest.fixture
def coordinator(client):
    """A member of the Samordnare group, logged in to ``client``: assesses every
    goal and submits."""
    user = UserFactory(groups=["Samordnare"])
    client.force_login(user)
    return user
