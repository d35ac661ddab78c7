import datetime
import re

import pytest
from django.urls import reverse

from huddinge_safety.documents.models import Attachment
from tests.factories import AgendaItemFactory, AttachmentFactory, MeetingFactory, UserFactory

from ..followups.test_admin import seen_change
from . import files
from .files import upload

pytestmark = pytest.mark.django_db


def meeting_form(meeting, **attachment):
    data = {
        "body": meeting.body.pk,
        "date": meeting.date.isoformat(),
        "seen_change": seen_change(meeting),
        **{
            f"{prefix}-{count}_FORMS": 0
            for prefix in ["adjusters", "attendances"]
            for count in ["TOTAL", "INITIAL"]
        },
        "attachments-TOTAL_FORMS": 1,
        "attachments-INITIAL_FORMS": 0,
        "attachments-MIN_NUM_FORMS": 0,
        "attachments-MAX_NUM_FORMS": 1000,
    }
    data.update({f"attachments-0-{name}": value for name, value in attachment.items()})
    return data


def change_url(meeting):
    return reverse("admin:protocols_meeting_change", args=[meeting.pk])


def test_an_official_attaches_the_minutes_to_a_meeting(client, official):
    meeting = MeetingFactory()
    data = files.pdf("Protokoll fört vid sammanträdet")

    response = client.post(
        change_url(meeting),
        meeting_form(
            meeting,
            title="Justerat protokoll 2020-02-06",
            kind="minutes",
            date="2020-02-06",
            is_public="on",
            file=upload("Protokoll KS.pdf", data),
        ),
    )

    assert response.status_code == 302
    attachment = meeting.attachments.get()
    assert attachment.title == "Justerat protokoll 2020-02-06"
    assert attachment.file_name == "Protokoll_KS.pdf"
    assert attachment.file.read() == data
    assert attachment.added_by == official
    assert attachment.history.get().history_user == official
    page = client.get(change_url(meeting)).text
    assert attachment.sha256 in page


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("bild.pdf", b"\x89PNG\r\n\x1a\n" + bytes(64), "Filens innehåll har kontrollerats"),
        ("stor.txt", b"a" * 2048, "Filen är 2,0\xa0kB; den största fil som tas emot är 1,0\xa0kB."),
    ],
)
def test_a_refused_file_keeps_what_the_official_typed(
    client, official, settings, name, data, error
):
    settings.ATTACHMENT_MAX_BYTES = 1024
    meeting = MeetingFactory()

    response = client.post(
        change_url(meeting),
        meeting_form(
            meeting,
            title="Kallelse till sammanträdet",
            kind="notice",
            date="2020-01-30",
            file=upload(name, data),
        ),
    )

    assert response.status_code == 200
    html = response.text
    assert error in html
    assert 'value="Kallelse till sammanträdet"' in html
    assert 'value="2020-01-30"' in html
    assert '<option value="notice" selected>' in html
    assert not Attachment.objects.exists()


def test_a_decided_attachment_is_read_only_and_offers_a_correction(client, official):
    minutes = AttachmentFactory(agenda_item=None, meeting=MeetingFactory(), kind="minutes")
    url = reverse("admin:documents_attachment_change", args=[minutes.pk])

    page = client.get(url).text
    assert 'name="title"' not in page
    assert f"?supersedes={minutes.pk}" in page
    assert client.post(url, {"title": "Ändrad"}).status_code == 403
    delete = reverse("admin:documents_attachment_delete", args=[minutes.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    minutes.refresh_from_db()
    assert minutes.title != "Ändrad"


def test_a_file_of_a_justified_meeting_is_read_only_and_offers_a_correction(client, official):
    meeting = MeetingFactory(
        date=datetime.date(2020, 2, 17), adjusted_on=datetime.date(2020, 2, 20)
    )
    report = AttachmentFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    url = reverse("admin:documents_attachment_change", args=[report.pk])

    page = client.get(url).text
    assert 'name="title"' not in page
    assert f"?supersedes={report.pk}" in page
    assert client.post(url, {"title": "Ändrad"}).status_code == 403
    delete = reverse("admin:documents_attachment_delete", args=[report.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    item_page = client.get(
        reverse("admin:protocols_agendaitem_change", args=[report.agenda_item_id])
    ).text
    title_input = re.search(r'<input[^>]*name="attachments-0-title"[^>]*>', item_page)[0]
    assert "disabled" in title_input
    report.refresh_from_db()
    assert report.title != "Ändrad"


def test_a_correction_is_added_with_a_reason_and_lands_with_the_superseded_file(client, official):
    minutes = AttachmentFactory(agenda_item=None, meeting=MeetingFactory(), kind="minutes")
    add = reverse("admin:documents_attachment_add")
    form = {
        "title": "Justerat protokoll, rättat",
        "kind": "minutes",
        "is_public": "on",
        "supersedes": minutes.pk,
        "file": upload("protokoll.txt", "Rättad text".encode()),
    }

    refused = client.post(add, form)
    assert "En rättelse behöver ett skäl." in refused.text
    assert 'value="Justerat protokoll, rättat"' in refused.text

    form["file"] = upload("protokoll.txt", "Rättad text".encode())
    response = client.post(add, {**form, "correction_reason": "Sidan 4 saknades."})

    assert response.status_code == 302
    correction = Attachment.objects.get(supersedes=minutes)
    assert correction.meeting == minutes.meeting
    assert correction.added_by == official


def test_people_without_the_permission_cannot_reach_attachments_in_the_admin(client):
    client.force_login(UserFactory())
    assert client.get(reverse("admin:documents_attachment_changelist")).status_code == 403
