import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from huddinge_safety.protocols.models import AgendaItem, Body, Meeting, Party, Person
from tests.factories import (
    AgendaItemFactory,
    AttachmentFactory,
    DocumentReferenceFactory,
    ExtractRecipientFactory,
    MeetingFactory,
    ProtocolNoteFactory,
    RecusalFactory,
    VoteFactory,
)
from tests.pdf_reading import page_texts

from .minutes_data import MOTION, NO, RESERVATION, YES, goteborg_meeting

NINE_SPEAKERS = [
    "Ingalill Söderberg</a> (<a",
    "Caroline Örtholm</a> (<a",
    "Frida Ryberg</a>, säkerhetschef",
    "Louise Rollins</a> (<a",
    "Toralf Nilsson</a>, kanslidirektör",
    "Nicolas Holst</a> (<a",
    "Pran Malhotra</a> (<a",
    "Frida Andersson</a> (<a",
    "Nujin Alacabek</a> (<a",
]


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def item_2019(demo):
    return AgendaItem.objects.get(follow_ups__year=2019)


@pytest.fixture
def item_2021(demo):
    return AgendaItem.objects.get(item_number="Ärende 11")


def test_agenda_item_page_shows_decision_summary_and_nine_speakers_in_order(client, item_2019):
    html = html_of(client, item_2019.get_absolute_url())
    title = "Uppföljning av Program för trygghet och säkerhet 2018-2021 avseende 2019"
    assert f'<h1 lang="sv">{title}</h1>' in html
    assert "Datum okänt" in html
    assert "Trygghets- och delaktighetsberedningen" in html
    assert (
        "enligt bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den 6 februari 2020, "
        "godkänns." in html
    )
    reference = "bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den 6 februari 2020"
    assert f"{reference}</li>" in html
    assert "4) Civilt försvar" in html
    positions = [html.index(speaker) for speaker in NINE_SPEAKERS]
    assert positions == sorted(positions)
    assert ">DP</a>)" in html
    assert ">V</a>)" in html


def test_agenda_item_page_shows_protocol_notes_with_attachment_labels(client, item_2019):
    html = html_of(client, item_2019.get_absolute_url())
    assert "Protokollsanteckning, bilaga 8.1" in html
    assert "Protokollsanteckning, bilaga 8.2" in html
    assert "den finns i bilaga 8.1 till protokollet" in html
    assert html.index("bilaga 8.1") < html.index("bilaga 8.2")


def test_2021_note_shows_party_text_and_signatories_with_substitute_marked(client, item_2021):
    html = html_of(client, item_2021.get_absolute_url())
    assert "Ärende 11" in html
    assert "17 februari 2022" in html
    assert "För <a href=" in html
    assert "Socialdemokraterna</a>" in html
    assert "Coronapandemin slog hårt mot vårt samhälle även under 2021." in html
    assert "införa en trygghetsfond" in html
    names = ["Rasmus Lenefors", "Pran Malhotra", "Britt Flodetorp"]
    positions = [html.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)
    assert 'Britt Flodetorp</a> (S) <span class="substitute">(suppleantyttrande)</span>' in html
    assert html.count("(suppleantyttrande)") == 1


def test_meeting_list_names_each_body_and_puts_unknown_dates_last(client, demo):
    html = html_of(client, reverse("protocols:meetings"))
    assert html.count("Trygghets- och delaktighetsberedningen, <time") == 1
    assert "Trygghets- och delaktighetsberedningen, Datum okänt</a>" in html
    assert html.index("17 februari 2022") < html.index("Datum okänt")


def test_meeting_page_lists_its_agenda_items(client, item_2021):
    html = html_of(client, item_2021.meeting.get_absolute_url())
    assert 'Trygghets- och delaktighetsberedningen, <time datetime="2022-02-17">' in html
    assert item_2021.get_absolute_url() in html


def test_body_page_lists_meetings(client, demo):
    body = Body.objects.get(name="Trygghets- och delaktighetsberedningen")
    html = html_of(client, body.get_absolute_url())
    assert html.index("17 februari 2022") < html.index("Datum okänt")


def test_person_page_lists_speeches_and_notes(client, demo):
    person = Person.objects.get(name="Pran Malhotra")
    html = html_of(client, person.get_absolute_url())
    assert "Uppföljning av Program för trygghet och säkerhet 2018-2021 avseende 2019" in html
    assert "talare nr 7 (S)" in html
    assert "Protokollsanteckning: Uppföljning av Program för trygghet och säkerhet 2021" in html
    assert "för Socialdemokraterna" in html
    substitute = Person.objects.get(name="Britt Flodetorp")
    assert "suppleantyttrande" in html_of(client, substitute.get_absolute_url())


