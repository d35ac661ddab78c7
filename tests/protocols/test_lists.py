"""The minutes' list pages: meetings (item titles, filters by body and year,
pages), bodies, people and parties; the links between an agenda item and the
follow-up it decided; the page of a follow-up that is not yet published."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.protocols.models import AgendaItem, Body, Meeting, Party, Person
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    FollowUpFactory,
    MeetingFactory,
    PartyFactory,
    PersonFactory,
    ProgramFactory,
    ProtocolNoteFactory,
)

MEETINGS_PER_PAGE = 20


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def meetings_url(**query):
    url = reverse("protocols:meetings")
    return url + "?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else url


def listed_meetings(html):
    """The meeting links of the list, in order: their text without markup."""
    return [
        re.sub(r"<[^>]+>", "", link)
        for link in re.findall(r'<a class="meeting-link" href="[^"]+">(.*?)</a>', html)
    ]


@pytest.fixture
def two_bodies(db):
    """Kommunstyrelsen meets in 2020 and 2021, the committee in 2021; each meeting
    has two items."""
    board = BodyFactory(name="Kommunstyrelsen")
    committee = BodyFactory(name="Trygghetsberedningen")
    for body, day in (
        (board, datetime.date(2020, 5, 4)),
        (board, datetime.date(2021, 3, 1)),
        (committee, datetime.date(2021, 9, 14)),
    ):
        meeting = MeetingFactory(body=body, date=day)
        for number in (1, 2):
            AgendaItemFactory(
                meeting=meeting,
                item_number=f"Ärende {number}",
                title=f"Ärende {number} den {day:%Y-%m-%d}",
            )
    return board, committee


def test_meeting_list_shows_each_meetings_item_titles_linked(client, two_bodies):
    html = html_of(client, meetings_url())
    for item in AgendaItem.objects.all():
        assert f'<a href="{item.get_absolute_url()}">{item}</a>' in html
    assert listed_meetings(html) == [
        "Trygghetsberedningen, 14 september 2021",
        "Kommunstyrelsen, 1 mars 2021",
        "Kommunstyrelsen, 4 maj 2020",
    ]
    assert "3 sammanträden, det senaste först." in html


def test_meeting_without_items_says_so(client, db):
    MeetingFactory(date=datetime.date(2022, 1, 10))
    assert "Inga ärenden är registrerade." in html_of(client, meetings_url())


def test_meetings_are_filtered_by_body(client, two_bodies):
    board, _committee = two_bodies
    html = html_of(client, meetings_url(body=board.pk))
    assert listed_meetings(html) == ["Kommunstyrelsen, 1 mars 2021", "Kommunstyrelsen, 4 maj 2020"]
    assert f'<option value="{board.pk}" selected>Kommunstyrelsen</option>' in html
    assert f'<a href="{reverse("protocols:meetings")}">Visa alla sammanträden</a>' in html


def test_meetings_are_filtered_by_year_and_the_years_are_those_with_meetings(client, two_bodies):
    html = html_of(client, meetings_url(year=2021))
    assert listed_meetings(html) == [
        "Trygghetsberedningen, 14 september 2021",
        "Kommunstyrelsen, 1 mars 2021",
    ]
    years = re.search(r'<select name="year".*?</select>', html, re.S).group()
    assert re.findall(r'<option value="(\d*)"', years) == ["", "2021", "2020"]
    assert '<option value="2021" selected>2021</option>' in years


def test_body_and_year_filters_combine(client, two_bodies):
    board, _committee = two_bodies
    html = html_of(client, meetings_url(body=board.pk, year=2020))
    assert listed_meetings(html) == ["Kommunstyrelsen, 4 maj 2020"]
    assert "1 sammanträde, det senaste först." in html


@pytest.mark.parametrize("query", [{"body": "abc"}, {"body": "999999"}, {"year": "1850"}])
def test_an_invalid_filter_is_explained_in_swedish_and_left_out(client, two_bodies, query):
    html = html_of(client, meetings_url(**query))
    name = next(iter(query))
    assert "Välj ett giltigt alternativ." in html
    assert f'aria-invalid="true" aria-describedby="filter-{name}_error"' in html
    assert f'<ul class="errorlist" id="filter-{name}_error">' in html
    assert len(listed_meetings(html)) == 3


def test_the_filter_form_is_a_plain_get_form_with_labels(client, two_bodies):
    html = html_of(client, meetings_url())
    form = re.search(r'<form class="filter-form".*?</form>', html, re.S).group()
    assert 'method="get"' in form
    assert f'action="{reverse("protocols:meetings")}"' in form
    assert '<label for="filter-body">Organ</label>' in form
    assert '<label for="filter-year">År</label>' in form
    assert '<option value="" selected>Alla organ</option>' in form
    assert '<button type="submit">Visa</button>' in form
    assert "Visa alla sammanträden" not in form


@pytest.fixture
def many_meetings(db):
    """45 meetings of one body, one a day from 1 January 2021, and one of another."""
    body = BodyFactory(name="Kommunstyrelsen")
    Meeting.objects.bulk_create(
        Meeting(body=body, date=datetime.date(2021, 1, 1) + datetime.timedelta(days=n))
        for n in range(45)
    )
    MeetingFactory(body=BodyFactory(name="Annan beredning"), date=datetime.date(2019, 6, 1))
    return body


def test_meetings_come_a_page_at_a_time_with_an_accessible_page_menu(client, many_meetings):
    first = html_of(client, meetings_url())
    assert len(listed_meetings(first)) == MEETINGS_PER_PAGE
    assert listed_meetings(first)[0] == "Kommunstyrelsen, 14 februari 2021"
    assert "46 sammanträden, det senaste först. Visar 1–20." in first
    assert "<title>Sammanträden – sida 1 av 3 – Huddinge kommun</title>" in first
    menu = re.search(r'<nav class="pagination" aria-label="Sidor">.*?</nav>', first, re.S).group()
    current = (
        '<a href="?page=1" aria-current="page"><span class="visually-hidden">Sida </span>1</a>'
    )
    assert current in menu
    assert '<a href="?page=2"><span class="visually-hidden">Sida </span>2</a>' in menu
    assert '<a href="?page=2" rel="next">Nästa sida</a>' in menu
    assert "Föregående sida" not in menu

    last = html_of(client, meetings_url(page=3))
    assert listed_meetings(last) == [
        "Kommunstyrelsen, 5 januari 2021",
        "Kommunstyrelsen, 4 januari 2021",
        "Kommunstyrelsen, 3 januari 2021",
        "Kommunstyrelsen, 2 januari 2021",
        "Kommunstyrelsen, 1 januari 2021",
        "Annan beredning, 1 juni 2019",
    ]
    assert '<a href="?page=2" rel="prev">Föregående sida</a>' in last
    assert "Nästa sida" not in last


def test_pages_keep_the_filters(client, many_meetings):
    html = html_of(client, meetings_url(body=many_meetings.pk, page=2))
    assert f'<a href="?body={many_meetings.pk}&amp;page=3" rel="next">' in html
    assert f'<a href="?body={many_meetings.pk}&amp;page=1" rel="prev">' in html
    assert "Annan beredning" not in "".join(listed_meetings(html))
    assert "45 sammanträden, det senaste först. Visar 21–40." in html


# Not named "page": that is Playwright's fixture, and a parameter of its name
# would make pytest run the browser tests among these.
@pytest.mark.parametrize("number", ["4", "0", "x"])
def test_a_page_beyond_the_list_is_not_found(client, many_meetings, number):
    assert client.get(meetings_url(page=number)).status_code == 404


def test_long_lists_elide_the_middle_pages(client, db):
    body = BodyFactory()
    Meeting.objects.bulk_create(
        Meeting(body=body, date=datetime.date(2000, 1, 1) + datetime.timedelta(days=n))
        for n in range(MEETINGS_PER_PAGE * 12)
    )
    html = html_of(client, meetings_url(page=6))
    menu = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group()
    numbers = re.findall(r'page=(\d+)"(?: aria-current="page")?><span', menu)
    assert numbers == ["1", "4", "5", "6", "7", "8", "12"]
    assert menu.count('<span aria-hidden="true">…</span>') == 2


def add_meetings(count, items_each=3):
    """``count`` more meetings in two bodies, each with ``items_each`` items."""
    bodies = [BodyFactory(name="Kommunstyrelsen"), BodyFactory(name="Beredningen")]
    start = Meeting.objects.count()
    meetings = Meeting.objects.bulk_create(
        Meeting(
            body=bodies[n % 2], date=datetime.date(2010, 1, 1) + datetime.timedelta(days=start + n)
        )
        for n in range(count)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, item_number=f"Ärende {n}", title=f"Ärende {n}")
        for meeting in meetings
        for n in range(items_each)
    )
    return bodies


@pytest.mark.parametrize("query", [{}, {"year": 2010, "page": 2}, {"body": "x"}])
def test_meeting_list_runs_the_same_queries_however_many_meetings(
    client, db, django_assert_num_queries, query
):
    """Content version, bodies, years, count, the page's meetings, their items."""
    add_meetings(50)
    with django_assert_num_queries(6):
        assert client.get(meetings_url(**query)).status_code == 200
    add_meetings(300, items_each=6)
    with django_assert_num_queries(6):
        assert client.get(meetings_url(**query)).status_code == 200


