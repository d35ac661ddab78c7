from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from .models import FollowUp

FEED_LENGTH = 20


class PublishedFollowUpsFeed(Feed):
    """Newly published follow-ups, as an Atom feed."""

    feed_type = Atom1Feed
    title = "Publicerade uppföljningar"
    subtitle = "Nya uppföljningar av trygghets- och säkerhetsprogram."
    link = reverse_lazy("home")

    def items(self):
        return (
            FollowUp.objects.published()
            .with_last_change()
            .select_related("program")
            .order_by(F("published_at").desc(nulls_last=True), "-pk")[:FEED_LENGTH]
        )

    def item_title(self, follow_up):
        return str(follow_up)

    def item_description(self, follow_up):
        return f"Samlad bedömning: {follow_up.get_overall_status_display()}. {follow_up.summary}"

    def item_pubdate(self, follow_up):
        return follow_up.published_at

    def item_updateddate(self, follow_up):
        return follow_up.last_change
