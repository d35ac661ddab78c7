"""The open data: the read-only JSON API, its documentation, the CSV files and
the DCAT-AP-SE catalogue. Only published data; GET and HEAD only."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from rest_framework import viewsets
from rest_framework.response import Response

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.goals.models import Goal, Indicator
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import (
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    Party,
    Person,
)

from . import filters, serializers
from .catalogue import catalogue
from .conditional import versioned
from .decided import decided_contents, decided_goal_statuses, with_decided_version
from .downloads import DOWNLOADS


def published_follow_ups():
    return Prefetch(
        "follow_ups",
        queryset=FollowUp.objects.published().order_by("year"),
        to_attr="published_follow_ups",
    )


@method_decorator(versioned, name="dispatch")
class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and detail of public objects. ``decorate()`` adds to the page of
    objects what their serializer needs beyond the queryset, in fixed queries."""

    lookup_value_converter = "int"
    http_method_names = ["get", "head"]

    def decorate(self, objects):
        return {}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(), **self.decorate(page)}
        serializer = self.get_serializer_class()(page, many=True, context=context)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        context = {**self.get_serializer_context(), **self.decorate([instance])}
        return Response(self.get_serializer_class()(instance, context=context).data)


class ProgramViewSet(PublicViewSet):
    """Programs with their responsibility areas, goals, guidelines, indicators
    and published follow-ups."""

    queryset = Program.objects.select_related("adopted_by").prefetch_related(
        "areas__goals", "guidelines", "indicators", published_follow_ups()
    )
    serializer_class = serializers.ProgramSerializer
    filterset_class = filters.ProgramFilter


class GoalViewSet(PublicViewSet):
    """Goals with their status in every published follow-up, as decided."""

    queryset = Goal.objects.select_related("area__program").prefetch_related("indicators")
    serializer_class = serializers.GoalSerializer
    filterset_class = filters.GoalFilter

    def decorate(self, goals):
        return {"statuses": decided_goal_statuses({goal.area.program_id for goal in goals})}


class IndicatorViewSet(PublicViewSet):
    """Indicators with their values per year and geography."""

    queryset = Indicator.objects.prefetch_related("goals", "values")
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter


class FollowUpViewSet(PublicViewSet):
    """Published follow-ups as decided: from their newest report version."""

    queryset = with_decided_version(FollowUp.objects.published())
    serializer_class = serializers.FollowUpSerializer
    filterset_class = filters.FollowUpFilter

    def decorate(self, follow_ups):
        contents = decided_contents(follow_ups)
        for follow_up in follow_ups:
            follow_up.content = contents[follow_up.pk]
        return {}


class OrganizationViewSet(PublicViewSet):
    """The bodies that meet: committees and boards."""

    queryset = Body.objects.all()
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilter


class PartyViewSet(PublicViewSet):
    queryset = Party.objects.all()
    serializer_class = serializers.PartySerializer
    filterset_class = filters.PartyFilter


class PersonViewSet(PublicViewSet):
    """Members and officials, with their party as currently known."""

    queryset = Person.objects.all()
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter


class EventViewSet(PublicViewSet):
    """Meetings, with their agenda."""

    queryset = Meeting.objects.select_related("body").prefetch_related(
        "agenda_items",
        "adjusters",
        Prefetch("attendances", queryset=Attendance.objects.select_related("person")),
    )
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter


class AgendaItemViewSet(PublicViewSet):
    """Agenda items with their decision, speakers and notes."""

    queryset = AgendaItem.objects.for_display().prefetch_related(published_follow_ups())
    serializer_class = serializers.AgendaItemSerializer
    filterset_class = filters.AgendaItemFilter


@method_decorator(require_safe, name="dispatch")
class DocumentationView(TemplateView):
    template_name = "api/documentation.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(license=settings.OPEN_DATA_LICENSE, **kwargs)


@method_decorator(require_safe, name="dispatch")
class CsvDocumentationView(TemplateView):
    template_name = "api/csv_documentation.html"
    extra_context = {"downloads": DOWNLOADS.values()}


@require_safe
@versioned
def download(request, slug):
    """One CSV file, filtered by the query's parameters (400 if one is wrong)."""
    if slug not in DOWNLOADS:
        raise Http404
    chosen = DOWNLOADS[slug]
    form = chosen.filter_form(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(
            "\n".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()),
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chosen.filename}"'
    chosen.write(response, form.cleaned_data)
    return response


@require_safe
@versioned
def dcat_catalogue(request):
    return JsonResponse(
        catalogue(request.build_absolute_uri),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