@pytest.fixture
def people_and_parties(db):
    social_democrats = PartyFactory(abbreviation="S", name="Socialdemokraterna")
    moderates = PartyFactory(abbreviation="M", name="")
    PersonFactory(name="Pran Malhotra", party=social_democrats)
    PersonFactory(name="Britt Flodetorp", party=social_democrats)
    PersonFactory(name="Caroline Örtholm", party=moderates)
    PersonFactory(name="Frida Ryberg", party=None, title="säkerhetschef")
    return social_democrats, moderates


def test_body_list_links_each_body_with_its_meetings(client, two_bodies):
    BodyFactory(name="Nybildad nämnd")
    html = html_of(client, reverse("protocols:bodies"))
    board, _committee = two_bodies
    assert (
        f'<a href="{board.get_absolute_url()}">Kommunstyrelsen</a>\n'
        '    <span class="item-meta">2 sammanträden · senast '
        '<time datetime="2021-03-01">1 mars 2021</time></span>'
    ) in html
    assert '1 sammanträde · senast <time datetime="2021-09-14">' in html
    assert (
        f'<a href="{Body.objects.get(name="Nybildad nämnd").get_absolute_url()}">Nybildad nämnd'
        in html
    )
    assert "0 sammanträden</span>" in html
    assert '<a href="/organ/" aria-current="page">Organ</a>' in html


