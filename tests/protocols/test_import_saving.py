"""``manage.py import_protocol``: a protocol's text into meetings, items, votes and
notes, once; again, it changes nothing."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction

from huddinge_safety.documents.models import Attachment
from huddinge_safety.protocols.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Party,
    Person,
    ProtocolNote,
    Vote,
)

from ..documents import files
from ..factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    PartyFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
GOTEBORG = FIXTURES / "goteborg-ks-2024-01-24.txt"
SMALL = FIXTURES / "kf-2020-06-15.txt"
SEEDS_EXCERPT = FIXTURES / "protocol-excerpt-2019-followup.txt"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_protocol", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def row_counts():
    """Rows of every table of the minutes, history tables included."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("protocols").get_models()
    }


def test_dry_run_json_prints_the_parsed_protocol_and_writes_nothing():
    before = row_counts()

    printed = json.loads(run(GOTEBORG, "--dry-run", "--json"))

    assert row_counts() == before
    assert printed["meeting"]["body"] == "Kommunstyrelsen"
    assert printed["meeting"]["date"] == "2024-01-24"
    assert [item["paragraph"] for item in printed["items"]][:3] == ["§ 43", "§ 44", "§ 45"]
    vote = printed["items"][26]["votes"][0]
    assert vote["counts"] == {"yes": 7, "no": 6, "abstain": 0}
    assert vote["no"][-1] == "Elisabet Lann"


def test_protocol_is_saved_with_its_votes_reservations_and_recipients():
    out = run(GOTEBORG)

    assert "45" in out
    meeting = Meeting.objects.get(body__name="Kommunstyrelsen", date="2024-01-24")
    assert meeting.agenda_items.count() == 45
    assert meeting.agenda_items.filter(tabled=True).count() == 18
    item = meeting.agenda_items.get(paragraph="§ 69")
    assert item.registry_number == "SLK-2023-01101"
    vote = item.votes.get()
    assert (vote.yes_count, vote.no_count, vote.abstain_count, vote.outcome) == (7, 6, 0, "yes")
    substitute = vote.ballots.get(person__name="Johannes Hulter")
    assert (substitute.choice, substitute.is_substitute, substitute.party.abbreviation) == (
        "yes",
        True,
        "S",
    )
    reservation = item.notes.filter(kind=ProtocolNote.Kind.RESERVATION).first()
    assert reservation.vote == vote
    assert reservation.signatories.first().person.name == "Axel Josefson"
    assert reservation.in_favour_of.kind == ProtocolNote.Kind.MOTION
    assert "Axel Josefson" in [s.person.name for s in reservation.in_favour_of.signatories.all()]
    group_note = meeting.agenda_items.get(paragraph="§ 73").notes.filter(
        kind=ProtocolNote.Kind.PROTOCOL_NOTE
    )
    assert [sorted(p.abbreviation for p in note.parties.all()) for note in group_note] == [
        ["MP", "S", "V"],
        ["D", "KD", "L", "M"],
    ]
    recipients = meeting.agenda_items.get(paragraph="§ 49").extract_recipients.all()
    assert [r.recipient for r in recipients] == [
        "Ann Catrine Fogelgren",
        "Axel Darvik",
        "Stadsledningskontoret/Kontorsledning",
    ]
    documents = meeting.agenda_items.get(paragraph="§ 45").document_references.all()
    assert [d.document for d in documents] == [
        "Stadsledningskontorets tjänsteutlåtande den 20 december 2023.",
        "Tilläggsyrkande från SD den 19 januari 2024.",
    ]
    previous = meeting.agenda_items.get(paragraph="§ 54").other_parts
    assert previous == "Tidigare behandling\nBordlagt den 13 december 2023, § 897."
    unplaced = meeting.agenda_items.get(paragraph="§ 87").other_parts
    assert unplaced.startswith("Ordföranden Jonas Attenius (S) informerar om att om ägardialog")


