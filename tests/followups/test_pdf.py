import io
import logging
import re
import subprocess

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from huddinge_safety.followups.models import (
    AssessmentStatus,
    FollowUp,
    GoalAssessment,
    ReportVersion,
)
from huddinge_safety.followups.views import report_html
from huddinge_safety.goals.models import Goal, IndicatorValue
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import Person, Signatory, Speaker
from tests.factories import (
    AgendaItemFactory,
    FollowUpFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    UserFactory,
)
from tests.pdf_reading import (
    fonts,
    page_texts,
    read_pdf,
    structure_elements,
    xmp_metadata,
)

TITLE = "Program för trygghet och säkerhet 2018–2021"
AREAS = [
    "1) Trygghetsskapande och brottsförebyggande arbete",
    "2) Skydd mot olyckor",
    "3) Krisberedskap",
    "4) Civilt försvar",
    "5) Internt skydds- och säkerhetsarbete",
]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def program(demo):
    return Program.objects.get(title=TITLE)


def published_url(program, year):
    return reverse("followups:report_pdf", args=[program.pk, year])


def draft_url(program, year):
    return reverse("followups:draft_pdf", args=[program.follow_ups.get(year=year).pk])


@pytest.fixture
def report(client, program):
    response = client.get(published_url(program, 2019))
    assert response.status_code == 200
    return response.content


def test_published_report_is_a_pdf(client, program):
    response = client.get(published_url(program, 2019))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="uppfoljning-2019-program-for-trygghet-och-sakerhet-2018-2021.pdf"'
    )
    assert response.content.startswith(b"%PDF-1.7")
    assert "public" in response["Cache-Control"]


def test_report_holds_the_seeds_text(report):
    text = " ".join(page_texts(report))
    for expected in [
        "Den samlade bedömningen är att arbetet utifrån programmet ligger i fas såtillvida att "
        "de mål som är uppsatta kommer att kunna uppnås under programtiden.",
        "Uppföljningen finns i bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den "
        "6 februari 2020.",
        "Klotterrelaterad skadegörelse",
        "Förebygga och förhindra våldsbejakande extremism",
        "Andel som känner sig trygga",
        "Trygghets- och delaktighetsberedningen",
        "enligt bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den 6 februari 2020, "
        "godkänns.",
        "Protokollsanteckning, bilaga 8.1",
        "Frida Andersson (MP)",
        "Protokollsanteckning, bilaga 8.2",
        "Nujin Alacabek (V)",
        *AREAS,
    ]:
        assert expected in text


def test_cover_block_and_status_as_text_and_symbol(report):
    cover = page_texts(report)[0]
    assert f"Uppföljning av {TITLE} avseende 2019" in cover
    for fact in [
        f"Program {TITLE}",
        "Avser år 2019",
        "Beslutande organ Trygghets- och delaktighetsberedningen",
        "Beslutsdatum Datum okänt",
        "Status Publicerad",
        "Samlad bedömning ● I fas",
    ]:
        assert fact in cover


def test_table_of_contents_gives_the_right_pages(report):
    pages = page_texts(report)
    contents = pages[0].split("Innehåll", 1)[1]
    entries = {
        heading.strip(): page for heading, page in re.findall(r"([^.]+?) \.+ (\d+)", contents)
    }
    assert list(entries)[:3] == ["Sammanfattning", "Samlad bedömning", "Ansvarsområden och mål"]
    assert set(AREAS) < set(entries)
    for heading in [
        "Sammanfattning",
        "Ansvarsområden och mål",
        "Uppföljning av riktlinjer",
        "Indikatorer",
        "Beslut om uppföljningen",
        *AREAS,
    ]:
        # The heading is on the page the contents give (its first line there,
        # as the areas flow without page breaks).
        page = pages[int(entries[heading]) - 1]
        assert heading in page.split("Sida ")[0], heading
    assert pages[int(entries["Beslut om uppföljningen"]) - 1].count("Beslut") >= 2


def test_areas_flow_without_a_page_each_so_the_report_is_short(report):
    pages = page_texts(report)
    # Each of the five areas began a page of its own, holding one line (11 pages).
    assert len(pages) <= 5
    assert sum(area in pages[1] for area in AREAS) == len(AREAS)
    # No page but the last is mostly empty.
    for text in pages[:-1]:
        assert len(text) > 800, text


def test_every_status_symbol_is_printed_large_enough_to_see(client, program):
    # A follow-up whose goals have every status.
    follow_up = program.follow_ups.get(year=2021)
    for number, status in enumerate(AssessmentStatus.values, start=1):
        goal = GoalFactory(area=program.areas.get(number=1), number=number)
        GoalAssessment.objects.create(follow_up=follow_up, goal=goal, status=status)
    official = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(official)
    pdf = client.get(draft_url(program, 2021)).content
    text = " ".join(page_texts(pdf))
    for status in AssessmentStatus:
        assert f"{status.symbol} {status.label}" in text, status
    # Each symbol's box on page 1 (the status summary) at 100 % (72 dpi): about
    # 3 mm wide, and the filled ones well inked. (In Liberation Sans, ◐ was a
    # 2.3 mm box with a dot of 12 pixels.)
    boxes = symbol_boxes(pdf, page=1)
    image = page_image(pdf, 1, resolution=72)
    for symbol in ("✓", "●", "◐", "✗", "○"):
        x_min, y_min, x_max, y_max = boxes[symbol]
        assert x_max - x_min >= 2.8 / 25.4 * 72, symbol
        glyph = image.crop((int(x_min), int(y_min), round(x_max), round(y_max)))
        inked = sum(min(pixel) < 200 for pixel in glyph.get_flattened_data())
        assert inked >= (25 if symbol in "●◐" else 8), (symbol, inked)


def symbol_boxes(pdf, page):
    """The bounding box (in points) of the first occurrence of each one-character
    word on ``page``, as poppler lays the text out."""
    layout = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    boxes = {}
    for x_min, y_min, x_max, y_max, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.)</word>',
        layout,
    ):
        boxes.setdefault(word, tuple(float(n) for n in (x_min, y_min, x_max, y_max)))
    return boxes


def test_every_page_has_header_and_numbered_footer(report):
    pages = page_texts(report)
    assert len(pages) > 2
    for number, text in enumerate(pages, start=1):
        assert text.startswith(f"Huddinge kommun {TITLE}"), text[:80]
        assert text.endswith(f"Sida {number} av {len(pages)}")
        assert "UTKAST" not in text


def test_metadata_and_accessibility(report):
    reader = read_pdf(report)
    assert reader.metadata.title == f"Uppföljning av {TITLE} avseende 2019"
    assert reader.metadata.author == "Huddinge kommun"
    assert "2019" in reader.metadata.subject
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert re.search(r'pdfuaid:part(>|=")1', xmp_metadata(report))
    assert fonts(report)
    assert all(fonts(report).values())


def test_indicator_chart_and_table_are_in_the_pdf(client, program, caplog):
    indicator = program.indicators.get()
    for year, huddinge, county in [(2018, "71.5", "80"), (2019, "69", "78"), (2020, "75", "79")]:
        IndicatorValueFactory(indicator=indicator, year=year, value=huddinge)
        IndicatorValueFactory(
            indicator=indicator,
            year=year,
            value=county,
            geography=IndicatorValue.Geography.STOCKHOLM_COUNTY,
        )
    # The published report shows its frozen version: a correction takes the values in.
    ReportVersion.objects.freeze(
        program.follow_ups.get(year=2019), None, reason="Indikatorvärden tillagda."
    )
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        pdf = client.get(published_url(program, 2019)).content
    assert not caplog.records, caplog.text  # e.g. a missing alt text, an unloadable file
    pages = page_texts(pdf)
    number = next(n for n, text in enumerate(pages, start=1) if "(%) per år" in text)
    assert re.search(r"2018 71,5 80 .*2019 69 78", pages[number - 1])
    # The SVG is drawn as on the page: coloured lines, no black-filled polygons.
    image = page_image(pdf, number)
    pixels = list(image.get_flattened_data())
    assert sum(is_near(pixel, (0x0B, 0x5A, 0x7A)) for pixel in pixels) > 100
    assert sum(is_near(pixel, (0xB3, 0x41, 0x0E)) for pixel in pixels) > 100
    assert sum(max(pixel) < 40 for pixel in pixels) < len(pixels) / 100
    # PDF/UA: every figure (the chart and its legend keys) has an alternative text.
    figures = structure_elements(pdf, "/Figure")
    assert len(figures) == 3
    assert all(figure.get("/Alt") for figure in figures)
    # WeasyPrint ignores CSS inside inline SVG: lines must not be filled by default.
    polylines = re.findall(r"<polyline[^>]*>", report_html(program.follow_ups.get(year=2019).pk)[1])
    assert polylines
    assert all('fill="none"' in polyline for polyline in polylines)


def page_image(pdf, number, resolution=50):
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", str(resolution), "-f", str(number), "-l", str(number), "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


def is_near(pixel, color):
    return all(abs(a - b) < 40 for a, b in zip(pixel, color, strict=True))


def test_drafts_are_refused_to_the_public(client, program):
    assert program.follow_ups.get(year=2021).status == FollowUp.Status.SUBMITTED
    assert client.get(published_url(program, 2021)).status_code == 404
    assert client.head(published_url(program, 2021)).status_code == 404
    assert client.get(published_url(program, 2020)).status_code == 404
    response = client.get(draft_url(program, 2021))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_draft_needs_the_view_permission(client, program):
    client.force_login(UserFactory())
    assert client.get(draft_url(program, 2021)).status_code == 403


def test_staff_get_the_draft_marked_on_every_page(client, program, official):
    response = client.get(draft_url(program, 2021))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    pages = page_texts(response.content)
    assert all("UTKAST" in page for page in pages)
    assert "Status Inlämnad" in pages[0]
    assert read_pdf(response.content).metadata.title.startswith("UTKAST")


def test_approval_removes_the_draft_mark(client, program, official):
    follow_up = program.follow_ups.get(year=2021)
    assert "UTKAST" in page_texts(client.get(draft_url(program, 2021)).content)[0]
    superuser = UserFactory(is_superuser=True)
    if follow_up.status == FollowUp.Status.DRAFT:
        follow_up.submit(superuser, confirm_unassessed=True)
    follow_up.approve(superuser, AgendaItemFactory())
    pages = page_texts(client.get(draft_url(program, 2021)).content)
    assert not any("UTKAST" in page for page in pages)
    assert "Status Godkänd" in pages[0]


def test_pdf_views_only_read(client, program):
    assert client.post(published_url(program, 2019)).status_code == 405
    assert client.head(published_url(program, 2019)).status_code == 200


def test_cache_serves_the_same_bytes_until_an_edit(client, program, django_assert_max_num_queries):
    url = published_url(program, 2019)
    first = client.get(url)
    # The follow-up with its last change and the page cache's version.
    with django_assert_max_num_queries(2):
        again = client.get(url)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    # A decided report changes only by a correction.
    follow_up = program.follow_ups.get(year=2019)
    content = ReportVersion.objects.freeze(follow_up, None).content
    ReportVersion.objects.freeze(
        follow_up,
        None,
        reason="Fel bedömning.",
        content={
            **content,
            "overall_narrative": "Arbetet ligger i fas enligt den nya bedömningen.",
        },
    )
    edited = client.get(url)
    assert edited.content != first.content
    assert edited["ETag"] != first["ETag"]
    assert "enligt den nya bedömningen" in " ".join(page_texts(edited.content))


def test_conditional_get_answers_304(client, program):
    url = published_url(program, 2019)
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    # A decided report is frozen: a later edit of a speaker changes nothing in it,
    # a correction does.
    Person.objects.get(name="Frida Andersson").save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    ReportVersion.objects.freeze(program.follow_ups.get(year=2019), None, reason="Rättelse.")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def last_change(follow_up):
    return FollowUp.objects.with_last_change().get(pk=follow_up.pk).last_change


