from django.contrib.syndication.views import Feed
from django.db.models import F, Prefetch
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext, gettext_lazy

from .models import AssessmentStatus, FollowUp, ReportVersion

FEED_LENGTH = 20


class PublishedFollowUpsFeed(Feed):
    """Newly published follow-ups, as an Atom feed."""

    feed_type = Atom1Feed
    title = gettext_lazy("Published follow-ups")
    subtitle = gettext_lazy("New follow-ups of safety programs.")
    link = reverse_lazy("home")

    def items(self):
        return (
            FollowUp.objects.published()
            .with_last_change()
            .select_related("program")
            .prefetch_related(
                Prefetch(
                    "versions",
                    queryset=ReportVersion.objects.order_by("-number"),
                    to_attr="newest_versions",
                )
            )
            .order_by(F("published_at").desc(nulls_last=True), "-pk")[:FEED_LENGTH]
        )

    def item_title(self, follow_up):
        return str(follow_up)

    def item_description(self, follow_up):
        # The feed's <summary type="html"> holds HTML, which the feed writer
        # escapes once more: officials' text must be escaped as HTML first, or a
        # feed reader would run it as markup.
        content = frozen_content(follow_up)
        return escape(
            gettext("Overall assessment: %(status)s. %(summary)s")
            % {
                "status": AssessmentStatus(content["overall_status"]).label,
                "summary": content["summary"],
            }
        )

    def item_pubdate(self, follow_up):
        return follow_up.published_at

    def item_updateddate(self, follow_up):
        return follow_up.last_change


def frozen_content(follow_up):
    """What the feed says of a follow-up: its newest frozen version, or the live
    row for one loaded as published without the approval step."""
    if follow_up.newest_versions:
        return follow_up.newest_versions[0].content
    return {"overall_status": follow_up.overall_status, "summary": follow_up.summary}
