from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from huddinge_safety.concurrency import ConcurrentChangeMixin

from .models import Unit


@admin.register(Unit)
class UnitAdmin(ConcurrentChangeMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["officials"]
