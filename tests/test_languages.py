"""The site in Swedish at today's addresses and in English under /en/: every
public page, feed and PDF; the language switch; dates and numbers per language;
officials' texts as written; the admin in Swedish; a page cache per language."""

import gettext
import re
from decimal import Decimal
from html.parser import HTMLParser

import lxml.html
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.pagecache.middleware import page_key
from huddinge_safety.pagecache.models import ContentVersion
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import AgendaItem, Body, Meeting, Party, Person
from tests.factories import GoalFactory, IndicatorFactory, IndicatorValueFactory
from tests.pdf_reading import page_texts, read_pdf

PROGRAM_TITLE = "Program för trygghet och säkerhet 2018–2021"
DECISION_2019 = (
    "Uppföljningen av Program för trygghet och säkerhet 2018–2021 avseende 2019, enligt "
    "bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den 6 februari 2020, godkänns."
)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def site(demo):
    """The demo plus a goal with an indicator value that has decimals."""
    program = Program.objects.get(title=PROGRAM_TITLE)
    goal = GoalFactory(area=program.areas.order_by("number").first())
    indicator = IndicatorFactory(program=program, name="Andel som känner sig trygga i centrum")
    indicator.goals.add(goal)
    IndicatorValueFactory(indicator=indicator, year=2019, value=Decimal("61.5"))
    IndicatorValueFactory(indicator=indicator, year=2020, value=Decimal("64.25"))
    return goal


def swedish_paths(goal):
    """Every public page type at the address it had before English came."""
    program = goal.area.program
    item = AgendaItem.objects.get(follow_ups__year=2019)
    meeting = Meeting.objects.get(date="2022-02-17")
    person = Person.objects.get(name="Pran Malhotra")
    return {
        "/": "home",
        f"/program/{program.pk}/": "program",
        f"/mal/{goal.pk}/": "goal",
        f"/program/{program.pk}/uppfoljning/2019/": "report",
        "/sammantraden/": "meetings",
        f"/sammantraden/{meeting.pk}/": "meeting",
        f"/arenden/{item.pk}/": "agenda item",
        f"/organ/{item.meeting.body_id}/": "body",
        f"/personer/{person.pk}/": "person",
        f"/partier/{person.party_id}/": "party",
        "/organ/": "bodies",
        "/personer/": "people",
        "/partier/": "parties",
        "/sok/": "search",
        "/sok/?q=trygghet": "search results",
    }


