"""Shared setup for the Playwright tests: Debian's Chromium, no downloads."""

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "args": CHROMIUM_ARGS}


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
