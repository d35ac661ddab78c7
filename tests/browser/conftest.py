"""Shared setup for the Playwright tests: Debian's Chromium, no downloads."""

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


# pytest-playwright keeps Playwright (and its event loop in the main thread) for
# the whole session; these package-scoped versions stop it when the browser tests
# end, so that later tests use the ORM outside an event loop, as Django requires.
@pytest.fixture(scope="package")
def playwright():
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="package")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def browser_context_args():
    """Plain contexts: the tests set their viewports themselves; no device or video."""
    return {}


@pytest.fixture(scope="package")
def browser(browser_type, browser_type_launch_args):
    browser = browser_type.launch(**browser_type_launch_args)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def plain_static_names(settings):
    """The live server serves static files through the finders, which know the plain
    file names only, not the hashed names of the production manifest storage."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True, scope="package")
def allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test thread; the ORM calls the
    tests make around it (and the database flush after them) are still synchronous
    and safe. Only for this package: the variable must not leak into other tests,
    such as the deploy check."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield
