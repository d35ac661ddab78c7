"""The protocol parser against protocols read by hand (tests/protocols/fixtures/), and
the layouts other municipalities use, one rule at a time."""

import io
import json
from pathlib import Path

import docx
import pytest
import weasyprint
from django.utils.html import escape

from huddinge_safety.protocols.importing import UnreadableDocument, extract_text, parse
from huddinge_safety.protocols.importing.check import ITEM_FIELDS, MEETING_FIELDS, facts

from ..seeds import SPEAKERS_2019

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = sorted(FIXTURES.glob("*.expected.json"))


def read(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda path: path.name.split(".")[0])
def test_parser_finds_what_a_reader_finds_field_by_field(expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    parsed = parse(read(expected["source"])).to_dict()

    for field in MEETING_FIELDS:
        if field in expected["meeting"]:
            assert facts(field, parsed["meeting"][field]) == facts(
                field, expected["meeting"][field]
            ), field
    assert [item["paragraph"] for item in parsed["items"]] == [
        item["paragraph"] for item in expected["items"]
    ]
    for want, got in zip(expected["items"], parsed["items"], strict=True):
        for field in ITEM_FIELDS:
            assert facts(field, got[field]) == facts(field, want.get(field)), (
                f"{want['paragraph']}: {field}"
            )


def test_goteborg_sample_has_every_paragraph_from_43_to_87():
    items = parse(read("goteborg-ks-2024-01-24.txt")).items

    assert [item.paragraph for item in items] == [f"§ {number}" for number in range(43, 88)]


def test_page_headers_between_sections_do_not_enter_the_text():
    items = {item.paragraph: item for item in parse(read("goteborg-ks-2024-01-24.txt")).items}

    texts = json.dumps([item.__dict__ for item in items.values()], default=str)
    assert "Protokoll nr 2" not in texts
    assert "Sammanträdesdatum" not in texts
    assert items["§ 64"].notes[0].text == "Jörgen Fogelklou (SD) deltar inte i beslutet."


def test_decision_keeps_its_numbered_points_and_the_proposal_it_follows():
    item = parse(read("goteborg-ks-2024-01-24.txt")).items[15]

    assert item.paragraph == "§ 58"
    assert item.according_to == "stadsledningskontorets förslag"
    lines = item.decision.split("\n")
    assert lines[0] == "Enligt stadsledningskontorets förslag:"
    assert [line[:3] for line in lines[1:4]] == ["1. ", "2. ", "3. "]
    assert lines[4].startswith("Kommunstyrelsen tillstyrker stadsledningskontorets förslag")
    assert lines[5].endswith(
        "i enlighet med bilaga 3 till stadsledningskontorets tjänsteutlåtande, antas."
    )


def test_tabled_item_says_until_when_and_on_whose_proposal():
    item = parse(read("goteborg-ks-2024-01-24.txt")).items[1]

    assert (item.tabled, item.tabled_until) == (True, "2024-02-07")
    assert (item.proposed_by.name, item.proposed_by.party) == ("Axel Josefson", "M")


def test_chair_and_serving_substitute_are_named_without_their_role_words():
    vote = parse(read("goteborg-ks-2024-01-24.txt")).items[26].votes[0]

    roles = {ballot.name: ballot.role for ballot in vote.ballots}
    assert roles["Jonas Attenius"] == "chair"
    assert roles["Johannes Hulter"] == "serving_substitute"
    assert vote.counts_match_names is True


def test_reservation_against_a_vote_points_at_it():
    item = parse(read("goteborg-ks-2024-01-24.txt")).items[26]

    assert [note.vote for note in item.notes] == [0, 0]


def test_part_the_parser_cannot_place_is_kept_verbatim():
    item = parse(read("goteborg-ks-2024-01-24.txt")).items[-1]

    assert item.title == "Övriga frågor"
    assert item.unparsed[0].text.startswith(
        "Ordföranden Jonas Attenius (S) informerar om att om ägardialog"
    )
    assert item.unparsed[0].text.endswith("mellan Göteborg och Borås.")


@pytest.mark.parametrize(
    ("heading", "paragraph", "registry_number", "title"),
    [
        ("§ 43 Ärendenummer SLK-2024-00074", "§ 43", "SLK-2024-00074", "Titel"),
        ("§ 63/20", "§ 63/20", "", "Titel"),
        ("Kf 74", "Kf 74", "", "Titel"),
        ("KS § 12 Dnr KS-2017/64", "KS § 12", "KS-2017/64", "Titel"),
        ("§ 8 Val av justerare", "§ 8", "", "Val av justerare Titel"),
        ("§ 9 Dnr: BUN 2020/55", "§ 9", "BUN 2020/55", "Titel"),
        ("Ärende 11: Uppföljning", "", "", "Uppföljning Titel"),
    ],
)
def test_heading_forms(heading, paragraph, registry_number, title):
    (item,) = parse(f"{heading}\nTitel\n\nBeslut\nGodkänns.\n").items

    assert (item.paragraph, item.registry_number, item.title) == (
        paragraph,
        registry_number,
        title,
    )
    assert item.decision == "Godkänns."


@pytest.mark.parametrize(
    "heading",
    [
        "Beslut",
        "BESLUT",
        "Beslut:",
        "Kommunstyrelsens beslut",
        "Barn- och utbildningsnämndens beslut",
        "KOMMUNFULLMÄKTIGES BESLUT",
    ],
)
def test_decision_heading_forms(heading):
    (item,) = parse(f"§ 1\nÄrende\n\n{heading}\nGodkänns.\n").items

    assert item.decision == "Godkänns."


def test_a_wrapped_line_ending_in_beslut_is_no_heading():
    text = (
        "§ 1\nÄrende\n\nBeslut\nÄrendet återremitteras i enlighet med\nkommunfullmäktiges beslut\n"
    )

    (item,) = parse(text).items

    assert item.decision == "Ärendet återremitteras i enlighet med kommunfullmäktiges beslut"


def test_line_starting_with_a_paragraph_sign_that_continues_a_reference_is_no_heading():
    text = (
        "§ 5\nBudget\n\nBeslut\nBudgeten antas i enlighet med beslutet den 12 mars 2023,\n"
        "§ 12 och den 3 maj 2023, § 40.\n\n§ 6\nÖvrigt\n\nBeslut\nAntecknas.\n"
    )

    items = parse(text).items

    assert [item.paragraph for item in items] == ["§ 5", "§ 6"]
    assert items[0].decision.endswith("§ 12 och den 3 maj 2023, § 40.")


def test_page_numbers_and_form_feeds_between_pages_are_removed():
    text = (
        "§ 1\nFörsta\n\nBeslut\nDen första delen av beslutet fortsätter på\n\n"
        "2 (100)\n\fnästa sida.\n\n§ 2\nAndra\n\nBeslut\nAntecknas.\n- 3 -\n"
    )

    items = parse(text).items

    assert items[0].decision == "Den första delen av beslutet fortsätter på nästa sida."
    assert items[1].decision == "Antecknas."


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        (
            "Omröstningen utfaller med 41 Ja mot 36 Nej. Fyra ledamöter avstår från att rösta.",
            {"yes": 41, "no": 36, "abstain": 4},
        ),
        ("Omröstningen utfaller med elva ja mot tio nej.", {"yes": 11, "no": 10, "abstain": 0}),
        (
            "Med 7 ja-röster mot 6 nej-röster bifalls förslaget. 2 ledamöter är frånvarande.",
            {"yes": 7, "no": 6, "abstain": 0, "absent": 2},
        ),
    ],
)
def test_votes_given_only_as_counts(sentence, counts):
    (item,) = parse(f"§ 1\nÄrende\n\nBeslut\nBifalls.\n\nOmröstning\n{sentence}\n").items

    assert item.votes[0].counts == counts
    assert item.votes[0].yes == []


def test_counts_that_differ_from_the_names_are_flagged():
    text = (
        "§ 1\nÄrende\n\nBeslut\nBifalls.\n\nOmröstning\n"
        "Anna Ek (S) och Bo Berg (M) röstar Ja (3).\nCarl Dal (V) röstar Nej (1).\n"
    )

    (vote,) = parse(text).items[0].votes

    assert vote.counts == {"yes": 3, "no": 1, "abstain": 0}
    assert vote.counts_match_names is False


def test_lower_case_party_tags_and_party_groups():
    text = (
        "§ 1\nÄrende\n\nBeslut\nBifalls.\n\nReservationer\n"
        "Ledamöterna från (sd) reserverar sig mot beslutet.\n"
        "Anna Ek (s) och Bo Berg (mp) reserverar sig till förmån för eget yrkande.\n"
    )

    notes = parse(text).items[0].notes

    assert [(note.kind, note.parties, note.persons) for note in notes] == [
        ("reservation", ["SD"], []),
        ("reservation", ["S", "MP"], ["Anna Ek", "Bo Berg"]),
    ]


def test_seeds_excerpt_without_a_paragraph_heading_reads_as_one_item():
    (item,) = parse(read("protocol-excerpt-2019-followup.txt")).items

    assert item.title == "Uppföljning av Program för trygghet och säkerhet 2018-2021 avseende 2019"
    assert [
        (ref.attachment_label, ref.document, ref.document_date) for ref in item.document_references
    ] == [("bilaga 1", "kommunstyrelsens tjänsteutlåtande", "2020-02-06")]
    speakers = [
        f"{person.name} ({person.party})" if person.party else f"{person.name}, {person.title}"
        for person in item.speakers
    ]
    assert speakers == SPEAKERS_2019
    assert [(note.attachment_label, note.persons) for note in item.notes] == [
        ("bilaga 8.1", ["Frida Andersson"]),
        ("bilaga 8.2", ["Nujin Alacabek"]),
    ]