def test_importing_the_same_protocol_again_changes_nothing():
    run(GOTEBORG)
    before = row_counts()

    out = run(GOTEBORG)

    assert row_counts() == before
    assert out.startswith("0 paragrafer sparades, 45 fanns redan.")


def test_first_page_gives_place_time_attendance_and_notice():
    run(FIXTURES / "kf-2020-06-15.txt")

    meeting = Meeting.objects.get(body__name="Kommunfullmäktige")
    assert str(meeting.date) == "2020-06-15"
    assert (meeting.place, str(meeting.start_time), str(meeting.end_time)) == (
        "Sessionssalen, Stadshuset",
        "18:00:00",
        "22:10:00",
    )
    assert (meeting.chair.name, meeting.secretary.name) == ("Anna Andersson", "Gun Gran")
    assert [a.person.name for a in meeting.adjusters.all()] == ["Bo Berg", "Eva Ek"]
    assert (str(meeting.notice_posted_on), str(meeting.notice_removed_on)) == (
        "2020-06-19",
        "2020-07-11",
    )
    serving = meeting.attendances.get(role=Attendance.Role.SERVING_SUBSTITUTE)
    assert (serving.person.name, serving.substitute_for.name) == ("Cecilia Ceder", "Dag Dahl")
    recusal_items = {
        r.agenda_item.paragraph for r in meeting.agenda_items.get(paragraph="Kf 73").recusals.all()
    }
    assert recusal_items == {"Kf 73"}
    count_vote = Vote.objects.get(agenda_item__paragraph="Kf 71")
    assert (count_vote.yes_count, count_vote.no_count, count_vote.abstain_count) == (41, 36, 4)
    assert not count_vote.ballots.exists()


def test_existing_people_and_parties_are_matched_not_duplicated():
    moderates = PartyFactory(abbreviation="M", name="Moderaterna")
    josefson = PersonFactory(name="Axel Josefson", party=moderates)
    PersonFactory(name="Axel Josefson", party=PartyFactory(abbreviation="X"))

    out = run(GOTEBORG)

    assert Party.objects.filter(abbreviation="M").count() == 1
    assert Person.objects.filter(name="Axel Josefson").count() == 2
    assert Vote.objects.filter(ballots__person=josefson).count() == 2
    new_people = next(line for line in out.splitlines() if line.startswith("Nya personer"))
    assert "Axel Josefson" not in new_people
    assert "Jörgen Fogelklou" in new_people


def test_an_item_saved_already_is_left_as_it_is_and_the_difference_reported():
    meeting = MeetingFactory(body=BodyFactory(name="Kommunstyrelsen"), date="2024-01-24")
    AgendaItemFactory(
        meeting=meeting,
        paragraph="§ 80",
        registry_number="SLK-2023-00033",
        title="Rättad rubrik",
        decision="Antecknas med tack.",
    )

    out = run(GOTEBORG)

    item = meeting.agenda_items.get(paragraph="§ 80")
    assert (item.title, item.decision) == ("Rättad rubrik", "Antecknas med tack.")
    assert "§ 80 är redan sparad och lyder annorlunda i protokollet (rubrik, beslut)." in out
    assert meeting.agenda_items.count() == 45


def test_body_and_date_from_the_command_line():
    run(
        FIXTURES / "ks-2017-03-06.txt", "--body", "Kommunstyrelsen i Ankeby", "--date", "2017-03-07"
    )

    meeting = Meeting.objects.get(body__name="Kommunstyrelsen i Ankeby")
    assert str(meeting.date) == "2017-03-07"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((SEEDS_EXCERPT,), "anger inte vilken nämnd"),
        ((GOTEBORG, "--date", "24/1 2024"), "är inget datum"),
        ((FIXTURES / "saknas.txt",), "kan inte läsas"),
    ],
)
def test_bad_input_is_refused_with_a_swedish_message_and_nothing_is_written(args, message):
    before = row_counts()

    with pytest.raises(CommandError, match=message):
        run(*args)

    assert row_counts() == before


