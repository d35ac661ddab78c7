"""factory_boy factories for every model, shared by all test folders."""

import datetime

import factory
from django.contrib.auth.models import Group, User

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.goals.models import Goal, Indicator, IndicatorValue
from huddinge_safety.programs.models import Guideline, Program, ResponsibilityArea
from huddinge_safety.protocols.models import (
    Adjuster,
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    DocumentReference,
    ExtractRecipient,
    Meeting,
    Party,
    Person,
    ProtocolNote,
    Recusal,
    Signatory,
    Speaker,
    Vote,
    VoteChoice,
)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Beredning {n}")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ["abbreviation"]

    abbreviation = factory.Sequence(lambda n: f"P{n}")
    name = factory.LazyAttribute(lambda party: f"Parti {party.abbreviation}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    party = factory.SubFactory(PartyFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    item_number = factory.Sequence(lambda n: f"Ärende {n}")
    title = factory.Sequence(lambda n: f"Ärende om trygghet {n}")
    decision = "Beslutet godkänns."


class DocumentReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentReference

    agenda_item = factory.SubFactory(AgendaItemFactory)
    attachment_label = "bilaga 1"
    document = "tjänsteutlåtande"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    agenda_item = factory.SubFactory(AgendaItemFactory)
    order = factory.Sequence(lambda n: n + 1)
    person = factory.SubFactory(PersonFactory)
    party = factory.SelfAttribute("person.party")


class ProtocolNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProtocolNote

    agenda_item = factory.SubFactory(AgendaItemFactory)
    attachment_label = factory.Sequence(lambda n: f"bilaga 1.{n}")
    body = "Vi vill göra en notering om tryggheten."


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    note = factory.SubFactory(ProtocolNoteFactory)
    order = factory.Sequence(lambda n: n + 1)
    person = factory.SubFactory(PersonFactory)


class AdjusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adjuster

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    person = factory.SubFactory(PersonFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    person = factory.SubFactory(PersonFactory)
    party = factory.SelfAttribute("person.party")
    role = Attendance.Role.MEMBER


class RecusalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recusal

    agenda_item = factory.SubFactory(AgendaItemFactory)
    person = factory.SubFactory(PersonFactory)


class ExtractRecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtractRecipient

    agenda_item = factory.SubFactory(AgendaItemFactory)
    order = factory.Sequence(lambda n: n + 1)
    recipient = factory.Sequence(lambda n: f"Förvaltning {n}")


class VoteFactory(factory.django.DjangoModelFactory):
    """A vote recorded by its counts only; ``BallotFactory`` rows must add up to
    the counts by the end of the transaction."""

    class Meta:
        model = Vote

    agenda_item = factory.SubFactory(AgendaItemFactory)
    order = factory.Sequence(lambda n: n + 1)
    proposition = "Ja för bifall till ordförandens yrkande och Nej för avslag."
    yes_count = 0
    no_count = 0
    abstain_count = 0


class BallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ballot

    vote = factory.SubFactory(VoteFactory)
    person = factory.SubFactory(PersonFactory)
    party = factory.SelfAttribute("person.party")
    choice = VoteChoice.YES


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    title = factory.Sequence(lambda n: f"Program för trygghet {n}")
    start_year = 2018
    end_year = 2021
    overall_goal = "En trygg kommun."


class ResponsibilityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityArea

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Ansvarsområde {n}")


class GuidelineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guideline

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Riktlinje {n}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    area = factory.SubFactory(ResponsibilityAreaFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Målet nummer {n} ska uppnås.")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "%"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2019
    geography = IndicatorValue.Geography.HUDDINGE
    value = 75


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    program = factory.SubFactory(ProgramFactory)
    year = factory.SelfAttribute("program.start_year")


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user; ``groups=["Tjänsteperson"]`` puts it in groups by name."""

    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"anvandare{n}")
    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = "Efternamn"
    is_staff = True
    password = factory.django.Password("hemligt-losen-123")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.set(Group.objects.filter(name__in=names))