# --- Extraction from files --------------------------------------------------------------------

PROTOCOL = "§ 12 Dnr KS-2017/64\nTrygghetsvandringar\n\nBeslut\nFörslaget bifalls.\n"


def test_text_is_read_from_a_pdf():
    html = "".join(f"<p>{escape(line)}</p>" for line in PROTOCOL.splitlines() if line)
    pdf = weasyprint.HTML(string=f"<html lang='sv'><body>{html}</body></html>").write_pdf()

    (item,) = parse(extract_text(pdf, "protokoll.pdf")).items

    assert (item.paragraph, item.registry_number, item.title) == (
        "§ 12",
        "KS-2017/64",
        "Trygghetsvandringar",
    )
    assert item.decision == "Förslaget bifalls."


def test_text_is_read_from_a_docx_with_a_first_page_table():
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Plats och tid", "Kommunhuset kl. 18.00-20.00"
    table.cell(1, 0).text, table.cell(1, 1).text = (
        "Beslutande",
        "Anna Ek (S), ordförande\nBo Berg (M)",
    )
    for line in PROTOCOL.splitlines():
        document.add_paragraph(line)
    data = io.BytesIO()
    document.save(data)

    protocol = parse(extract_text(data.getvalue(), "protokoll.docx"))

    assert (protocol.meeting.place, protocol.meeting.start, protocol.meeting.end) == (
        "Kommunhuset",
        "18:00",
        "20:00",
    )
    assert [person.name for person in protocol.meeting.attendance] == ["Anna Ek", "Bo Berg"]
    assert protocol.meeting.chair == "Anna Ek"
    assert protocol.items[0].title == "Trygghetsvandringar"


def test_text_file_in_windows_encoding_is_read():
    (item,) = parse(extract_text(PROTOCOL.encode("cp1252"), "protokoll.txt")).items

    assert item.title == "Trygghetsvandringar"


def test_broken_pdf_is_refused():
    with pytest.raises(UnreadableDocument):
        extract_text(b"%PDF-1.7 not really", "protokoll.pdf")