def edit_goal_assessment(follow_up):
    assessment = follow_up.goal_assessments.first()
    assessment.narrative = "Nytt"
    assessment.save()


def edit_guideline_assessment(follow_up):
    follow_up.guideline_assessments.first().save()


def add_goal(follow_up):
    GoalFactory(area=follow_up.program.areas.first(), number=99)


def delete_goal(follow_up):
    Goal.objects.filter(area__program=follow_up.program).first().delete()


def edit_indicator_value(follow_up):
    IndicatorValueFactory(indicator=follow_up.program.indicators.get(), year=2019)


def edit_signatory(follow_up):
    Signatory.objects.filter(note__agenda_item=follow_up.agenda_item).first().delete()


def rename_speaker(follow_up):
    person = Speaker.objects.filter(agenda_item=follow_up.agenda_item).first().person
    person.name = "Nytt Namn"
    person.save()


def rename_party(follow_up):
    party = (
        Speaker.objects.filter(agenda_item=follow_up.agenda_item).exclude(party=None).first().party
    )
    party.name = "Nytt partinamn"
    party.save()


@pytest.mark.parametrize(
    "edit",
    [
        lambda follow_up: follow_up.save(),
        edit_goal_assessment,
        edit_guideline_assessment,
        lambda follow_up: follow_up.program.save(),
        lambda follow_up: follow_up.program.areas.first().save(),
        add_goal,
        delete_goal,
        lambda follow_up: follow_up.program.guidelines.first().save(),
        lambda follow_up: follow_up.program.indicators.get().save(),
        edit_indicator_value,
        lambda follow_up: follow_up.agenda_item.save(),
        lambda follow_up: follow_up.agenda_item.meeting.save(),
        lambda follow_up: follow_up.agenda_item.meeting.body.save(),
        lambda follow_up: follow_up.agenda_item.document_references.first().save(),
        lambda follow_up: follow_up.agenda_item.notes.first().save(),
        edit_signatory,
        rename_speaker,
        rename_party,
    ],
)
def test_any_edit_of_what_the_report_shows_changes_its_last_change(program, edit):
    # Submitted, so not yet frozen; decided by the 2019 item, which has every part.
    # The agenda item is a workflow field that only approve() saves.
    program.follow_ups.filter(year=2021).update(
        agenda_item=program.follow_ups.get(year=2019).agenda_item
    )
    follow_up = program.follow_ups.get(year=2021)
    if not Goal.objects.filter(area__program=program).exists():
        for area in program.areas.all():
            GoalAssessment.objects.create(follow_up=follow_up, goal=GoalFactory(area=area))
    before = last_change(follow_up)
    edit(follow_up)
    assert last_change(follow_up) > before


def test_edits_elsewhere_keep_the_last_change(program):
    follow_up = program.follow_ups.get(year=2019)
    before = last_change(follow_up)
    program.follow_ups.get(year=2021).save()
    other = FollowUpFactory()
    IndicatorValueFactory(indicator=IndicatorFactory(program=other.program))
    assert last_change(follow_up) == before


def test_rendering_runs_a_fixed_number_of_queries(
    client, program, django_assert_max_num_queries, django_assert_num_queries
):
    url = published_url(program, 2019)
    # The render looks the follow-up and its versions up again: it runs alone on a miss.
    with django_assert_max_num_queries(18) as small:
        client.get(url)
    cache.clear()
    call_command(
        "generate_sample_data",
        "--programs",
        "1",
        "--areas",
        "5",
        "--goals",
        "8",
        "--years",
        "2",
        stdout=io.StringIO(),
    )
    sample = FollowUp.objects.published().exclude(program=program).get()
    sample_url = published_url(sample.program, sample.year)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(sample_url)


