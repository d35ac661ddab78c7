import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from huddinge_safety.followups.models import FollowUp
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    # Atom requires when every entry was last updated, also for unknown dates.
    assert all(entry.find(f"{ATOM}updated") is not None for entry in feed.iter(f"{ATOM}entry"))
    return [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}link").get("href"))
        for entry in feed.iter(f"{ATOM}entry")
    ]


def test_follow_up_feed_has_published_follow_ups_only(client, demo):
    published = FollowUp.objects.get(year=2019)
    feed = entries(client, reverse("followups:feed"))
    assert feed == [(str(published), f"http://testserver{published.get_absolute_url()}")]


def test_follow_up_feed_newest_publication_first(client, db):
    for year, day in ((2018, 1), (2019, 5)):
        FollowUpFactory(
            program__title=f"Program {year}",
            year=year,
            status=FollowUp.Status.PUBLISHED,
            published_at=timezone.make_aware(datetime.datetime(2020, 3, day)),
        )
    FollowUpFactory(program__title="Utkastprogrammet", status=FollowUp.Status.DRAFT)
    titles = [title for title, _ in entries(client, reverse("followups:feed"))]
    assert titles == [
        "Uppföljning av Program 2019 avseende 2019",
        "Uppföljning av Program 2018 avseende 2018",
    ]


def test_meeting_feed_lists_meetings_with_their_items(client, demo):
    response = client.get(reverse("protocols:feed"))
    text = response.content.decode()
    assert "Trygghets- och delaktighetsberedningen, 17 februari 2022" in text
    assert "Trygghets- och delaktighetsberedningen, datum okänt" in text
    assert "Ärende 11: Uppföljning av Program för trygghet och säkerhet 2021" in text


def test_meeting_feed_is_newest_added_first(client, db):
    older = AgendaItemFactory(meeting=MeetingFactory(), title="Äldre ärendet")
    newer = AgendaItemFactory(meeting=MeetingFactory(), title="Nyare ärendet")
    links = [link for _, link in entries(client, reverse("protocols:feed"))]
    assert links == [
        f"http://testserver{item.meeting.get_absolute_url()}" for item in (newer, older)
    ]


@pytest.mark.parametrize("name", ["followups:feed", "protocols:feed"])
def test_feeds_accept_only_get_and_head(client, db, name):
    assert client.head(reverse(name)).status_code == 200
    assert client.post(reverse(name)).status_code == 405


@pytest.mark.parametrize("name", ["followups:feed", "protocols:feed"])
def test_feed_query_count_is_fixed(client, db, django_assert_max_num_queries, name):
    for _ in range(25):
        AgendaItemFactory()
        FollowUpFactory(status=FollowUp.Status.PUBLISHED)
    with django_assert_max_num_queries(5):
        assert len(entries(client, reverse(name))) == 20
