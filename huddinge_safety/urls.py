from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from huddinge_safety import health, views

admin.site.site_header = _("Safety and security – administration")
admin.site.site_title = _("Safety and security")
admin.site.index_title = _("Programs, follow-ups and minutes")

urlpatterns = [
    path("", views.home, name="home"),
    path("sok/", views.search, name="search"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", include("huddinge_safety.notifications.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("huddinge_safety.api.urls")),
    path("", include("huddinge_safety.followups.urls")),
    path("", include("huddinge_safety.protocols.urls")),
    path("", include("huddinge_safety.documents.urls")),
]
