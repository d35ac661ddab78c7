"""What the program page and the follow-up report show beyond model instances:
the status matrix, the report's goals grouped by area, the indicator charts."""

from typing import NamedTuple

from huddinge_safety.goals.charts import IndicatorChart


class GoalRow(NamedTuple):
    """A goal of the status matrix, with its status value, or None, in each
    published follow-up."""

    goal: object
    statuses: list


class StatusMatrix:
    """A program's goals × its published follow-ups, for the program page.

    ``program`` needs its areas and their goals prefetched; ``follow_ups`` is the
    program's published follow-ups, ``.for_status_matrix()``."""

    def __init__(self, program, follow_ups):
        self.follow_ups = list(follow_ups)
        statuses = {
            (assessment.follow_up_id, assessment.goal_id): assessment.status
            for follow_up in self.follow_ups
            for assessment in follow_up.goal_assessments.all()
        }
        self.areas = [
            (area, [
                GoalRow(goal, [statuses.get((follow_up.pk, goal.pk))
                               for follow_up in self.follow_ups])
                for goal in area.goals.all()
            ])
            for area in program.areas.all()
        ]


def report_context(follow_up):
    """The context of the report template (page and PDF) for ``follow_up``, fetched
    with ``FollowUp.objects.for_report()``: the follow-up, its goal assessments by
    area, and a chart of each of the program's indicators."""
    by_area = {}
    for assessment in follow_up.goal_assessments.all():
        by_area.setdefault(assessment.goal.area_id, []).append(assessment)
    return {
        "follow_up": follow_up,
        "areas": [(area, by_area.get(area.pk, [])) for area in follow_up.program.areas.all()],
        "charts": [IndicatorChart(indicator) for indicator in follow_up.program.indicators.all()],
    }
