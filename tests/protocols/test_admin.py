"""The minutes in admin: a meeting with its first page and attendance, an agenda
item with its speakers, notes, votes and jäv, a note with its signatories, a vote
with its named answers."""

import datetime

import pytest
from django.urls import reverse

from huddinge_safety.protocols.models import (
    Attendance,
    Ballot,
    ExtractRecipient,
    Meeting,
    ProtocolNote,
    Signatory,
)

from ..factories import (
    AdjusterFactory,
    AgendaItemFactory,
    AttendanceFactory,
    BallotFactory,
    BodyFactory,
    MeetingFactory,
    PersonFactory,
    ProtocolNoteFactory,
    SignatoryFactory,
    SpeakerFactory,
    VoteFactory,
)
from ..test_transactions import change_form_data

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

    speakers = page[page.index('id="speakers-group"') :]
    assert speakers.index("Första talaren") < speakers.index("Andra talaren")
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
        "order": 0,
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
    for prefix in [
        "document_references",
        "recusals",
        "notes",
        "votes",
        "extract_recipients",
        "follow_ups",
    ]:
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
    with django_assert_max_num_queries(31):
        response = client.get(item_url(item))
    assert response.status_code == 200


def test_note_list_runs_a_fixed_number_of_queries(client, official, django_assert_max_num_queries):
    ProtocolNoteFactory.create_batch(15)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("admin:protocols_protocolnote_changelist"))
    assert response.status_code == 200


def management(prefix, total=0, initial=0):
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": initial}


def test_meeting_is_added_with_its_first_page_adjusters_and_attendance(client, official):
    body = BodyFactory(name="Kommunstyrelsen")
    chair, member, substitute, absent = PersonFactory.create_batch(4)
    data = {
        "body": body.pk,
        "date": "2024-01-24",
        "place": "Stadshuset",
        "start_time": "09:00",
        "end_time": "12:10",
        "chair": chair.pk,
        "adjusted_on": "2024-01-30",
        "adjustment_place": "Stadsledningskontoret",
        "notice_posted_on": "2024-01-31",
        "minutes_kept_at": "Stadsledningskontoret",
        **management("adjusters", 1),
        "adjusters-0-order": 1,
        "adjusters-0-person": member.pk,
        **management("attendances", 2),
        "attendances-0-order": 1,
        "attendances-0-person": member.pk,
        "attendances-0-role": "member",
        "attendances-1-order": 2,
        "attendances-1-person": substitute.pk,
        "attendances-1-role": "serving_substitute",
        "attendances-1-substitute_for": absent.pk,
        "attendances-1-arrival": "kl. 9.30",
    }

    response = client.post(reverse("admin:protocols_meeting_add"), data)

    assert response.status_code == 302, response.context["errors"]
    meeting = Meeting.objects.get(body=body)
    assert meeting.place == "Stadshuset"
    assert meeting.appeal_deadline == datetime.date(2024, 2, 21)
    assert [a.person for a in meeting.adjusters.all()] == [member]
    serving = meeting.attendances.get(role=Attendance.Role.SERVING_SUBSTITUTE)
    assert (serving.person, serving.substitute_for, serving.arrival) == (
        substitute,
        absent,
        "kl. 9.30",
    )
    assert Meeting.history.get().history_user == official
    assert Attendance.history.filter(history_user=official).count() == 2

    page = client.get(reverse("admin:protocols_meeting_change", args=[meeting.pk])).text
    assert "21 februari 2024" in page  # the last day to appeal, computed
    assert "Sista dag att överklaga" in page


def test_attendance_offers_and_accepts_only_paragraphs_of_its_meeting(client, official):
    meeting = MeetingFactory()
    own = AgendaItemFactory(meeting=meeting, paragraph="§ 43", item_number="")
    other = AgendaItemFactory(paragraph="§ 999", item_number="")
    url = reverse("admin:protocols_meeting_change", args=[meeting.pk])
    response = client.get(url)
    assert "§ 43" in response.text
    assert "§ 999" not in response.text

    data = change_form_data(response)
    data.update(
        {
            **management("attendances", 1),
            "attendances-0-order": 1,
            "attendances-0-person": PersonFactory().pk,
            "attendances-0-role": "member",
            "attendances-0-from_item": other.pk,
        }
    )
    response = client.post(url, data)

    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.text
    assert not meeting.attendances.exists()
    data["attendances-0-from_item"] = own.pk
    assert client.post(url, data).status_code == 302
    assert meeting.attendances.get().from_item == own


@pytest.mark.parametrize("size", [2, 10])
def test_meeting_change_page_queries_do_not_grow(
    client, official, django_assert_max_num_queries, size
):
    meeting = MeetingFactory()
    AgendaItemFactory.create_batch(size, meeting=meeting)
    AttendanceFactory.create_batch(size, meeting=meeting)
    AdjusterFactory.create_batch(2, meeting=meeting)
    with django_assert_max_num_queries(24):
        response = client.get(reverse("admin:protocols_meeting_change", args=[meeting.pk]))
    assert response.status_code == 200


def vote_url(vote):
    return reverse("admin:protocols_vote_change", args=[vote.pk])