def test_party_page_lists_notes_on_its_behalf_and_signed_by_members(client, demo):
    social_democrats = Party.objects.get(abbreviation="S")
    html = html_of(client, social_democrats.get_absolute_url())
    assert "<h1>Socialdemokraterna (S)</h1>" in html
    assert "införa en trygghetsfond" in html
    green = Party.objects.get(abbreviation="MP")
    html = html_of(client, green.get_absolute_url())
    assert "Protokollsanteckning, bilaga 8.1" in html
    assert "bilaga 8.2" not in html


def test_party_note_signed_by_several_members_is_listed_once(client, db):
    note = ProtocolNoteFactory(attachment_label="bilaga 3.1")
    party = Party.objects.create(abbreviation="L", name="Liberalerna")
    for order in (1, 2):
        note.signatories.create(
            order=order, person=Person.objects.create(name=f"Ledamot {order}", party=party)
        )
    assert html_of(client, party.get_absolute_url()).count("bilaga 3.1</h4>") == 1


def page_urls():
    item = AgendaItem.objects.filter(notes__isnull=False).order_by("-pk").first()
    note = item.notes.order_by("pk").first()
    person = note.signatories.order_by("order").first().person
    return {
        "meetings": reverse("protocols:meetings"),
        "bodies": reverse("protocols:bodies"),
        "people": reverse("protocols:people"),
        "parties": reverse("protocols:parties"),
        "meeting": item.meeting.get_absolute_url(),
        "body": item.meeting.body.get_absolute_url(),
        "agenda_item": item.get_absolute_url(),
        "person": person.get_absolute_url(),
        "party": person.party.get_absolute_url(),
    }


PAGES = [
    "meetings",
    "bodies",
    "people",
    "parties",
    "meeting",
    "body",
    "agenda_item",
    "person",
    "party",
]


@pytest.mark.parametrize("name", PAGES)
def test_query_count_is_fixed_whatever_the_data_size(
    client, demo, django_assert_max_num_queries, name
):
    call_command("generate_sample_data", "--programs", "1", "--years", "1", stdout=io.StringIO())
    url = page_urls()[name]
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    assert len(small) <= 15
    call_command("generate_sample_data", "--programs", "3", stdout=io.StringIO())
    url = page_urls()[name]
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_pages_accept_only_get_and_head(client, demo, name):
    url = page_urls()[name]
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_unknown_pages_are_not_found(client, db):
    for name in ("meeting", "body", "agenda_item", "person", "party"):
        assert client.get(reverse(f"protocols:{name}", args=[999])).status_code == 404


def test_meeting_page_of_dateless_meeting_says_date_unknown(client, db):
    meeting = MeetingFactory(date=None)
    AgendaItemFactory(meeting=meeting)
    html = html_of(client, meeting.get_absolute_url())
    assert "<h1>" in html
    assert "Datum okänt</h1>" in html


def test_meetings_newest_first_across_bodies(client, db):
    board = Body.objects.create(name="Kommunstyrelsen")
    council = Body.objects.create(name="Beredningen")
    Meeting.objects.create(body=board, date=datetime.date(2021, 3, 1))
    Meeting.objects.create(body=council, date=datetime.date(2021, 3, 20))
    Meeting.objects.create(body=board, date=datetime.date(2021, 4, 2))
    html = html_of(client, reverse("protocols:meetings"))
    dates = ["2 april 2021", "20 mars 2021", "1 mars 2021"]
    assert [html.index(date) for date in dates] == sorted(html.index(date) for date in dates)


@pytest.fixture
def ks(db):
    return goteborg_meeting()


def test_meeting_page_shows_its_first_page(client, ks):
    html = html_of(client, ks["meeting"].get_absolute_url())
    assertInHTML("<div><dt>Plats</dt><dd>Stadshuset, sammanträdesrummet</dd></div>", html)
    assertInHTML(
        '<div><dt>Tid</dt><dd><time datetime="09:00">09.00</time>–'
        '<time datetime="12:10">12.10</time></dd></div>',
        html,
    )
    chair = ks["meeting"].chair
    assertInHTML(
        f'<div><dt>Ordförande</dt><dd><a href="{chair.get_absolute_url()}">Jonas Attenius</a>'
        "</dd></div>",
        html,
    )
    assert "Daniel Bernmar</a>, <a" in html  # the first of the two adjusters
    assertInHTML(
        '<div><dt>Justerat</dt><dd><time datetime="2024-01-30">30 januari 2024</time>, '
        "Stadsledningskontoret</dd></div>",
        html,
    )
    assertInHTML(
        '<div><dt>Anslaget uppsatt</dt><dd><time datetime="2024-01-31">31 januari 2024</time>'
        "</dd></div>",
        html,
    )
    assertInHTML(
        '<div><dt>Sista dag att överklaga</dt><dd><time datetime="2024-02-21">21 februari 2024'
        "</time></dd></div>",
        html,
    )
    assert "Stadsledningskontoret, Gustaf Adolfs torg 4" in html


