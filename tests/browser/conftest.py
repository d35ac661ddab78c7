"""Shared setup for the Playwright tests: Debian's Chromium, no downloads."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the Django ORM
# calls the tests make around it are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

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
