import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from huddinge_safety.documents import content
from huddinge_safety.documents.models import Attachment, safe_file_name
from tests.factories import (
    AgendaItemFactory,
    AttachmentFactory,
    FollowUpFactory,
    MeetingFactory,
    ProtocolNoteFactory,
)

from . import files
from .files import decide, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("protokoll.pdf", files.pdf("Sida ett"), content.PDF),
        ("utlatande.docx", files.docx("Text"), content.DOCX),
        ("tabell.xlsx", files.xlsx(), content.XLSX),
        ("anteckning.odt", files.odt("Text"), content.ODT),
        ("anteckning.txt", b"Trygghet i Huddinge", content.TEXT),
        # The name says nothing: a PDF named .txt is a PDF.
        ("lurad.txt", files.pdf("Sida ett"), content.PDF),
    ],
)
def test_the_type_is_read_from_the_content(name, data, expected):
    attachment = AttachmentFactory(file=upload(name, data))

    assert attachment.content_type == expected
    assert attachment.file_name.endswith(content.EXTENSIONS[expected])


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bild.pdf", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        ("arkiv.docx", files.zipped({"word/document.xml": "<w/>"})),
        ("makro.docm", files.zipped({"[Content_Types].xml": "<Types/>", "a.xml": "<a/>"})),
        ("latin1.txt", "Trygghet på Södertörn".encode("latin-1")),
        ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(50)),
    ],
)
def test_other_files_are_refused_in_swedish(name, data):
    attachment = AttachmentFactory.build(file=upload(name, data))

    with pytest.raises(ValidationError) as refused:
        attachment.full_clean()

    assert refused.value.message_dict["file"] == [
        "Filen är inte ett PDF-, Word- (DOCX), Excel- (XLSX), OpenDocument-text- (ODT) eller "
        "textdokument (UTF-8). Filens innehåll har kontrollerats, inte dess namn."
    ]


def test_a_file_above_the_size_limit_is_refused_in_swedish(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    attachment = AttachmentFactory.build(file=upload("stor.txt", b"a" * (1024 * 1024 + 1)))

    with pytest.raises(ValidationError) as refused:
        attachment.full_clean()

    assert refused.value.message_dict["file"] == [
        "Filen är 1,0\xa0MB; den största fil som tas emot är 1,0\xa0MB."
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\x\\Tjänsteutlåtande 2020.txt", "Tjänsteutlåtande_2020.txt"),
        ('<script>"a".txt', "scripta.txt"),
        ("..", "dokument.txt"),
        ("rapport.html", "rapport.html.txt"),
        ("x" * 300 + ".txt", "x" * 100 + ".txt"),
    ],
)
def test_file_names_are_made_safe(name, expected):
    assert safe_file_name(name, content.TEXT) == expected


def test_two_files_of_one_name_are_stored_apart_under_unguessable_names():
    first = AttachmentFactory(file=upload("utlatande.txt", b"Ett"))
    second = AttachmentFactory(file=upload("utlatande.txt", b"Tva"))

    assert first.file_name == second.file_name == "utlatande.txt"
    assert first.file.name != second.file.name
    assert first.file.read() == b"Ett"
    assert second.file.read() == b"Tva"


def test_the_sha256_and_size_of_the_file_are_kept():
    data = files.pdf("Kontrollsumma")

    attachment = AttachmentFactory(file=upload("a.pdf", data))

    attachment.refresh_from_db()
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.size == len(data)


def test_the_text_of_each_pdf_page_is_kept_for_search():
    attachment = AttachmentFactory(
        file=upload("a.pdf", files.pdf("Första sidan om parker", "Andra sidan om belysning"))
    )

    assert attachment.text == Attachment.Text.SEARCHABLE
    assert [(page.number, page.text) for page in attachment.pages.all()] == [
        (1, "Första sidan om parker"),
        (2, "Andra sidan om belysning"),
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (files.docx("Första sidan", "Andra sidan"), [(1, "Första sidan"), (2, "Andra sidan")]),
        (files.odt("Brödtexten"), [(1, "Rubrik Brödtexten")]),
        ("Ett\fTvå".encode(), [(1, "Ett"), (2, "Två")]),
    ],
)
def test_the_text_of_word_opendocument_and_plain_text_is_kept(data, expected):
    attachment = AttachmentFactory(file=upload("dokument", data))

    assert [(page.number, page.text) for page in attachment.pages.all()] == expected


def test_a_scanned_pdf_without_text_is_marked_as_such():
    attachment = AttachmentFactory(file=upload("skannad.pdf", files.scanned_pdf()))

    assert attachment.text == Attachment.Text.NO_TEXT
    assert not attachment.pages.exists()


def test_a_spreadsheet_is_kept_but_not_searched():
    attachment = AttachmentFactory(file=upload("tabell.xlsx", files.xlsx()))

    assert attachment.text == Attachment.Text.NOT_READ


