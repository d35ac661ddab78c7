import datetime
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext

from huddinge_safety.followups.demo import example_program as example
from huddinge_safety.followups.models import FollowUp
from huddinge_safety.goals.models import Goal, Indicator, IndicatorValue
from huddinge_safety.programs.models import Guideline, Program, ResponsibilityArea
from huddinge_safety.protocols.models import (
    AgendaItem,
    Body,
    Meeting,
    Party,
    Person,
    ProtocolNote,
    Signatory,
    Speaker,
)

GEOGRAPHIES = [
    IndicatorValue.Geography.HUDDINGE,
    IndicatorValue.Geography.STOCKHOLM_COUNTY,
    IndicatorValue.Geography.SWEDEN,
]


class Command(BaseCommand):
    help = (
        "For the demo only (refuses to run without DEBUG): loads an invented example "
        "program (huddinge_safety/followups/demo/example_program.py) with goals in five "
        "areas, four published follow-ups, indicators and the meetings that decided the "
        "follow-ups. Every page of it says that it is an example. Running it again changes "
        "nothing."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                gettext(
                    "The example program is invented data for the demo and is only loaded "
                    "when DEBUG is on, never in production."
                )
            )
        program = Program.objects.filter(title=example.TITLE).first()
        if program is None:
            program = self.load()
        loaded = gettext("The example program “%(program)s” is loaded.") % {"program": program}
        self.stdout.write(self.style.SUCCESS(loaded))

    @transaction.atomic
    def load(self):
        program = Program.objects.create(is_example=True, **example.PROGRAM)
        goals = {}
        for number, area_data in enumerate(example.AREAS, start=1):
            area = ResponsibilityArea.objects.create(
                program=program,
                number=number,
                title=area_data["title"],
                sub_goal=area_data["sub_goal"],
            )
            for goal_number, goal_data in enumerate(area_data["goals"], start=1):
                goal = Goal.objects.create(area=area, number=goal_number, text=goal_data["text"])
                goals[goal.code] = (goal, goal_data["assessments"])
        guidelines = {
            Guideline.objects.create(
                program=program, title=data["title"], description=data["description"]
            ): data["narratives"]
            for data in example.GUIDELINES
        }
        for data in example.INDICATORS:
            self.load_indicator(program, data, goals)
        body, _ = Body.objects.get_or_create(name=example.BODY)
        people = self.load_people()
        for index, data in enumerate(example.FOLLOW_UPS):
            item = self.load_agenda_item(body, people, data)
            follow_up = FollowUp.objects.create_for_year(
                program,
                data["year"],
                agenda_item=item,
                overall_status=data["overall_status"],
                overall_narrative=data["overall_narrative"],
                summary=data["summary"],
                document_reference=f"bilaga 1 till tjänsteutlåtande {data['registry_number']}",
            )
            for assessment in follow_up.goal_assessments.select_related("goal__area"):
                assessment.status, assessment.narrative = goals[assessment.goal.code][1][index]
                assessment.save()
            for assessment in follow_up.guideline_assessments.all():
                assessment.narrative = guidelines[assessment.guideline][index]
                assessment.save()
            follow_up.record_steps_to(FollowUp.Status.PUBLISHED)
        return program

    def load_indicator(self, program, data, goals):
        (baseline_year, baseline), (target_year, target) = data["baseline"], data["target"]
        indicator = Indicator.objects.create(
            program=program,
            name=data["name"],
            unit=data["unit"],
            direction=data["direction"],
            source=data["source"],
            baseline_value=Decimal(baseline),
            baseline_year=baseline_year,
            target_value=Decimal(target),
            target_year=target_year,
        )
        indicator.goals.set([goals[code][0] for code in data["goals"]])
        for year, *values in data["values"]:
            for geography, value in zip(GEOGRAPHIES, values, strict=True):
                if value is not None:
                    IndicatorValue.objects.create(
                        indicator=indicator, year=year, geography=geography, value=Decimal(value)
                    )

    def load_people(self):
        parties = {
            abbreviation: Party.objects.get_or_create(
                abbreviation=abbreviation, defaults={"name": name}
            )[0]
            for abbreviation, name in example.PARTIES
        }
        return {
            name: Person.objects.get_or_create(
                name=name, defaults={"party": parties.get(party), "title": title}
            )[0]
            for name, party, title in example.PEOPLE
        }

    def load_agenda_item(self, body, people, data):
        date = datetime.date.fromisoformat(data["meeting_date"])
        meeting, _ = Meeting.objects.get_or_create(body=body, date=date)
        item = AgendaItem.objects.create(
            meeting=meeting,
            item_number=data["item_number"],
            paragraph=data["paragraph"],
            registry_number=data["registry_number"],
            title=f"Uppföljning av {example.TITLE} avseende {data['year']}",
            decision=(
                f"Trygghetsberedningen godkänner uppföljningen av {example.TITLE} avseende "
                f"{data['year']}."
            ),
            summary=data["summary"],
        )
        for order, name in enumerate(data["speakers"], start=1):
            person = people[name]
            Speaker.objects.create(
                agenda_item=item, order=order, person=person, party=person.party, title=person.title
            )
        for note_data in data["notes"]:
            note = ProtocolNote.objects.create(
                agenda_item=item,
                attachment_label=note_data["attachment_label"],
                on_behalf_of=Party.objects.get(abbreviation=note_data["on_behalf_of"]),
                date=date,
                body=note_data["body"],
            )
            for order, name in enumerate(note_data["signatories"], start=1):
                Signatory.objects.create(note=note, order=order, person=people[name])
        return item
