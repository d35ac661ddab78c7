import datetime
import itertools
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huddinge_safety.followups.models import (
    AssessmentStatus,
    FollowUp,
    GoalAssessment,
    GuidelineAssessment,
)
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

SAMPLE_PREFIX = "Syntetiskt exempelprogram"
WORDS = [
    "trygghet",
    "brottsförebyggande",
    "samverkan",
    "belysning",
    "skolan",
    "polisen",
    "krisberedskap",
    "räddningstjänst",
    "medborgardialog",
    "föreningsliv",
    "nattvandring",
    "kameraövervakning",
    "utbildning",
    "övning",
    "informationssäkerhet",
    "civilförsvar",
    "skadegörelse",
    "klotter",
    "extremism",
    "ungdomar",
    "fritid",
]


class Command(BaseCommand):
    help = (
        "Creates a large, clearly synthetic dataset (programs, areas, goals, indicators, "
        "follow-ups for every year, meetings, agenda items, speakers and protocol notes) "
        "for performance work. Every title says it is synthetic."
    )

    def add_arguments(self, parser):
        parser.add_argument("--programs", type=int, default=20, help="Number of programs.")
        parser.add_argument("--areas", type=int, default=5, help="Areas per program.")
        parser.add_argument("--goals", type=int, default=6, help="Goals per area.")
        parser.add_argument("--years", type=int, default=4, help="Years per program period.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for repeatable data.")

    @transaction.atomic
    def handle(self, *args, programs, areas, goals, years, seed, **options):
        if min(programs, areas, goals, years) < 1:
            raise CommandError(_("Every number must be at least 1."))
        self.random = random.Random(seed)  # noqa: S311 -- repeatable sample data, not secrets
        first = Program.objects.filter(title__startswith=SAMPLE_PREFIX).count() + 1
        parties = [
            Party.objects.get_or_create(
                abbreviation=f"X{n}", defaults={"name": f"Exempelpartiet {n}"}
            )[0]
            for n in range(1, 7)
        ]
        people = Person.objects.bulk_create(
            Person(name=f"Exempelperson {first}-{n}", party=parties[n % len(parties)])
            for n in range(40)
        )
        for number in range(first, first + programs):
            self.create_program(number, parties, people, areas, goals, years)
        # Fresh planner statistics, so that the first searches after a bulk
        # load use the indexes instead of guessing the tables are empty.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Created %(count)d synthetic program.",
                    "Created %(count)d synthetic programs.",
                    programs,
                )
                % {"count": programs}
            )
        )

    def text(self, words=12):
        return " ".join(self.random.choice(WORDS) for _ in range(words)).capitalize() + "."

    def create_program(self, number, parties, people, area_count, goal_count, year_count):
        start = 2000 + number % 20
        body = Body.objects.create(name=f"Syntetiska beredningen {number}")
        program = Program.objects.create(
            title=f"{SAMPLE_PREFIX} {number}",
            start_year=start,
            end_year=start + year_count - 1,
            overall_goal=self.text(20),
            description=self.text(30),
        )
        areas = ResponsibilityArea.objects.bulk_create(
            ResponsibilityArea(program=program, number=n, title=self.text(4), sub_goal=self.text())
            for n in range(1, area_count + 1)
        )
        goals = Goal.objects.bulk_create(
            Goal(area=area, number=n, text=self.text())
            for area in areas
            for n in range(1, goal_count + 1)
        )
        guidelines = Guideline.objects.bulk_create(
            Guideline(program=program, title=f"Exempelriktlinje {n}", description=self.text())
            for n in (1, 2)
        )
        for n in (1, 2, 3):
            indicator = Indicator.objects.create(
                program=program, name=f"Exempelindikator {n}", unit="%"
            )
            indicator.goals.set(goals[n - 1 :: 7])
            IndicatorValue.objects.bulk_create(
                IndicatorValue(
                    indicator=indicator,
                    year=year,
                    geography=geography,
                    value=self.random.randint(40, 95),
                )
                for year in program.years
                for geography in IndicatorValue.Geography.values
            )
        for year in program.years:
            self.create_follow_up(program, year, body, parties, people, goals, guidelines)

    def create_follow_up(self, program, year, body, parties, people, goals, guidelines):
        meeting = Meeting.objects.create(body=body, date=datetime.date(year + 1, 2, 1))
        item = AgendaItem.objects.create(
            meeting=meeting,
            item_number="Ärende 1",
            paragraph="§ 1",
            title=f"Uppföljning av {program} avseende {year}",
            decision=f"Uppföljningen av {program} avseende {year} godkänns.",
            summary=self.text(60),
        )
        Speaker.objects.bulk_create(
            Speaker(agenda_item=item, order=n, person=person, party=person.party)
            for n, person in enumerate(self.random.sample(people, 6), start=1)
        )
        for n, party in enumerate(self.random.sample(parties, 2), start=1):
            note = ProtocolNote.objects.create(
                agenda_item=item,
                attachment_label=f"bilaga 1.{n}",
                on_behalf_of=party,
                date=meeting.date,
                body=self.text(120),
            )
            Signatory.objects.bulk_create(
                Signatory(note=note, order=order, person=person, is_substitute=order == 3)
                for order, person in enumerate(self.random.sample(people, 3), start=1)
            )
        is_last_year = year == program.end_year
        follow_up = FollowUp.objects.create(
            program=program,
            year=year,
            overall_status=self.random.choice(AssessmentStatus.values),
            overall_narrative=self.text(40),
            summary=self.text(40),
            agenda_item=None if is_last_year else item,
        )
        statuses = itertools.cycle(AssessmentStatus.values)
        GoalAssessment.objects.bulk_create(
            GoalAssessment(
                follow_up=follow_up, goal=goal, status=next(statuses), narrative=self.text(50)
            )
            for goal in goals
        )
        GuidelineAssessment.objects.bulk_create(
            GuidelineAssessment(follow_up=follow_up, guideline=guideline, narrative=self.text(40))
            for guideline in guidelines
        )
        if not is_last_year:
            follow_up.record_steps_to(FollowUp.Status.PUBLISHED)