def test_an_attachment_belongs_to_exactly_one_owner():
    with pytest.raises(IntegrityError), transaction.atomic():
        AttachmentFactory(meeting=MeetingFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        AttachmentFactory(agenda_item=None)


def test_the_database_refuses_to_change_or_delete_an_attachment_of_a_decided_follow_up():
    follow_up = FollowUpFactory()
    attachment = AttachmentFactory(agenda_item=None, follow_up=follow_up, kind="report")
    decide(follow_up)

    with pytest.raises(IntegrityError, match="the attachment is decided"), transaction.atomic():
        Attachment.objects.filter(pk=attachment.pk).update(title="Ändrad")
    with pytest.raises(IntegrityError, match="the attachment is decided"), transaction.atomic():
        Attachment.objects.filter(pk=attachment.pk).update(file="dokument/annan.pdf")
    with pytest.raises(IntegrityError, match="the attachment is decided"), transaction.atomic():
        Attachment.objects.filter(pk=attachment.pk).delete()
    attachment.refresh_from_db()
    assert attachment.title != "Ändrad"


def test_the_justified_minutes_cannot_be_changed_or_deleted_but_another_file_can():
    meeting = MeetingFactory()
    minutes = AttachmentFactory(agenda_item=None, meeting=meeting, kind="minutes")
    notice = AttachmentFactory(agenda_item=None, meeting=meeting, kind="notice")

    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.filter(pk=minutes.pk).update(sha256="0" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        minutes.delete()
    notice.delete()
    assert minutes.is_locked
    assert not notice.is_locked


def files_of_every_part_of(meeting):
    """A notice of ``meeting``, a tjänsteutlåtande of one of its items and a note
    as handed in on that item."""
    item = AgendaItemFactory(meeting=meeting)
    return [
        AttachmentFactory(agenda_item=None, meeting=meeting, kind="notice"),
        AttachmentFactory(agenda_item=item),
        AttachmentFactory(
            agenda_item=None, note=ProtocolNoteFactory(agenda_item=item), kind="note"
        ),
    ]


def test_the_files_of_a_justified_meeting_cannot_be_changed_or_deleted_even_in_sql():
    meeting = MeetingFactory(date=datetime.date(2020, 2, 17))
    attachments = files_of_every_part_of(meeting)
    meeting.adjusted_on = datetime.date(2020, 2, 20)
    meeting.save()

    for attachment in attachments:
        assert attachment.is_locked
        for statement in [
            "UPDATE documents_attachment SET title = 'Ändrad' WHERE id = %s",
            "DELETE FROM documents_attachment WHERE id = %s",
        ]:
            with (
                pytest.raises(IntegrityError, match="the attachment is decided"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement, [attachment.pk])
        with pytest.raises(IntegrityError, match="the attachment is decided"), transaction.atomic():
            Attachment.objects.filter(pk=attachment.pk).update(is_public=False)
        with pytest.raises(IntegrityError, match="the attachment is decided"), transaction.atomic():
            attachment.delete()
    assert not Attachment.objects.filter(title="Ändrad").exists()
    assert Attachment.objects.filter(is_public=True).count() == 3


def test_the_files_of_a_meeting_not_yet_justified_can_be_changed_and_deleted():
    attachments = files_of_every_part_of(MeetingFactory())

    for attachment in attachments:
        assert not attachment.is_locked
        attachment.title = "Ändrad"
        attachment.save()
        attachment.delete()
    assert not Attachment.objects.exists()


def test_a_file_of_a_justified_meeting_is_corrected_by_a_new_file_with_a_reason():
    meeting = MeetingFactory(date=datetime.date(2020, 2, 17))
    item = AgendaItemFactory(meeting=meeting)
    report = AttachmentFactory(agenda_item=item)
    meeting.adjusted_on = datetime.date(2020, 2, 20)
    meeting.save()

    correction = AttachmentFactory.build(
        agenda_item=None,
        file=upload("utlatande.txt", "Förvaltningen föreslår bifall, rättat.".encode()),
        supersedes=report,
        correction_reason="Fel version bifogades.",
    )
    correction.full_clean()
    correction.save()

    report.refresh_from_db()
    assert correction.agenda_item == item
    assert report.superseded_by == correction
    assert correction.is_locked


def test_a_correction_supersedes_the_decided_file_with_a_reason_and_both_remain():
    meeting = MeetingFactory()
    minutes = AttachmentFactory(agenda_item=None, meeting=meeting, kind="minutes")

    correction = AttachmentFactory.build(
        agenda_item=None,
        kind="minutes",
        file=upload("protokoll.txt", b"Justerat protokoll, rattat"),
        supersedes=minutes,
        correction_reason="Sidan 3 saknades i den skannade filen.",
    )
    correction.full_clean()
    correction.save()

    minutes.refresh_from_db()
    assert correction.meeting == meeting
    assert minutes.superseded_by == correction
    with pytest.raises(IntegrityError), transaction.atomic():
        AttachmentFactory(
            agenda_item=None, meeting=meeting, supersedes=correction, correction_reason=""
        )
