"""The meeting and agenda item pages of a protocol with attendance, votes and
reservations, in Chromium at desktop and phone widths: axe finds nothing, the
vote table fits or scrolls within the page, and screenshots are kept."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.protocols.minutes_data import goteborg_meeting

from .test_accessibility import ARTIFACTS

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_meeting_and_item_pages_are_accessible_at_both_widths(live_server, page):
    data = goteborg_meeting()
    ARTIFACTS.mkdir(exist_ok=True)
    axe = Axe()
    failures = {}
    for name, obj in [("minutes-meeting", data["meeting"]), ("minutes-item", data["item"])]:
        for width, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            response = page.goto(live_server.url + obj.get_absolute_url())
            assert response.status == 200
            page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
            # Nothing wider than the window but what scrolls in its own box.
            assert page.evaluate(
                "() => document.documentElement.scrollWidth <= window.innerWidth"
            ), f"{name} overflows at {width}"
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            if results.violations_count:
                failures[f"{name}-{width}"] = results.generate_report()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_vote_table_is_read_by_its_headers(live_server, page):
    data = goteborg_meeting()
    page.goto(live_server.url + data["item"].get_absolute_url())
    table = page.get_by_role("table", name="Resultat av omröstning 1")
    yes_row = table.get_by_role("row", name="Ja 7", exact=False)
    assert yes_row.get_by_role("rowheader").inner_text() == "Ja"
    assert "Johannes Hulter (S) (tjänstgörande ersättare)" in yes_row.inner_text()
    assert table.get_by_role("columnheader").all_inner_texts() == ["Svar", "Antal", "Ledamöter"]
    # The reservation's link leads to the vote it reserves against.
    page.get_by_role("link", name="omröstning 1").click()
    assert page.url.endswith(f"#omrostning-{data['vote'].pk}")
