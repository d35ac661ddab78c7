import datetime
import io

import pytest
from django.core.management import call_command

from huddinge_safety.followups.models import AssessmentStatus, FollowUp
from huddinge_safety.goals.models import Indicator
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import AgendaItem, Meeting, Person, ProtocolNote

from ..seeds import SPEAKERS_2019

PROGRAM_TITLE = "Program för trygghet och säkerhet 2018–2021"


def test_program_with_overall_goal_period_and_five_areas(demo):
    program = Program.objects.get(title=PROGRAM_TITLE)
    assert (program.start_year, program.end_year) == (2018, 2021)
    assert program.overall_goal.startswith("Huddinge ska vara en trygg och säker kommun")
    assert "där få oönskade händelser sker" in program.overall_goal
    assert [str(area) for area in program.areas.all()] == [
        "1) Trygghetsskapande och brottsförebyggande arbete",
        "2) Skydd mot olyckor",
        "3) Krisberedskap",
        "4) Civilt försvar",
        "5) Internt skydds- och säkerhetsarbete",
    ]
    assert [g.title for g in program.guidelines.all()] == [
        "Klotterrelaterad skadegörelse",
        "Förebygga och förhindra våldsbejakande extremism",
    ]


def test_2019_follow_up_is_published_with_assessment_and_decision(demo):
    follow_up = FollowUp.objects.select_related("agenda_item__meeting__body").get(year=2019)
    assert follow_up.status == FollowUp.Status.PUBLISHED
    assert follow_up.overall_status == AssessmentStatus.ON_TRACK
    assert follow_up.overall_narrative.startswith("Den samlade bedömningen är att arbetet")
    assert "genomfört under 2019" in follow_up.summary
    assert follow_up.document_reference == (
        "bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den 6 februari 2020"
    )
    assert follow_up.guideline_assessments.count() == 2

    item = follow_up.agenda_item
    assert item.meeting.body.name == "Trygghets- och delaktighetsberedningen"
    assert item.meeting.date is None, "the seed does not state the meeting date"
    assert item.decision.endswith("godkänns.")
    assert "enligt bilaga 1 till kommunstyrelsens tjänsteutlåtande" in item.decision
    assert "Internt skydds- och säkerhetsarbete" in item.summary
    assert [str(ref) for ref in item.document_references.all()] == [
        "bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den 6 februari 2020"
    ]


def test_2019_deliberation_has_nine_speakers_in_order(demo):
    item = AgendaItem.objects.get(follow_ups__year=2019)
    speakers = [str(s) for s in item.speakers.select_related("person", "party")]
    assert speakers == SPEAKERS_2019


def test_2019_protocol_notes_with_attachment_labels(demo):
    notes = ProtocolNote.objects.filter(agenda_item__follow_ups__year=2019)
    assert [(n.attachment_label, [str(s.person) for s in n.signatories.all()]) for n in notes] == [
        ("bilaga 8.1", ["Frida Andersson"]),
        ("bilaga 8.2", ["Nujin Alacabek"]),
    ]
    assert all(n.kind == ProtocolNote.Kind.PROTOCOL_NOTE for n in notes)


def test_2021_protocol_note_of_socialdemokraterna(demo):
    meeting = Meeting.objects.get(date=datetime.date(2022, 2, 17))
    item = meeting.agenda_items.get()
    assert item.item_number == "Ärende 11"
    assert item.title == "Uppföljning av Program för trygghet och säkerhet 2021"
    assert item.follow_ups.get().year == 2021

    note = item.notes.get()
    assert note.on_behalf_of.name == "Socialdemokraterna"
    assert note.date == datetime.date(2022, 2, 17)
    assert note.body.startswith("Coronapandemin slog hårt mot vårt samhälle även under 2021.")
    assert "(s.5)" in note.body
    assert "(s. 4)" in note.body
    assert "jämfört både med Stockholms län och med riket" in note.body
    assert "trygghetsfond" in note.body
    assert note.body.rstrip().endswith("öka tryggheten och säkerheten i kommunen.")
    assert "annan grov brottslighet" in note.body
    assert [(s.person.name, s.is_substitute) for s in note.signatories.all()] == [
        ("Rasmus Lenefors", False),
        ("Pran Malhotra", False),
        ("Britt Flodetorp", True),
    ]


def test_indicator_of_the_comparison_exists_without_invented_values(demo):
    indicator = Indicator.objects.get(name="Andel som känner sig trygga")
    assert indicator.values.count() == 0


def test_2021_follow_up_is_not_public(demo):
    assert not FollowUp.objects.published().filter(year=2021).exists()


def test_loading_twice_changes_nothing(demo):
    from django.apps import apps

    def counts():
        return {
            model._meta.label: model.objects.count()
            for model in apps.get_models()
            if model._meta.app_label in {"protocols", "programs", "goals", "followups"}
        }

    before = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before
    assert Person.objects.filter(name="Pran Malhotra").count() == 1


@pytest.mark.django_db
def test_demo_records_have_history():
    call_command("load_demo", stdout=io.StringIO())
    program = Program.objects.get(title=PROGRAM_TITLE)
    assert program.history.count() == 1
    follow_up = FollowUp.objects.get(year=2019)
    assert follow_up.goal_assessments.count() == 0
    assert follow_up.guideline_assessments.first().history.count() == 1
