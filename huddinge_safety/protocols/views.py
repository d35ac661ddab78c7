"""Public pages of the minutes: meetings, agenda items, bodies, people and parties."""

from functools import cached_property

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.views.generic import DetailView, ListView

from huddinge_safety.pdf import cached_pdf_response, file_slug, pdf_version, render_pdf
from huddinge_safety.readonly import ReadOnlyMixin, read_only

from .forms import MeetingFilterForm
from .models import AgendaItem, Body, Meeting, Party, Person, ProtocolNote, Signatory, Speaker

NEWEST_MEETING_FIRST = F("agenda_item__meeting__date").desc(nulls_last=True)
# How many meetings a body's page shows; the meetings list filtered by the body has all.
BODY_PAGE_MEETINGS = 10


class PublicDetailView(ReadOnlyMixin, DetailView):
    """A detail page that anyone may read."""


class PublicListView(ReadOnlyMixin, ListView):
    """A list that anyone may read, a page at a time (``?page=N``)."""

    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["page_range"] = list(
            page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        )
        return context


class MeetingListView(PublicListView):
    """All meetings, newest first, with their items' titles; filtered by body and
    year (``?body=<id>&year=<year>``)."""

    template_name = "protocols/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 20

    @cached_property
    def filter_form(self):
        return MeetingFilterForm(
            self.request.GET, bodies=Body.objects.all(), years=Meeting.objects.years()
        )

    def get_queryset(self):
        return self.filter_form.filter(Meeting.objects.for_list())

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class BodyListView(PublicListView):
    template_name = "protocols/body_list.html"
    context_object_name = "bodies"
    queryset = Body.objects.with_meeting_stats()


class PartyListView(PublicListView):
    template_name = "protocols/party_list.html"
    context_object_name = "parties"
    queryset = Party.objects.with_member_count()


class PersonListView(PublicListView):
    template_name = "protocols/person_list.html"
    context_object_name = "people"
    queryset = Person.objects.select_related("party")


class MeetingView(PublicDetailView):
    template_name = "protocols/meeting.html"
    queryset = Meeting.objects.for_display()


class BodyView(PublicDetailView):
    """A body with its latest meetings."""

    template_name = "protocols/body.html"
    model = Body

    def get_context_data(self, **kwargs):
        meetings = Meeting.objects.filter(body=self.object).for_list()[:BODY_PAGE_MEETINGS]
        return super().get_context_data(meetings=meetings, **kwargs)


class AgendaItemView(PublicDetailView):
    """An agenda item, and the published follow-ups it decided."""

    template_name = "protocols/agenda_item.html"
    context_object_name = "item"
    queryset = AgendaItem.objects.for_page()

    def get_context_data(self, **kwargs):
        # The follow-ups app adds this relation (and its published()) to the item:
        # reading it here keeps the apps' imports pointing one way.
        decided = self.object.follow_ups.published().select_related("program")
        return super().get_context_data(decided_follow_ups=decided, **kwargs)


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


@read_only
def agenda_item_pdf(request, pk):
    """The agenda item as a PDF protokollsutdrag: decision, speakers and notes."""
    item = get_object_or_404(AgendaItem.objects.with_last_change(), pk=pk)
    base_url = request.build_absolute_uri("/")

    def render():
        display = AgendaItem.objects.for_page().get(pk=item.pk)
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