def demo_record(title):
    """An agenda item as a reader sees it: its meeting, fields, documents, speakers
    and notes with their signatories, in order."""
    item = AgendaItem.objects.get(title=title)
    return {
        "body": item.meeting.body.name,
        "date": item.meeting.date,
        "fields": {
            name: getattr(item, name)
            for name in ("item_number", "paragraph", "registry_number", "decision", "summary")
        },
        "documents": [
            (d.attachment_label, d.document, d.document_date)
            for d in item.document_references.all()
        ],
        "speakers": [
            (s.order, s.person.name, s.party and s.party.abbreviation, s.title, s.person.title)
            for s in item.speakers.all()
        ],
        "notes": [
            (
                n.kind,
                n.attachment_label,
                n.on_behalf_of_id,
                n.date,
                n.body,
                [p.abbreviation for p in n.parties.all()],
                [
                    (s.order, s.person.name, s.person.party.abbreviation, s.is_substitute)
                    for s in n.signatories.all()
                ],
            )
            for n in item.notes.all()
        ],
    }


def test_seeds_excerpt_imported_gives_the_records_load_demo_makes():
    title = "Uppföljning av Program för trygghet och säkerhet 2018-2021 avseende 2019"
    with transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        from_demo = demo_record(title)
        transaction.set_rollback(True)
    assert not AgendaItem.objects.exists()

    run(SEEDS_EXCERPT, "--body", "Trygghets- och delaktighetsberedningen")

    assert demo_record(title) == from_demo


def test_seeds_excerpt_imported_into_the_demo_changes_nothing(demo):
    before = row_counts()

    run(SEEDS_EXCERPT, "--body", "Trygghets- och delaktighetsberedningen")

    assert row_counts() == before


def test_the_file_is_kept_as_the_justified_minutes_added_by_the_user_named():
    user = UserFactory()
    data = SMALL.read_bytes()

    out = run(SMALL, "--user", user.username)

    attachment = Meeting.objects.get(body__name="Kommunfullmäktige").attachments.get()
    assert attachment.file.read() == data
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.file_name == "kf-2020-06-15.txt"
    assert (attachment.kind, attachment.is_public) == (Attachment.Kind.MINUTES, True)
    assert attachment.added_by == user
    assert "kf-2020-06-15.txt sparas med sammanträdet som ”Justerat protokoll”." in out
    run(SMALL)
    assert Attachment.objects.count() == 1


def test_a_pdf_not_yet_justified_is_kept_but_not_public(tmp_path):
    data = files.pdf_of_lines(GOTEBORG.read_text())
    path = tmp_path / "Protokoll KS 2024-01-24.pdf"
    path.write_bytes(data)

    out = run(path)

    attachment = Meeting.objects.get(body__name="Kommunstyrelsen").attachments.get()
    assert attachment.file.read() == data
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.file_name == "Protokoll_KS_2024-01-24.pdf"
    assert (attachment.kind, attachment.is_public) == (Attachment.Kind.UNJUSTIFIED_MINUTES, False)
    assert attachment.added_by is None
    assert "sparas med sammanträdet som ”Ojusterat protokoll”." in out


def test_a_file_refused_as_an_attachment_is_explained_and_nothing_is_written(tmp_path):
    # The import reads Windows-1252 text; an attachment's text must be UTF-8.
    path = tmp_path / "protokoll.txt"
    path.write_bytes(SMALL.read_text().encode("cp1252"))
    before = row_counts()

    with pytest.raises(CommandError, match="kan inte sparas som sammanträdets protokoll: Filen"):
        run(path)

    assert row_counts() == before
    assert not Attachment.objects.exists()


def test_an_unknown_user_is_refused():
    with pytest.raises(CommandError, match="Det finns ingen användare okänd"):
        run(SMALL, "--user", "okänd")

    assert not Meeting.objects.exists()
