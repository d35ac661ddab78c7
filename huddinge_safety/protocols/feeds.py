import datetime

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huddinge_safety.history import newest_change

from .models import AgendaItem, Meeting

FEED_LENGTH = 20


class LatestMeetingsFeed(Feed):
    """The latest meetings with their agenda items, as an Atom feed."""

    feed_type = Atom1Feed
    title = _("Meetings")
    subtitle = _("The latest meetings and their agenda items.")
    link = reverse_lazy("protocols:meetings")

    def items(self):
        return (
            Meeting.objects.select_related("body")
            .prefetch_related("agenda_items")
            .annotate(
                last_change=newest_change(
                    Meeting.history.filter(id=OuterRef("pk")),
                    AgendaItem.history.filter(meeting_id=OuterRef("pk")),
                )
            )
            .order_by("-pk")[:FEED_LENGTH]
        )

    def item_title(self, meeting):
        return str(meeting)

    def item_description(self, meeting):
        titles = [str(item) for item in meeting.agenda_items.all()]
        if not titles:
            return gettext("No items are recorded.")
        # Atom's summary is type="html": a feed reader unescapes the XML once and
        # renders the result as HTML, so officials' text must be HTML-escaped first.
        return escape(gettext("Items: %(titles)s") % {"titles": "; ".join(titles)})

    def item_updateddate(self, meeting):
        return meeting.last_change

    def item_pubdate(self, meeting):
        if meeting.date is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(meeting.date, datetime.time()))
