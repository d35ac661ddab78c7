"""What published follow-ups decided, read from their frozen report versions.

A published follow-up's newest ``ReportVersion`` holds its report as decided
(and as corrected since); one decided before versions existed is read from its
current rows, as its public report is (see ``freeze_decided_follow_ups``)."""

from collections import defaultdict

from django.db.models import Prefetch

from huddinge_safety.followups.models import FollowUp, ReportVersion
from huddinge_safety.followups.presenters import report_content


def with_decided_version(follow_ups):
    """``follow_ups`` with their newest version prefetched as ``decided_versions``."""
    return follow_ups.prefetch_related(
        Prefetch(
            "versions",
            queryset=ReportVersion.objects.newest_published(),
            to_attr="decided_versions",
        )
    )


def decided_contents(follow_ups):
    """The report content of each of ``follow_ups`` (published, from
    ``with_decided_version()``), by follow-up id."""
    contents = {
        follow_up.pk: follow_up.decided_versions[0].content
        for follow_up in follow_ups
        if follow_up.decided_versions
    }
    unfrozen = [follow_up.pk for follow_up in follow_ups if follow_up.pk not in contents]
    if unfrozen:
        for follow_up in FollowUp.objects.for_report().filter(pk__in=unfrozen):
            contents[follow_up.pk] = report_content(follow_up)
    return contents


def decided_reports(follow_ups):
    """``(follow-up, content)`` of each of the published ``follow_ups`` (a queryset)."""
    follow_ups = list(with_decided_version(follow_ups))
    contents = decided_contents(follow_ups)
    return [(follow_up, contents[follow_up.pk]) for follow_up in follow_ups]


def decided_goal_statuses(program_ids):
    """Each goal's status and narrative in every published follow-up of the
    programs ``program_ids``, oldest year first: ``{goal id: [(follow-up, goal's
    content)]}``, the content as the report holds it (id, code, text, status,
    narrative)."""
    statuses = defaultdict(list)
    for follow_up, content in decided_reports(
        FollowUp.objects.published().filter(program_id__in=program_ids).order_by("year")
    ):
        for area in content["areas"]:
            for goal in area["goals"]:
                statuses[goal["id"]].append((follow_up, goal))
    return statuses