def test_meeting_page_lists_attendance_by_role_with_paragraphs_and_departures(client, ks):
    html = html_of(client, ks["meeting"].get_absolute_url())
    headings = ["Ledamöter</h3>", "Tjänstgörande ersättare</h3>", "Övriga närvarande</h3>"]
    positions = [html.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert '">Ersättare</h3>' not in html
    assert "Johannes Hulter</a> (S), tjänstgör för <a href=" in html
    assert "Gustav Öberg</a>, från § 69</li>" in html
    assert "Eva Hessman</a>, stadsdirektör; lämnade kl. 11.00 efter § 69</li>" in html


def test_meeting_page_lists_paragraphs_in_numeric_order_and_marks_tabled_ones(client, db):
    data = goteborg_meeting(extra_items=1)  # § 100 after § 44, § 69, § 70
    html = html_of(client, data["meeting"].get_absolute_url())
    positions = [html.index(f">{number}: ") for number in ["§ 44", "§ 69", "§ 70", "§ 100"]]
    assert positions == sorted(positions)
    assert html.count("(bordlagt)") == 1
    assert html.index("(bordlagt)") < html.index("§ 69: ")


def test_agenda_item_page_shows_the_vote_as_a_table_of_names_and_counts(client, ks):
    html = html_of(client, ks["item"].get_absolute_url())
    vote = ks["vote"]
    assert f'<article class="vote" id="omrostning-{vote.pk}">' in html
    assert "Voteringsproposition:</span> Ja för bifall till Jonas Attenius yrkande" in html
    assert "<caption>Resultat av omröstning 1</caption>" in html
    assertInHTML(
        '<tr><th scope="col">Svar</th><th scope="col" class="number">Antal</th>'
        '<th scope="col">Ledamöter</th></tr>',
        html,
    )
    yes_row = re.search(r'<tr><th scope="row">Ja</th>.*?</tr>', html).group()
    assert '<td class="number">7</td>' in yes_row
    assert [name for name, _party in YES] == re.findall(r">([^<]+)</a> \(", yes_row)
    assert 'Johannes Hulter</a> (S) <span class="substitute">(tjänstgörande ersättare)' in yes_row
    no_row = re.search(r'<tr><th scope="row">Nej</th>.*?</tr>', html).group()
    assert '<td class="number">6</td>' in no_row
    assert [name for name, _party in NO] == re.findall(r">([^<]+)</a> \(", no_row)
    assertInHTML(
        '<tr><th scope="row">Avstår</th><td class="number">0</td>'
        '<td><span class="muted">ingen</span></td></tr>',
        html,
    )
    assert "Ja-sidan vann." in html


def test_agenda_item_page_shows_motions_reservation_jav_and_extract_recipients(client, ks):
    item, vote = ks["item"], ks["vote"]
    html = html_of(client, item.get_absolute_url())
    sections = ["Beslut</h2>", "Yrkanden</h2>", "Omröstningar</h2>"]
    sections += ["Protokollsanteckningar och reservationer</h2>", "Protokollsutdrag skickas till"]
    positions = [html.index(section) for section in sections]
    assert positions == sorted(positions)
    assert MOTION in html
    assert "Av ledamöterna från <a" in html
    assert html.index("Axel Josefson</a> (M)</li>") < html.index("Jonas Attenius</a> (S)</li>")
    motion = item.notes.get(order=1)
    assertInHTML(
        f'<p class="note-reserves">Mot beslutet i <a href="{item.get_absolute_url()}'
        f'#omrostning-{vote.pk}">omröstning 1</a>, till förmån för <a href="'
        f'{item.get_absolute_url()}#anteckning-{motion.pk}">yrkandet</a>.</p>',
        html,
    )
    assert RESERVATION in html
    assert "<dt>Jäv</dt>" in html
    assert "Marina Johansson</a> (deltar inte)" in html
    assertInHTML(
        '<ul class="extract-recipients"><li>KF Handling 2024 nr 9</li>'
        "<li>Stadsledningskontoret</li></ul>",
        html,
    )
    assert "Sista dag att överklaga" in html


def test_a_vote_given_only_as_counts_shows_them_without_names(client, ks):
    html = html_of(client, ks["counted"].get_absolute_url())
    for answer, count in [("Ja", 41), ("Nej", 36), ("Avstår", 4)]:
        assertInHTML(
            f'<tr><th scope="row">{answer}</th><td class="number">{count}</td>'
            '<td><span class="muted">inte namngivna</span></td></tr>',
            html,
        )


def test_tabled_item_says_so(client, ks):
    html = html_of(client, ks["tabled"].get_absolute_url())
    assertInHTML(
        '<div><dt>Behandling</dt><dd><strong class="tabled">Bordlagt till ett senare '
        "sammanträde</strong></dd></div>",
        html,
    )
    assert "Bordlagt" not in html_of(client, ks["item"].get_absolute_url())


def test_party_page_lists_a_note_entered_by_its_members_as_a_group(client, ks):
    sweden_democrats = Party.objects.get(abbreviation="SD")
    html = html_of(client, sweden_democrats.get_absolute_url())
    assert MOTION in html
    assert html.count(MOTION) == 1


# Each page: the page cache's content version (no transaction: the pages only
# read); then the meeting page reads the meeting with body, chair and
# secretary, the adjusters, the attendance and the items; the item page the item
# (and whether it records documents, jäv, votes, extract recipients and files),
# speakers, notes with their files, parties and signatories, jäv, votes, ballots,
# extract recipients and the published follow-ups it decided (it records no
# documents and has no public files).
# (Not "page": a parameter of the name of Playwright's fixture makes pytest run
# the browser tests among these.)
@pytest.mark.parametrize(
    ("view", "queries"), [("meeting", 1 + 5), ("item", 1 + 11)], ids=["meeting", "item"]
)
@pytest.mark.parametrize("size", [0, 4], ids=["small", "large"])
def test_minutes_pages_run_a_fixed_number_of_queries(
    client, db, django_assert_num_queries, view, queries, size
):
    data = goteborg_meeting(extra_votes=size, extra_items=size * 3)
    url = data[view].get_absolute_url()
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


PART_HEADINGS = [
    "Handlingar",
    "Jäv",
    "Omröstningar",
    "Protokollsutdrag skickas till",
    "Bifogade handlingar",
]


def item_of(part):
    return part.agenda_item


def item_with_a_note_file():
    return AttachmentFactory(agenda_item=None, note=ProtocolNoteFactory()).note.agenda_item


# Most items record no documents, jäv, votes, extract recipients or files: the item
# page reads each only where the item has it (the item, speakers, notes and
# follow-ups always, after the content version).
@pytest.mark.parametrize(
    ("make_item", "heading", "queries"),
    [
        (lambda: item_of(DocumentReferenceFactory()), "Handlingar", 2),  # with their files
        (lambda: item_of(RecusalFactory()), "Jäv", 1),
        (lambda: item_of(VoteFactory()), "Omröstningar", 2),  # with the ballots
        (lambda: item_of(ExtractRecipientFactory()), "Protokollsutdrag skickas till", 1),
        (lambda: item_of(AttachmentFactory()), "Bifogade handlingar", 1),
        # The note's files, parties and signatories, and the listing.
        (item_with_a_note_file, "Bifogade handlingar", 3 + 1),
    ],
    ids=["references", "recusals", "votes", "extract-recipients", "files", "a-note's-files"],
)
def test_an_item_page_reads_only_the_parts_the_item_records(
    client, db, django_assert_num_queries, make_item, heading, queries
):
    bare = AgendaItemFactory()
    with django_assert_num_queries(1 + 4):
        html = client.get(bare.get_absolute_url()).text
    assert not [heading for heading in PART_HEADINGS if heading in html]

    item = make_item()
    with django_assert_num_queries(1 + 4 + queries):
        html = client.get(item.get_absolute_url()).text
    assert heading in html


def test_agenda_item_page_and_extract_show_the_minutes_other_parts_as_written(client, db):
    other_parts = (
        "Tidigare behandling\nÄrendet bordlades den 12 maj 2024.\n\n"
        "Propositionsordning\nOrdföranden ställer förslagen mot varandra."
    )
    item = AgendaItemFactory(other_parts=other_parts)
    html = html_of(client, item.get_absolute_url())
    assert f'<h2 id="ovrigt-{item.pk}">Övrigt ur protokollet</h2>' in html
    assertInHTML(
        '<div class="prose other-parts" lang="sv"><p>Tidigare behandling<br>Ärendet bordlades '
        "den 12 maj 2024.</p><p>Propositionsordning<br>Ordföranden ställer förslagen mot "
        "varandra.</p></div>",
        html,
    )
    pdf = client.get(reverse("protocols:agenda_item_pdf", args=[item.pk])).getvalue()
    text = " ".join(" ".join(page_texts(pdf)).split())
    assert "Övrigt ur protokollet Tidigare behandling Ärendet bordlades den 12 maj 2024." in text


def test_an_item_without_other_parts_has_no_such_section(client, db):
    item = AgendaItemFactory()
    assert "Övrigt ur protokollet" not in html_of(client, item.get_absolute_url())
