import hashlib

import pytest
from django.urls import reverse

from huddinge_safety.followups.models import FollowUp
from tests.factories import (
    AgendaItemFactory,
    AttachmentFactory,
    DocumentReferenceFactory,
    FollowUpFactory,
    MeetingFactory,
    ProtocolNoteFactory,
)

from . import files
from .files import decide, upload

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content)


def test_a_public_pdf_is_served_inline_with_its_type_checksum_and_safe_headers(client):
    data = files.pdf("Tjänsteutlåtandet")
    attachment = AttachmentFactory(file=upload("Tjänsteutlåtande 2020.pdf", data))

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert body(response) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''Tj%C3%A4nsteutl%C3%A5tande_2020.pdf"
    )
    assert response["Content-Length"] == str(len(data))
    assert response["ETag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert "default-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("a.txt", b"<html><script>alert(1)</script></html>", "text/plain; charset=utf-8"),
        (
            "a.docx",
            files.docx("Text"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("a.odt", files.odt("Text"), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_anything_but_a_pdf_is_downloaded_never_rendered(client, name, data, content_type):
    attachment = AttachmentFactory(file=upload(name, data))

    response = client.get(attachment.get_absolute_url())

    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_second_request_with_the_etag_gets_not_modified(client):
    attachment = AttachmentFactory()
    url = attachment.get_absolute_url()

    response = client.get(url, headers={"If-None-Match": f'"{attachment.sha256}"'})

    assert response.status_code == 304
    assert not response.content


def test_only_get_and_head_are_answered(client):
    url = AttachmentFactory().get_absolute_url()

    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_guessed_addresses_are_not_found(client):
    attachment = AttachmentFactory()
    digest = attachment.sha256[:16]

    for url in [
        reverse("documents:file", args=[attachment.pk, "0" * 16, attachment.file_name]),
        reverse("documents:file", args=[attachment.pk, digest, "annat.txt"]),
        reverse("documents:file", args=[attachment.pk + 1, digest, attachment.file_name]),
        f"/media/{attachment.file.name}",
        f"/{attachment.file.name}",
    ]:
        assert client.get(url).status_code == 404, url


def test_a_file_marked_not_public_is_not_found_or_listed(client):
    attachment = AttachmentFactory(is_public=False)

    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert attachment.title not in client.get(attachment.agenda_item.get_absolute_url()).text


def test_a_follow_ups_files_are_public_only_once_it_is_published(client):
    follow_up = FollowUpFactory()
    attachment = AttachmentFactory(agenda_item=None, follow_up=follow_up, kind="report")
    url = attachment.get_absolute_url()

    assert client.get(url).status_code == 404
    decide(follow_up)
    assert client.get(url).status_code == 404
    follow_up.publish(follow_up.approved_by)
    assert follow_up.status == FollowUp.Status.PUBLISHED
    assert client.get(url).status_code == 200
    report = client.get(follow_up.get_absolute_url()).text
    assert f'href="{url}"' in report


def test_the_meeting_page_lists_its_files_with_checksum(client):
    meeting = MeetingFactory()
    minutes = AttachmentFactory(
        agenda_item=None, meeting=meeting, kind="minutes", title="Justerat protokoll"
    )

    html = client.get(meeting.get_absolute_url()).text

    assert f'<a href="{minutes.get_absolute_url()}" type="text/plain; charset=utf-8">' in html
    assert "Justerat protokoll" in html
    assert minutes.sha256 in html


def test_the_agenda_item_page_lists_its_and_its_notes_files_with_what_they_are(client):
    item = AgendaItemFactory()
    reference = DocumentReferenceFactory(
        agenda_item=item, attachment_label="bilaga 1", document="kommunstyrelsens tjänsteutlåtande"
    )
    note = ProtocolNoteFactory(agenda_item=item, attachment_label="bilaga 8.1")
    AttachmentFactory(agenda_item=item, reference=reference, title="Utlåtandet")
    AttachmentFactory(agenda_item=None, note=note, kind="note", title="Anteckningen")
    scanned = AttachmentFactory(
        agenda_item=item, title="Skannad bilaga", file=upload("s.pdf", files.scanned_pdf())
    )

    html = client.get(item.get_absolute_url()).text

    assert "Utlåtandet" in html
    assert "bilaga 1 till kommunstyrelsens tjänsteutlåtande" in html
    assert "Anteckningen" in html
    assert "bilaga 8.1" in html
    assert f'id="dokument-{scanned.pk}"' in html
    assert "Skannat dokument utan text: innehållet går inte att söka i." in html


def correction_of(original, title, reason, **fields):
    """A file of ``original``'s meeting, with content of its own, that corrects it."""
    return AttachmentFactory(
        agenda_item=None,
        meeting=original.meeting,
        title=title,
        file=upload("rattelse.txt", title.encode()),
        supersedes=original,
        correction_reason=reason,
        **fields,
    )


def test_a_correction_and_the_file_it_supersedes_are_both_listed(client):
    meeting = MeetingFactory()
    minutes = AttachmentFactory(agenda_item=None, meeting=meeting, kind="minutes")
    correction = correction_of(minutes, "Rättat protokoll", "Fel sida skannades.", kind="minutes")

    html = client.get(meeting.get_absolute_url()).text

    assert f'av <a href="{minutes.get_absolute_url()}">{minutes.title}</a>: Fel sida' in html
    assert f'rättelsen <a href="{correction.get_absolute_url()}">Rättat protokoll</a>' in html
    assert client.get(minutes.get_absolute_url()).status_code == 200


def test_a_correction_not_public_is_not_named_and_one_of_a_file_not_public_links_nowhere(client):
    meeting = MeetingFactory()
    listed = AttachmentFactory(agenda_item=None, meeting=meeting, title="Kallelsen")
    correction_of(listed, "Hemlig rättelse", "Personuppgifter", is_public=False)
    withdrawn = AttachmentFactory(
        agenda_item=None, meeting=meeting, title="Borttaget utlåtande", is_public=False
    )
    correction_of(withdrawn, "Nytt utlåtande", "Fel version.")

    html = client.get(meeting.get_absolute_url()).text

    assert "Kallelsen" in html
    assert "Hemlig rättelse" not in html
    assert "Personuppgifter" not in html
    assert "Borttaget utlåtande" not in html
    assert withdrawn.get_absolute_url() not in html
    assert "av en fil som inte är offentlig: Fel version." in html


@pytest.mark.parametrize("count", [1, 6])
def test_listing_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    for _ in range(count):
        AttachmentFactory(agenda_item=None, meeting=meeting)
        AttachmentFactory(agenda_item=item)
        AttachmentFactory(agenda_item=None, note=ProtocolNoteFactory(agenda_item=item))
    # The content version, the object and its prefetches (notes with their
    # files; attendance and the rest of the minutes; the item records no documents,
    # votes, jäv or extract recipients), the attachments.
    with django_assert_num_queries(6):
        client.get(meeting.get_absolute_url())
    with django_assert_num_queries(9):
        client.get(item.get_absolute_url())


def test_search_finds_a_sentence_of_a_pdf_with_its_page_and_a_snippet(client):
    attachment = AttachmentFactory(
        title="Tjänsteutlåtande om belysning",
        file=upload(
            "u.pdf",
            files.pdf(
                "Inledning om programmet.",
                "Förvaltningen föreslår att gångtunnlarna vid Flemingsberg får ny belysning.",
            ),
        ),
    )

    html = client.get(reverse("search"), {"q": "belysningen Flemingsberg"}).text

    assert "Tjänsteutlåtande om belysning (Tjänsteutlåtande), sida 2" in html
    assert f'href="{attachment.get_absolute_url()}#page=2"' in html
    assert "<mark>Flemingsberg</mark> får ny <mark>belysning</mark>" in html
    assert "Inledning om programmet" not in html


def test_search_does_not_find_files_that_are_not_public(client):
    AttachmentFactory(is_public=False, file=upload("a.txt", "Hemlig gångtunnel".encode()))
    AttachmentFactory(
        agenda_item=None,
        follow_up=FollowUpFactory(),
        file=upload("b.txt", "Utkastets gångtunnel".encode()),
    )

    html = client.get(reverse("search"), {"q": "gångtunnel"}).text

    assert "Inga träffar" in html


def test_the_references_and_note_labels_of_an_item_link_to_their_public_files(client):
    item = AgendaItemFactory()
    reference = DocumentReferenceFactory(
        agenda_item=item, attachment_label="bilaga 1", document="kommunstyrelsens tjänsteutlåtande"
    )
    unlinked = DocumentReferenceFactory(agenda_item=item, attachment_label="bilaga 2")
    note = ProtocolNoteFactory(agenda_item=item, attachment_label="bilaga 8.1")
    report = AttachmentFactory(agenda_item=item, reference=reference)
    AttachmentFactory(agenda_item=item, reference=unlinked, is_public=False)
    handed_in = AttachmentFactory(agenda_item=None, note=note, kind="note")

    html = client.get(item.get_absolute_url()).text

    assert (
        f'<li><a href="{report.get_absolute_url()}">'
        "bilaga 1 till kommunstyrelsens tjänsteutlåtande</a></li>"
    ) in html
    assert "<li>bilaga 2 till tjänsteutlåtande</li>" in html
    assert f'<a href="{handed_in.get_absolute_url()}">bilaga 8.1</a></h3>' in html
