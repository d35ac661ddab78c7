from django import template

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.protocols.models import AgendaItem, Meeting

from ..models import Attachment

register = template.Library()

OWNER_FIELDS = {Meeting: "meeting", FollowUp: "follow_up"}


@register.simple_tag
def public_attachments(owner):
    """The public attachments of a meeting or a follow-up, or of an agenda item
    together with those of its protocol notes (and what reference or note each
    one is), in one query; corrections matched as ``Attachment.objects.listed``
    matches them."""
    attachments = Attachment.objects.public()
    if isinstance(owner, AgendaItem):
        attachments = attachments.select_related("reference", "note").of_item(owner)
    else:
        attachments = attachments.filter(**{OWNER_FIELDS[type(owner)]: owner})
    return attachments.listed()


@register.filter
def newest_public(attachments):
    """The newest public one of ``attachments`` (already read, e.g. prefetched):
    a correction before the file it supersedes."""
    public = [attachment for attachment in attachments if attachment.is_public]
    return max(public, key=lambda attachment: attachment.pk, default=None)
