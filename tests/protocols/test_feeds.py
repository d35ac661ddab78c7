import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from django.urls import reverse

from tests.factories import AgendaItemFactory

ATOM = "{http://www.w3.org/2005/Atom}"


class RenderedHtml(HTMLParser):
    """What a browser makes of an HTML fragment: its elements and its visible text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def test_meeting_feed_shows_officials_markup_as_text(client, db):
    AgendaItemFactory(item_number="", title="Budget <img src=x onerror=alert(1)>")
    feed = ET.fromstring(client.get(reverse("protocols:feed")).content)
    summary = feed.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    # ElementTree has undone the XML escaping; a feed reader renders what is left as HTML.
    rendered = RenderedHtml(summary.text)
    assert "img" not in rendered.tags
    assert rendered.text == "Ärenden: Budget <img src=x onerror=alert(1)>"
