"""Public pages of the minutes: meetings, agenda items, bodies, people and parties."""

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from huddinge_safety.pdf import cached_pdf_response, file_slug, pdf_version, render_pdf

from .models import AgendaItem, Body, Meeting, Party, Person, ProtocolNote, Signatory, Speaker

NEWEST_MEETING_FIRST = F("agenda_item__meeting__date").desc(nulls_last=True)


class PublicDetailView(DetailView):
    """A detail page that anyone may read: GET and HEAD only."""

    http_method_names = ["get", "head"]


class MeetingListView(ListView):
    """All meetings, grouped by body, newest first within each body."""

    http_method_names = ["get", "head"]
    template_name = "protocols/meeting_list.html"
    context_object_name = "meetings"
    queryset = (
        Meeting.objects.with_item_count()
        .select_related("body")
        .order_by("body__name", F("date").desc(nulls_last=True), "pk")
    )


class MeetingView(PublicDetailView):
    template_name = "protocols/meeting.html"
    queryset = Meeting.objects.for_display()


class BodyView(PublicDetailView):
    template_name = "protocols/body.html"
    queryset = Body.objects.prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.with_item_count())
    )


class AgendaItemView(PublicDetailView):
    template_name = "protocols/agenda_item.html"
    context_object_name = "item"
    queryset = AgendaItem.objects.for_display()


class PersonView(PublicDetailView):
    """A person's speeches and the notes they signed, newest meeting first."""

    template_name = "protocols/person.html"
    queryset = Person.objects.select_related("party").prefetch_related(
        Prefetch(
            "speeches",
            queryset=Speaker.objects.select_related("agenda_item__meeting__body", "party").order_by(
                NEWEST_MEETING_FIRST, "agenda_item", "order"
            ),
        ),
        Prefetch(
            "signatures",
            queryset=Signatory.objects.select_related(
                "note__agenda_item__meeting__body", "note__on_behalf_of"
            ).order_by(F("note__agenda_item__meeting__date").desc(nulls_last=True), "note"),
        ),
    )


class PartyView(PublicDetailView):
    """A party's notes across meetings: on its behalf or signed by its members."""

    template_name = "protocols/party.html"
    queryset = Party.objects.prefetch_related("members")

    def get_context_data(self, **kwargs):
        notes = (
            ProtocolNote.objects.by_party(self.object)
            .select_related("agenda_item__meeting__body")
            .order_by(NEWEST_MEETING_FIRST, "agenda_item", "attachment_label", "pk")
        )
        return super().get_context_data(notes=notes, **kwargs)


@require_safe
def agenda_item_pdf(request, pk):
    """The agenda item as a PDF protokollsutdrag: decision, speakers and notes."""
    item = get_object_or_404(AgendaItem.objects.with_last_change(), pk=pk)
    base_url = request.build_absolute_uri("/")

    def render():
        display = AgendaItem.objects.for_display().get(pk=item.pk)
        return render_pdf(
            "protocols/agenda_item_pdf.html",
            {"item": display},
            base_url=base_url,
            title=gettext("Extract from the minutes: %(item)s") % {"item": display},
            subject=gettext("Extract from the minutes of %(meeting)s")
            % {"meeting": display.meeting},
        )

    return cached_pdf_response(
        request,
        version=pdf_version("agenda-item", item.pk, item.last_change, base_url),
        last_modified=item.last_change,
        filename=gettext("extract-from-the-minutes-%(number)s-%(slug)s.pdf")
        % {
            "number": item.pk,
            "slug": file_slug(item.title),
        },
        render=render,
        public=True,
    )
