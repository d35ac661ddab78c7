import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from huddinge_safety.programs.models import Program

from ..factories import FollowUpFactory, ProgramFactory, ResponsibilityAreaFactory

pytestmark = pytest.mark.django_db


def test_reversed_period_is_rejected_by_validation_and_database():
    program = Program(title="Baklänges", start_year=2021, end_year=2018)
    with pytest.raises(ValidationError, match="Sista år kan inte ligga före första år"):
        program.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        program.save()


def test_area_numbers_are_unique_within_a_program():
    area = ResponsibilityAreaFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResponsibilityAreaFactory(program=area.program, number=1)
    ResponsibilityAreaFactory(number=1)


def test_period_lists_every_year():
    program = ProgramFactory(start_year=2018, end_year=2021)
    assert program.period == "2018–2021"
    assert list(program.years) == [2018, 2019, 2020, 2021]


def test_period_cannot_shrink_past_its_follow_ups():
    program = FollowUpFactory(program__start_year=2018, program__end_year=2021, year=2021).program
    program.end_year = 2020
    with pytest.raises(
        ValidationError,
        match=r"Programmet har uppföljningar för 2021, som skulle hamna utanför perioden\.",
    ):
        program.full_clean()
    program.end_year = 2022
    program.full_clean()
