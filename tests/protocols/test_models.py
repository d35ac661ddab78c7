import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from huddinge_safety.protocols.models import Meeting

from ..factories import (
    AgendaItemFactory,
    DocumentReferenceFactory,
    MeetingFactory,
    SignatoryFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def test_one_meeting_per_body_and_date_but_unknown_dates_may_repeat():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError, match="redan ett sammanträde detta datum"):
        Meeting(body=meeting.body, date=meeting.date).full_clean()
    Meeting.objects.create(body=meeting.body, date=None)
    Meeting.objects.create(body=meeting.body, date=None)


def test_item_numbers_and_paragraphs_are_unique_within_a_meeting():
    item = AgendaItemFactory(item_number="Ärende 11", paragraph="§ 8")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(meeting=item.meeting, item_number="Ärende 11", paragraph="")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(meeting=item.meeting, item_number="", paragraph="§ 8")
    AgendaItemFactory(meeting=item.meeting, item_number="", paragraph="")
    AgendaItemFactory(meeting=item.meeting, item_number="", paragraph="")


def test_speaking_order_and_signing_order_are_unique():
    speaker = SpeakerFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerFactory(agenda_item=speaker.agenda_item, order=1)
    signatory = SignatoryFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignatoryFactory(note=signatory.note, order=1)


def test_speaker_shows_party_or_title_as_at_the_time():
    member = SpeakerFactory(person__name="Pran Malhotra", person__party__abbreviation="S")
    official = SpeakerFactory(
        person__name="Frida Ryberg", person__party=None, party=None, title="säkerhetschef"
    )
    assert str(member) == "Pran Malhotra (S)"
    assert str(official) == "Frida Ryberg, säkerhetschef"


def test_substitute_signature_is_marked():
    signatory = SignatoryFactory(person__name="Britt Flodetorp", is_substitute=True)
    assert str(signatory) == "Britt Flodetorp (suppleantyttrande)"


def test_document_reference_reads_as_in_the_decision():
    reference = DocumentReferenceFactory(
        attachment_label="bilaga 1",
        document="kommunstyrelsens tjänsteutlåtande",
        document_date=datetime.date(2020, 2, 6),
    )
    assert str(reference) == (
        "bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den 6 februari 2020"
    )


def test_meeting_dates_are_within_reason():
    meeting = Meeting(body=MeetingFactory().body, date=datetime.date(9999, 12, 31))
    with pytest.raises(
        ValidationError,
        match=r"Sammanträdets datum måste ligga mellan 1 januari 1900 och 31 december 2100\.",
    ):
        meeting.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()