def test_party_list_links_each_party_with_its_member_count(client, people_and_parties):
    social_democrats, moderates = people_and_parties
    html = html_of(client, reverse("protocols:parties"))
    assert f'<a href="{social_democrats.get_absolute_url()}">Socialdemokraterna (S)</a>' in html
    assert f'<a href="{moderates.get_absolute_url()}">M</a>' in html
    assert "2 personer</span>" in html
    assert "1 person</span>" in html
    assert html.index(">M</a>") < html.index(">Socialdemokraterna (S)</a>")


def test_person_list_links_each_person_by_name_with_party_or_title(client, people_and_parties):
    html = html_of(client, reverse("protocols:people"))
    names = ["Britt Flodetorp", "Caroline Örtholm", "Frida Ryberg", "Pran Malhotra"]
    for name in names:
        person = Person.objects.get(name=name)
        assert f'<a href="{person.get_absolute_url()}">{name}</a>' in html
    assert [html.index(f">{name}</a>") for name in names] == sorted(
        html.index(f">{name}</a>") for name in names
    )
    assert (
        'Frida Ryberg</a>\n    <span class="item-meta"><span lang="sv">säkerhetschef</span></span>'
    ) in html
    assert 'Pran Malhotra</a>\n    <span class="item-meta">Socialdemokraterna</span>' in html


