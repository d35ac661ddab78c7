import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import translation

from huddinge_safety.programs.models import Program

from .factories import UserFactory


@pytest.fixture(autouse=True, scope="session")
def plain_http():
    """The test client and the live server speak plain http. Production settings
    redirect that to https; tests of the redirect itself turn it back on."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (Swedish). LocaleMiddleware activates
    the language of each request in the thread and leaves it so, as in a server;
    here the next test's reverse() and str() would otherwise follow the last page
    a test asked for."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores its files (attachments, imported protocols) in a folder of
    its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(db):
    """The demo data loaded from the two source documents."""
    call_command("load_demo", stdout=io.StringIO())


EXAMPLE_TITLE = "Exempelprogram för trygghet och säkerhet 2018–2021"


@pytest.fixture
def example(demo, settings):
    """The demo plus the example program (``make run``'s), which needs DEBUG."""
    settings.DEBUG = True
    call_command("load_example_program", stdout=io.StringIO())
    return Program.objects.get(title=EXAMPLE_TITLE)


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