def get(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return response


def test_swedish_addresses_are_those_of_before(client, site):
    program = site.area.program
    assert reverse("home") == "/"
    assert reverse("protocols:meetings") == "/sammantraden/"
    assert reverse("followups:report", args=[program.pk, 2019]) == (
        f"/program/{program.pk}/uppfoljning/2019/"
    )
    assert reverse("protocols:feed") == "/flode/sammantraden/"
    for path in swedish_paths(site):
        response = get(client, path)
        assert '<html lang="sv">' in response.content.decode(), path
        assert response["Content-Language"] == "sv"
    assert get(client, "/flode/uppfoljningar/")["Content-Type"].startswith("application/atom+xml")


def test_a_swedish_address_stays_swedish_whatever_the_browser_prefers(client, site):
    html = client.get("/sammantraden/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="sv">' in html
    assert "<h1>Sammanträden</h1>" in html


def test_there_is_no_swedish_prefix(client, demo):
    assert client.get("/sv/sammantraden/").status_code == 404


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and the attributes that are read
    out, with the language each is in (the nearest lang attribute)."""

    SPOKEN = ("aria-label", "placeholder", "alt", "title")
    VOID = {"meta", "link", "img", "input", "br", "hr", "source"}

    def __init__(self):
        super().__init__()
        self.languages = []
        self.texts = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        language = attrs.get("lang") or (self.languages[-1] if self.languages else None)
        for name in self.SPOKEN:
            if attrs.get(name) and tag not in ("link", "meta"):
                self.texts.append((language, attrs[name]))
        if tag not in self.VOID:
            self.languages.append(language)
        self.in_script = tag in ("script", "style")

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.languages:
            self.languages.pop()
        self.in_script = False

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.in_script:
            self.texts.append((self.languages[-1] if self.languages else None, text))


def visible_texts(html):
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


def swedish_interface_texts():
    """Every Swedish translation that differs from its English source: none of
    them belongs on an English page."""
    with open(settings.BASE_DIR / "locale/sv/LC_MESSAGES/django.mo", "rb") as file:
        catalog = gettext.GNUTranslations(file)._catalog
    texts = set()
    for msgid, text in catalog.items():
        source = msgid[0] if isinstance(msgid, tuple) else msgid
        if source and text != source and "%(" not in text and len(text) > 2:
            texts.add(" ".join(text.split()))
    return texts


def test_every_public_page_reads_english_under_en(client, site):
    swedish_interface = swedish_interface_texts()
    assert "Sammanträden" in swedish_interface
    for path, kind in swedish_paths(site).items():
        response = get(client, "/en" + path)
        html = response.content.decode()
        assert '<html lang="en">' in html, kind
        assert response["Content-Language"] == "en"
        assert "Skip to content" in html, kind
        english = [text for language, text in visible_texts(html) if language == "en"]
        left_in_swedish = [text for text in english if text in swedish_interface]
        assert not left_in_swedish, (kind, left_in_swedish)
        for link in re.findall(r'<a href="(/[^"]*)"(?! hreflang)', html):
            # The open data (/api/) is the same in every language.
            assert link.startswith(("/en/", "/static/", "/api/")), (kind, link)


def test_english_pages_run_the_queries_of_their_swedish_pages(client, site):
    for path, kind in swedish_paths(site).items():
        counts = []
        for prefix in ("", "/en"):
            with CaptureQueriesContext(connection) as queries:
                get(client, prefix + path)
            counts.append(len(queries))
        assert counts[0] == counts[1], kind


def test_english_pages_keep_officials_texts_as_written_and_marked_swedish(client, site):
    item = AgendaItem.objects.get(follow_ups__year=2019)
    html = get(client, f"/en/arenden/{item.pk}/").content.decode()
    assert '<h1 lang="sv">Uppföljning av Program för trygghet och säkerhet 2018-2021' in html
    assert f'<blockquote class="decision-text" lang="sv"><p>{DECISION_2019}</p>' in html
    assert '<h2 id="beslut-' in html
    assert ">Decision</h2>" in html
    assert ">Deliberation</h2>" in html
    meetings = get(client, "/en/sammantraden/").content.decode()
    assert '<ul class="item-titles" lang="sv">' in meetings


def test_dates_follow_the_language(client, site):
    meeting = Meeting.objects.get(date="2022-02-17")
    assert "17 februari 2022" in get(client, meeting.get_absolute_url()).content.decode()
    english = get(client, "/en" + meeting.get_absolute_url()).content.decode()
    assert '<time datetime="2022-02-17">17 February 2022</time>' in english
    assert "februari" not in english


def test_numbers_follow_the_language(client, site):
    swedish = get(client, site.get_absolute_url()).content.decode()
    english = get(client, "/en" + site.get_absolute_url()).content.decode()
    assert '<td class="number">61,5</td>' in swedish
    assert '<td class="number">64,25</td>' in swedish
    assert '<td class="number">61.5</td>' in english
    assert '<td class="number">64.25</td>' in english


def language_switch(html):
    return re.search(r'<p class="language-switch">(.*?)</p>', html, re.S).group(1)


def test_every_page_links_itself_in_the_other_language(client, site):
    for path, kind in swedish_paths(site).items():
        swedish = get(client, path).content.decode()
        english_path = "/en" + path
        escaped = english_path.replace("&", "&amp;")
        assert language_switch(swedish) == (
            f'<a href="{escaped}" hreflang="en" lang="en">English</a>'
        ), kind
        assert f'<link rel="alternate" hreflang="en" href="{escaped}">' in swedish, kind
        english = get(client, english_path).content.decode()
        assert language_switch(english) == (
            f'<a href="{path.replace("&", "&amp;")}" hreflang="sv" lang="sv">Svenska</a>'
        ), kind


def test_the_switch_keeps_filters_and_page(client, site):
    body = Body.objects.get()
    html = get(client, f"/sammantraden/?body={body.pk}&year=2022").content.decode()
    assert f'href="/en/sammantraden/?body={body.pk}&amp;year=2022" hreflang="en"' in html


def test_an_unknown_address_switches_to_the_other_home_page(client, demo):
    swedish = get(client, "/finns-inte/", status=404).content.decode()
    assert language_switch(swedish) == '<a href="/en/" hreflang="en" lang="en">English</a>'
    assert 'rel="alternate" hreflang' not in swedish
    english = get(client, "/en/finns-inte/", status=404).content.decode()
    assert '<html lang="en">' in english
    assert "<h1>Page not found</h1>" in english
    assert language_switch(english) == '<a href="/" hreflang="sv" lang="sv">Svenska</a>'


def test_the_unpublished_report_page_reads_english_under_en(client, demo):
    follow_up = FollowUp.objects.get(year=2021)
    assert follow_up.status != FollowUp.Status.PUBLISHED
    path = follow_up.get_absolute_url()
    html = get(client, "/en" + path, status=404).content.decode()
    assert "<h1>The report is not yet published</h1>" in html
    swedish = get(client, path, status=404).content.decode()
    assert language_switch(swedish) == f'<a href="/en{path}" hreflang="en" lang="en">English</a>'


def test_the_admin_stays_swedish(admin_client):
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="sv"' in html
    assert "Trygghet och säkerhet" in html
    assert "Programs, follow-ups and minutes" not in html
    assert admin_client.get("/en/admin/").status_code == 404


def test_the_health_check_keeps_its_address(client, db):
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/healthz").status_code == 404


def test_feeds_in_english_under_en(client, demo):
    meetings = get(client, "/en/flode/sammantraden/").content.decode()
    assert '<feed xml:lang="en"' in meetings
    assert "<title>Meetings</title>" in meetings
    assert "<title>Trygghets- och delaktighetsberedningen, 17 February 2022</title>" in meetings
    assert "Items: Ärende 11: Uppföljning av Program för trygghet och säkerhet 2021" in meetings
    assert re.findall(r'<link href="http://testserver(/[^"]*)" rel="alternate"', meetings)
    assert all(
        path.startswith("/en/")
        for path in re.findall(r'<link href="http://testserver(/[^"]*)"', meetings)
    )
    follow_ups = get(client, "/en/flode/uppfoljningar/").content.decode()
    assert '<feed xml:lang="en"' in follow_ups
    assert "<title>Published follow-ups</title>" in follow_ups
    assert f"<title>Follow-up of {PROGRAM_TITLE} for 2019</title>" in follow_ups
    assert "Overall assessment: On track. " in follow_ups


def test_feeds_in_swedish_at_their_addresses(client, demo):
    meetings = get(client, "/flode/sammantraden/").content.decode()
    assert '<feed xml:lang="sv"' in meetings
    assert "<title>Sammanträden</title>" in meetings
    assert "Ärenden: Ärende 11" in meetings
    follow_ups = get(client, "/flode/uppfoljningar/").content.decode()
    assert "Samlad bedömning: I fas." in follow_ups


def test_the_extract_pdf_in_english_and_in_swedish(client, demo):
    item = AgendaItem.objects.get(item_number="Ärende 11")
    path = reverse("protocols:agenda_item_pdf", args=[item.pk])
    swedish = get(client, path)
    english = get(client, "/en" + path)
    swedish_pages, english_pages = page_texts(swedish.content), page_texts(english.content)
    assert read_pdf(english.content).trailer["/Root"]["/Lang"] == "en"
    assert read_pdf(swedish.content).trailer["/Root"]["/Lang"] == "sv"
    english_text = " ".join(english_pages)
    assert "Extract from the minutes, Trygghets- och delaktighetsberedningen, 17 February 2022" in (
        english_text
    )
    assert "Protocol notes and reservations" in english_text
    assert "(substitute's statement)" in english_text
    assert "Socialdemokraterna vill att kommunen ska ta ett större ansvar" in english_text
    assert english_pages[-1].endswith(f"Page {len(english_pages)} of {len(english_pages)}")
    assert "Sida" not in english_text
    assert swedish_pages[-1].endswith(f"Sida {len(swedish_pages)} av {len(swedish_pages)}")
    assert english["Content-Disposition"].startswith('inline; filename="extract-from-the-minutes-')
    assert swedish["Content-Disposition"].startswith('inline; filename="protokollsutdrag-')
    assert english["ETag"] != swedish["ETag"]
    # From the cache, each language its own.
    assert get(client, path).content == swedish.content
    assert get(client, "/en" + path).content == english.content


def test_the_report_pdf_in_english(client, demo):
    program = Program.objects.get(title=PROGRAM_TITLE)
    path = reverse("followups:report_pdf", args=[program.pk, 2019])
    response = get(client, "/en" + path)
    pages = page_texts(response.content)
    text = " ".join(pages)
    assert read_pdf(response.content).trailer["/Root"]["/Lang"] == "en"
    assert read_pdf(response.content).metadata.title == f"Follow-up of {PROGRAM_TITLE} for 2019"
    for heading in ("Contents", "Overall assessment", "Decision on the follow-up", "On track"):
        assert heading in text
    assert "Den samlada bedömningen" not in text
    assert "Den samlade bedömningen är att arbetet utifrån programmet ligger i fas" in text
    for number, page in enumerate(pages, start=1):
        assert page.endswith(f"Page {number} of {len(pages)}")
    assert response["Content-Disposition"].startswith('inline; filename="follow-up-2019-')
    swedish = get(client, path)
    assert swedish["Content-Disposition"].startswith('inline; filename="uppfoljning-2019-')
    assert "Innehåll" in page_texts(swedish.content)[0]


def test_the_draft_pdf_is_marked_in_its_language(client, demo, official):
    follow_up = FollowUp.objects.get(year=2021)
    path = reverse("followups:draft_pdf", args=[follow_up.pk])
    english = page_texts(get(client, "/en" + path).content)
    assert all("DRAFT" in page and "Draft – not approved" in page for page in english)
    swedish = page_texts(get(client, path).content)
    assert all("UTKAST" in page and "Utkast – inte godkänt" in page for page in swedish)
    assert not any("UTKAST" in page for page in english)


def test_cached_pages_never_mix_the_languages(client, demo, django_assert_num_queries):
    for _ in range(2):
        for path, language, heading in (
            ("/sammantraden/", "sv", "<h1>Sammanträden</h1>"),
            ("/en/sammantraden/", "en", "<h1>Meetings</h1>"),
        ):
            client.get(path)
            # From the cache: only the content version is read.
            with django_assert_num_queries(1):
                html = client.get(path).content.decode()
            assert f'<html lang="{language}">' in html
            assert heading in html


def test_the_page_cache_key_holds_the_language(db):
    request = RequestFactory().get("/sammantraden/")
    version = ContentVersion.objects.current()
    keys = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            keys.add(page_key(request, version))
    assert len(keys) == len(settings.LANGUAGES)


def test_party_names_and_abbreviations_stay_as_written(client, demo):
    party = Party.objects.get(abbreviation="S")
    html = get(client, "/en" + party.get_absolute_url()).content.decode()
    assert "<h1>Socialdemokraterna (S)</h1>" in html
    assert '<p class="kicker">Party</p>' in html


def declared_languages(html, text):
    """The languages an English page declares for ``text``: the ``lang`` of the
    nearest element around each text node that starts with it. (A title named in
    an English sentence is a proper name, which needs no marking.)"""
    tree = lxml.html.fromstring(html)
    holders = tree.xpath(
        "//body//*[text()[starts-with(normalize-space(.), $text)]]", text=text.strip()
    )
    assert holders, text
    return {holder.xpath("ancestor-or-self::*[@lang][1]/@lang")[0] for holder in holders}


def first_line(text):
    return text.strip().splitlines()[0][:40]


def test_english_follow_up_pages_mark_officials_texts_swedish(client, example):
    follow_up = FollowUp.objects.get(program=example, year=2019)
    assessment = follow_up.goal_assessments.select_related("goal__area").first()
    guideline = follow_up.guideline_assessments.exclude(narrative="").first()
    area = str(assessment.goal.area)
    pages = {
        f"/en/program/{example.pk}/": [
            example.title,
            first_line(example.overall_goal),
            area,
            assessment.goal.text,
        ],
        f"/en/mal/{assessment.goal_id}/": [
            assessment.goal.text,
            first_line(assessment.narrative),
        ],
        f"/en/program/{example.pk}/uppfoljning/2019/": [
            first_line(follow_up.overall_narrative),
            area,
            assessment.goal.text,
            first_line(assessment.narrative),
            str(guideline.guideline),
            first_line(guideline.narrative),
            first_line(follow_up.agenda_item.decision),
        ],
    }
    for path, texts in pages.items():
        html = get(client, path).content.decode()
        for text in texts:
            assert declared_languages(html, text) == {"sv"}, (path, text)