def test_person_list_comes_fifty_at_a_time(client, db):
    Person.objects.bulk_create(Person(name=f"Person {n:03}") for n in range(55))
    first = html_of(client, reverse("protocols:people"))
    assert "Person 049</a>" in first
    assert "Person 050</a>" not in first
    second = html_of(client, reverse("protocols:people") + "?page=2")
    assert "Person 050</a>" in second
    assert "<title>Personer – sida 2 av 2 – Huddinge kommun</title>" in second


def add_people(count):
    """``count`` more people in three new parties."""
    taken = Party.objects.count()
    parties = Party.objects.bulk_create(Party(abbreviation=f"X{taken + n}") for n in range(3))
    taken = Person.objects.count()
    Person.objects.bulk_create(
        Person(name=f"Ledamot {taken + n}", party=parties[n % 3]) for n in range(count)
    )


@pytest.mark.parametrize("name", ["bodies", "people", "parties"])
def test_list_pages_run_the_same_queries_however_many_rows(
    client, db, django_assert_num_queries, name
):
    """Content version, the count for the pages, the page's rows."""
    add_people(4)
    add_meetings(4)
    with django_assert_num_queries(3):
        assert client.get(reverse(f"protocols:{name}")).status_code == 200
    add_people(200)
    add_meetings(100)
    with django_assert_num_queries(3):
        assert client.get(reverse(f"protocols:{name}")).status_code == 200


def test_detail_pages_lead_back_to_their_lists(client, people_and_parties, two_bodies):
    person = Person.objects.get(name="Pran Malhotra")
    for obj, list_name, label in (
        (person, "people", "Personer"),
        (person.party, "parties", "Partier"),
        (two_bodies[0], "bodies", "Organ"),
    ):
        html = html_of(client, obj.get_absolute_url())
        breadcrumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group()
        assert f'<a href="{reverse(f"protocols:{list_name}")}">{label}</a>' in breadcrumbs


def test_every_list_page_links_the_others(client, db):
    for name in ("meetings", "bodies", "people", "parties"):
        html = html_of(client, reverse(f"protocols:{name}"))
        menu = re.search(r'<nav class="section-nav" aria-label="Protokoll">.*?</nav>', html, re.S)
        for other in ("meetings", "bodies", "people", "parties"):
            assert f'href="{reverse(f"protocols:{other}")}"' in menu.group()
        assert menu.group().count('aria-current="page"') == 1


def test_body_page_shows_its_latest_ten_meetings_and_links_all(client, db):
    body = BodyFactory(name="Kommunstyrelsen")
    Meeting.objects.bulk_create(
        Meeting(body=body, date=datetime.date(2021, 1, day)) for day in range(1, 13)
    )
    AgendaItemFactory(meeting=Meeting.objects.get(date="2021-01-12"), title="Budget för 2022")
    html = html_of(client, body.get_absolute_url())
    assert "12 januari 2021" in html
    assert "Budget för 2022</a>" in html
    assert ">3 januari 2021<" in html
    assert ">2 januari 2021<" not in html
    assert (
        f'<a href="{reverse("protocols:meetings")}?body={body.pk}">'
        "Alla sammanträden i Kommunstyrelsen</a>"
    ) in html


def test_body_page_runs_the_same_queries_however_many_meetings(
    client, db, django_assert_num_queries
):
    """Content version, the body, its meetings, their items."""
    body = BodyFactory(name="Kommunstyrelsen")
    MeetingFactory(body=body)
    with django_assert_num_queries(4):
        client.get(body.get_absolute_url())
    add_meetings(60)
    with django_assert_num_queries(4):
        assert client.get(body.get_absolute_url()).status_code == 200


# The agenda item that decided a follow-up and the follow-up's report link each other.


@pytest.fixture
def decided(demo):
    return FollowUp.objects.published().get(year=2019)


