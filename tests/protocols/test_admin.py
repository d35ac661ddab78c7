"""The minutes in admin: an agenda item with its speakers and notes, a note with
its signatories."""

import pytest
from django.urls import reverse

from huddinge_safety.protocols.models import Signatory

from ..factories import (
    AgendaItemFactory,
    PersonFactory,
    ProtocolNoteFactory,
    SignatoryFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def item_url(item):
    return reverse("admin:protocols_agendaitem_change", args=[item.pk])


def test_agenda_item_page_shows_speakers_in_order_and_notes_with_signatories(client, official):
    item = AgendaItemFactory()
    for order, name in [(2, "Andra talaren"), (1, "Första talaren")]:
        SpeakerFactory(agenda_item=item, order=order, person__name=name)
    note = ProtocolNoteFactory(agenda_item=item, attachment_label="bilaga 8.1")
    SignatoryFactory(note=note, order=2, person__name="Ersättaren", is_substitute=True)
    SignatoryFactory(note=note, order=1, person__name="Ledamoten")

    page = client.get(item_url(item)).text

    assert page.index("Första talaren") < page.index("Andra talaren")
    assert "<ol><li>Ledamoten</li><li>Ersättaren (suppleantyttrande)</li></ol>" in page
    note_url = reverse("admin:protocols_protocolnote_change", args=[note.pk])
    assert note_url in page


def test_signatories_are_edited_in_order_on_the_note_page(client, official):
    note = ProtocolNoteFactory()
    member, substitute = PersonFactory(name="Ledamoten"), PersonFactory(name="Ersättaren")
    url = reverse("admin:protocols_protocolnote_change", args=[note.pk])
    data = {
        "agenda_item": note.agenda_item.pk,
        "kind": note.kind,
        "attachment_label": note.attachment_label,
        "body": note.body,
        "signatories-TOTAL_FORMS": 2,
        "signatories-INITIAL_FORMS": 0,
        "signatories-MIN_NUM_FORMS": 0,
        "signatories-MAX_NUM_FORMS": 1000,
        "signatories-0-order": 1,
        "signatories-0-person": member.pk,
        "signatories-1-order": 2,
        "signatories-1-person": substitute.pk,
        "signatories-1-is_substitute": "on",
        "attachments-TOTAL_FORMS": 0,
        "attachments-INITIAL_FORMS": 0,
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assert [(s.person.name, s.is_substitute) for s in note.signatories.all()] == [
        ("Ledamoten", False),
        ("Ersättaren", True),
    ]
    assert Signatory.history.filter(history_user=official).count() == 2


def test_two_speakers_in_the_same_place_is_a_clear_error(client, official):
    item = AgendaItemFactory()
    person = PersonFactory()
    url = item_url(item)
    data = {
        "meeting": item.meeting.pk,
        "title": item.title,
        "item_number": item.item_number,
        "decision": item.decision,
        "speakers-TOTAL_FORMS": 2,
        "speakers-INITIAL_FORMS": 0,
        "speakers-MIN_NUM_FORMS": 0,
        "speakers-MAX_NUM_FORMS": 1000,
        "speakers-0-order": 1,
        "speakers-0-person": person.pk,
        "speakers-1-order": 1,
        "speakers-1-person": person.pk,
    }
    for prefix in ["document_references", "notes", "follow_ups", "attachments"]:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Korrigera duplikatdata för ordning." in response.text
    assert not item.speakers.exists()


@pytest.mark.parametrize("size", [3, 12])
def test_agenda_item_page_queries_do_not_grow(
    client, official, django_assert_max_num_queries, size
):
    item = AgendaItemFactory()
    for order in range(1, size + 1):
        SpeakerFactory(agenda_item=item, order=order)
        note = ProtocolNoteFactory(agenda_item=item)
        SignatoryFactory.create_batch(3, note=note)
    # The attachments inline: its rows and the choices of document references.
    with django_assert_max_num_queries(23):
        response = client.get(item_url(item))
    assert response.status_code == 200


def test_note_list_runs_a_fixed_number_of_queries(client, official, django_assert_max_num_queries):
    ProtocolNoteFactory.create_batch(15)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("admin:protocols_protocolnote_changelist"))
    assert response.status_code == 200
