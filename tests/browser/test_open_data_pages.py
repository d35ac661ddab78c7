"""axe-core in Chromium over the open data's documentation pages, at desktop and
phone width, with screenshots kept as artefacts."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from .test_accessibility import ARTIFACTS

VIEWPORTS = {"": {"width": 1366, "height": 900}, "-phone": {"width": 390, "height": 844}}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_open_data_pages_have_no_axe_violations(live_server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    axe = Axe()
    failures = {}
    for name, path in (
        ("open-data", reverse("api:documentation")),
        ("open-data-csv", reverse("api:csv_documentation")),
    ):
        for suffix, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            page.screenshot(path=ARTIFACTS / f"{name}{suffix}.png", full_page=True)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= viewport["width"], (name, suffix, width)
            results = axe.run(
                page,
                options={
                    "runOnly": {
                        "type": "tag",
                        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
                    }
                },
            )
            if results.violations_count:
                failures[f"{name}{suffix}"] = results.generate_report()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())