def test_agenda_item_links_the_report_it_decided(client, decided):
    html = html_of(client, decided.agenda_item.get_absolute_url())
    section = re.search(r'<section class="decided-reports".*?</section>', html, re.S).group()
    assert "Uppföljning som beslutades i ärendet</h2>" in section
    assert (
        f'<a href="{decided.get_absolute_url()}">Läs uppföljningen av '
        "Program för trygghet och säkerhet 2018–2021 avseende 2019</a>"
    ) in section


def test_the_report_links_back_to_the_agenda_item(client, decided):
    html = html_of(client, decided.get_absolute_url())
    decision = html[html.index('<h2 id="beslutet">') :]
    item = decided.agenda_item
    assert f'<a href="{item.get_absolute_url()}" lang="sv">{item.title}</a>' in decision


def test_an_item_whose_follow_up_is_not_published_links_no_report(client, demo):
    item = AgendaItem.objects.get(item_number="Ärende 11")
    follow_up = FollowUp.objects.get(year=2021)
    assert follow_up.status != FollowUp.Status.PUBLISHED
    FollowUp.objects.filter(pk=follow_up.pk).update(agenda_item=item)
    html = html_of(client, item.get_absolute_url())
    assert "decided-reports" not in html
    assert follow_up.get_absolute_url() not in html


def test_agenda_item_page_runs_the_same_queries_with_or_without_a_decided_report(
    client, db, django_assert_num_queries
):
    item = ProtocolNoteFactory().agenda_item
    url = item.get_absolute_url()
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    FollowUpFactory(agenda_item=item).record_steps_to(FollowUp.Status.PUBLISHED)
    with django_assert_num_queries(len(before)):
        assert "decided-reports" in client.get(url).content.decode()


# A follow-up that is not yet published.

SECRETS = ("Hemlig sammanfattning", "Hemligt resonemang", "Hemligt beslut")


@pytest.fixture
def unpublished(db):
    program = ProgramFactory(title="Program för trygghet 2030–2033", start_year=2030, end_year=2033)
    follow_up = FollowUpFactory(
        program=program,
        year=2031,
        summary=SECRETS[0],
        overall_narrative=SECRETS[1],
        agenda_item=AgendaItemFactory(decision=SECRETS[2]),
    )
    return follow_up


@pytest.mark.parametrize("status", ["draft", "submitted", "approved"])
@pytest.mark.parametrize("view", ["report", "report_pdf"])
def test_unpublished_report_says_in_swedish_it_is_not_yet_published(
    client, unpublished, status, view
):
    unpublished.record_steps_to(status)
    url = reverse(f"followups:{view}", args=[unpublished.program_id, unpublished.year])
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "<h1>Rapporten är inte publicerad ännu</h1>" in html
    assert (
        "Uppföljningen av Program för trygghet 2030–2033 avseende 2031 är inte publicerad ännu."
    ) in html
    assert f'<a href="{unpublished.program.get_absolute_url()}">' in html
    for secret in SECRETS:
        assert secret not in html
    assert "Ladda ner" not in html


def test_unpublished_version_url_answers_the_same(client, unpublished):
    url = reverse("followups:report_version", args=[unpublished.program_id, unpublished.year, 1])
    assert "Rapporten är inte publicerad ännu" in html_of(client, url, status=404)


def test_a_year_without_follow_up_is_the_plain_not_found_page(client, unpublished):
    html = html_of(
        client, reverse("followups:report", args=[unpublished.program_id, 2032]), status=404
    )
    assert "Sidan finns inte" in html
    assert "inte publicerad" not in html


def test_unpublished_page_is_never_cached(client, unpublished, django_assert_num_queries):
    """Content version, the follow-up with its program: every time. Once
    published, the report shows."""
    url = unpublished.get_absolute_url()
    for _ in range(2):
        with django_assert_num_queries(2):
            assert client.get(url).status_code == 404
    unpublished.record_steps_to(FollowUp.Status.PUBLISHED)
    assert SECRETS[0] in html_of(client, url)