def test_export_command_writes_the_pdf(program, tmp_path):
    output = tmp_path / "uppfoljning.pdf"
    call_command(
        "export_followup_pdf", str(program.pk), "2019", "-o", str(output), stdout=io.StringIO()
    )
    pages = page_texts(output.read_bytes())
    assert f"Uppföljning av {TITLE} avseende 2019" in pages[0]
    for number, page in enumerate(pages, start=1):
        assert page.startswith(f"Huddinge kommun {TITLE}")
        assert page.endswith(f"Sida {number} av {len(pages)}")
        assert "UTKAST" not in page


def test_export_command_finds_the_program_by_title_and_marks_drafts(program, tmp_path):
    output = tmp_path / "utkast.pdf"
    call_command("export_followup_pdf", TITLE, "2021", "-o", str(output), stdout=io.StringIO())
    assert all("UTKAST" in page for page in page_texts(output.read_bytes()))


@pytest.mark.parametrize(
    ("program_argument", "year", "message"),
    [
        ("Inget sådant", 2019, "Hittar inget program med id eller titel ”Inget sådant”."),
        ("999999", 2019, "Hittar inget program med id eller titel ”999999”."),
        (
            TITLE,
            2018,
            f"”{TITLE}” har ingen uppföljning avseende 2018. Uppföljningar finns för: 2019, 2021.",
        ),
    ],
)
def test_export_command_explains_bad_input(program, tmp_path, program_argument, year, message):
    output = tmp_path / "rapport.pdf"
    with pytest.raises(CommandError) as error:
        call_command("export_followup_pdf", program_argument, str(year), "-o", str(output))
    assert str(error.value) == message
    assert not output.exists()


def test_export_command_refuses_a_missing_folder(program, tmp_path):
    with pytest.raises(CommandError, match="finns inte"):
        call_command(
            "export_followup_pdf",
            str(program.pk),
            "2019",
            "-o",
            str(tmp_path / "saknas" / "rapport.pdf"),
        )


@pytest.mark.parametrize(
    "path",
    [
        f"/program/{2**63}/uppfoljning/2019.pdf",
        f"/program/{2**63}/uppfoljning/{2**31}.pdf",
        f"/program/1/uppfoljning/{10**30}.pdf",
        f"/uppfoljning/{2**63}/utkast.pdf",
    ],
)
def test_out_of_range_ids_answer_404(client, program, official, path):
    assert client.get(path).status_code == 404


def test_staff_downloads_come_from_the_pdf_cache_until_an_edit(client, program, official):
    """Logged-in users bypass the page cache, so this exercises the PDFs' own cache."""
    url = draft_url(program, 2021)
    first = client.get(url)
    with CaptureQueriesContext(connection) as again_queries:
        again = client.get(url)
    assert again.content == first.content
    assert not any(
        "followups_goalassessment" in query["sql"] for query in again_queries.captured_queries
    )
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    follow_up = program.follow_ups.get(year=2021)
    follow_up.summary = "En ny sammanfattning av året."
    follow_up.save()
    edited = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert edited.status_code == 200
    assert "En ny sammanfattning av året." in " ".join(page_texts(edited.content))


def test_an_area_never_starts_at_the_foot_of_a_page(client, db):
    call_command(
        "generate_sample_data",
        "--programs",
        "1",
        "--areas",
        "5",
        "--goals",
        "8",
        "--years",
        "2",
        stdout=io.StringIO(),
    )
    program = Program.objects.get(title__startswith="Syntetiskt")
    pages = page_texts(client.get(published_url(program, program.start_year)).content)
    contents = pages[0] + " " + pages[1]
    contents = contents[contents.index("Innehåll") :]
    for area in program.areas.all():
        page = int(re.search(rf"{re.escape(str(area))} \.+ (\d+)", contents)[1])
        text = pages[page - 1]
        # The area's heading is followed on its page by its first goal.
        after = text[text.rindex(str(area)) :]
        assert f"Mål {area.number}.1" in after, (area, text[-300:])
    # Without a page per area, 40 goals take far fewer pages than areas + goals.
    assert len(pages) < 24