def ballot_rows(people_and_choices):
    data = management("ballots", len(people_and_choices))
    for index, (person, choice) in enumerate(people_and_choices):
        data[f"ballots-{index}-person"] = person.pk
        data[f"ballots-{index}-party"] = person.party_id
        data[f"ballots-{index}-choice"] = choice
    return data


def test_named_answers_that_add_up_to_the_counts_are_saved_with_history(client, official):
    vote = VoteFactory(yes_count=2, no_count=1, abstain_count=None)
    yes, also_yes, no = PersonFactory.create_batch(3)
    data = change_form_data(client.get(vote_url(vote)))
    data.update(ballot_rows([(yes, "yes"), (also_yes, "yes"), (no, "no")]))

    response = client.post(vote_url(vote), data)

    assert response.status_code == 302
    assert sorted(vote.ballots.values_list("choice", flat=True)) == ["no", "yes", "yes"]
    assert Ballot.history.filter(history_user=official).count() == 3


def test_named_answers_that_differ_from_the_counts_are_refused_in_swedish(client, official):
    vote = VoteFactory(yes_count=7, no_count=6, abstain_count=None)
    yes, no = PersonFactory.create_batch(2)
    data = change_form_data(client.get(vote_url(vote)))
    data.update(ballot_rows([(yes, "yes"), (no, "no")]))

    response = client.post(vote_url(vote), data)

    assert response.status_code == 200
    assert "Ja: antalet är 7 men 1 ledamöter är namngivna." in response.text
    assert "Nej: antalet är 6 men 1 ledamöter är namngivna." in response.text
    assert not vote.ballots.exists()
    # Correcting the counts in the same form saves both.
    data.update({"yes_count": 1, "no_count": 1})
    assert client.post(vote_url(vote), data).status_code == 302
    assert vote.ballots.count() == 2


def test_one_answer_per_member_in_a_vote(client, official):
    vote = VoteFactory(yes_count=2)
    member = PersonFactory()
    data = change_form_data(client.get(vote_url(vote)))
    data.update(ballot_rows([(member, "yes"), (member, "yes")]))
    response = client.post(vote_url(vote), data)
    assert response.status_code == 200
    assert "Korrigera duplikatdata för person." in response.text
    assert not vote.ballots.exists()


@pytest.mark.parametrize("size", [3, 15])
def test_vote_change_page_queries_do_not_grow(
    client, official, django_assert_max_num_queries, size
):
    vote = VoteFactory(yes_count=size)
    BallotFactory.create_batch(size, vote=vote)
    with django_assert_max_num_queries(16):
        response = client.get(vote_url(vote))
    assert response.status_code == 200


def test_agenda_item_page_edits_votes_jav_tabling_and_extract_recipients(client, official):
    item = AgendaItemFactory()
    vote = VoteFactory(agenda_item=item, yes_count=1, no_count=0, abstain_count=0)
    BallotFactory(vote=vote, person__name="Jonas Attenius")
    motion = ProtocolNoteFactory(agenda_item=item, kind=ProtocolNote.Kind.MOTION, body="Bifall.")
    other_vote = VoteFactory()
    member = PersonFactory()
    url = item_url(item)
    response = client.get(url)
    assert "Jonas Attenius: Ja" in response.text
    assert reverse("admin:protocols_vote_change", args=[vote.pk]) in response.text
    assert str(other_vote) not in response.text

    data = change_form_data(response)
    data.update(
        {
            "tabled": "on",
            **management("recusals", 1),
            "recusals-0-person": member.pk,
            "recusals-0-note": "anmäler jäv",
            **management("extract_recipients", 2),
            "extract_recipients-0-order": 1,
            "extract_recipients-0-recipient": "Valberedningen",
            "extract_recipients-1-order": 2,
            "extract_recipients-1-recipient": "KF Handling 2024 nr 8",
            "notes-TOTAL_FORMS": 2,
            "notes-1-kind": "reservation",
            "notes-1-order": 2,
            "notes-1-body": "Vi reserverar oss.",
            "notes-1-vote": vote.pk,
            "notes-1-in_favour_of": motion.pk,
        }
    )
    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    item.refresh_from_db()
    assert item.tabled
    assert item.recusals.get().person == member
    assert list(item.extract_recipients.values_list("recipient", flat=True)) == [
        "Valberedningen",
        "KF Handling 2024 nr 8",
    ]
    reservation = item.notes.get(kind=ProtocolNote.Kind.RESERVATION)
    assert (reservation.vote, reservation.in_favour_of) == (vote, motion)
    assert ExtractRecipient.history.filter(history_user=official).count() == 2


def test_counts_changed_on_the_item_page_must_still_match_the_names(client, official):
    vote = VoteFactory(yes_count=1, no_count=0, abstain_count=0)
    BallotFactory(vote=vote)
    url = item_url(vote.agenda_item)
    data = change_form_data(client.get(url))
    data["votes-0-yes_count"] = 2

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Ja: antalet är 2 men 1 ledamöter är namngivna." in response.text
    vote.refresh_from_db()
    assert vote.yes_count == 1


def test_officials_may_delete_attendance_and_ballot_rows(official):
    for model in ["attendance", "adjuster", "recusal", "extractrecipient", "vote", "ballot"]:
        for action in ["add", "change", "view", "delete"]:
            assert official.has_perm(f"protocols.{action}_{model}")
