"""The admin's history pages in words people read."""

import datetime
from decimal import Decimal

from django.db.models import ManyToManyField
from django.utils.formats import date_format, localize
from django.utils.timezone import localtime
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from huddinge_safety.history import describe


class ReadableChanges(HistoricalRecordContextHelper):
    """The changes between two history records as the form shows them: field
    labels, choice labels, yes and no, localised dates and numbers, related
    rows by name, and an empty value as ”(tomt)”."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, ManyToManyField):
            return ", ".join(map(readable, super().prepare_delta_change_value(change, value)))
        if field.choices and value not in (None, ""):
            return dict(field.flatchoices).get(value, value)
        return readable(value)


def readable(value):
    if isinstance(value, DeletedObject):
        if value.pk is None:
            return gettext("(empty)")
        return gettext("deleted %(thing)s") % {"thing": value.model._meta.verbose_name}
    if value is None or value == "":
        return gettext("(empty)")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return date_format(localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date | Decimal | float | int):
        return localize(value)
    return str(value)


# The history page names this many of the newest changes to the rows of inlines.
ROW_CHANGES_SHOWN = 100


class HistoryAdmin(SimpleHistoryAdmin):
    """Django-simple-history's admin, its history in words people read: the
    changes as the form shows them and, for an admin whose ``change_histories``
    name the histories of its inlines, the rows added,
    changed and deleted there, as sentences."""

    object_history_template = "admin/readable_object_history.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def change_histories(self, object_id):
        """The history querysets of everything the change form edits: the object
        and the models of its inlines. Extend for the inlines."""
        return [self.model.history.filter(id=object_id)]

    def history_view(self, request, object_id, extra_context=None):
        row_histories = self.change_histories(object_id)[1:]
        records = sorted(
            (
                record
                for history in row_histories
                for record in history.select_related("history_user").order_by("-history_date")[
                    :ROW_CHANGES_SHOWN
                ]
            ),
            key=lambda record: record.history_date,
            reverse=True,
        )[:ROW_CHANGES_SHOWN]
        context = {"row_changes": [describe(record) for record in records], **(extra_context or {})}
        return super().history_view(request, object_id, context)
