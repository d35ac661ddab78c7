from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from huddinge_safety import health, views

admin.site.site_header = _("Safety and security – administration")
admin.site.site_title = _("Safety and security")
admin.site.index_title = _("Programs, follow-ups and minutes")

# The public site in Swedish at its unprefixed addresses and in English under
# /en/ (LocaleMiddleware activates the language of the address). The admin, the
# API and the health check stay outside: unprefixed, so always Swedish.
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", include("huddinge_safety.notifications.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("huddinge_safety.api.urls")),
    # Attachments are files, the same in either language.
    path("", include("huddinge_safety.documents.urls")),
    *i18n_patterns(
        path("", views.home, name="home"),
        path("sok/", views.search, name="search"),
        path("", include("huddinge_safety.followups.urls")),
        path("", include("huddinge_safety.protocols.urls")),
        prefix_default_language=False,
    ),
]
