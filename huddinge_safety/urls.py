from django.contrib import admin
from django.urls import include, path

from huddinge_safety import health, views

admin.site.site_header = "Trygghet och säkerhet – administration"
admin.site.site_title = "Trygghet och säkerhet"
admin.site.index_title = "Program, uppföljningar och protokoll"

urlpatterns = [
    path("", views.home, name="home"),
    path("sok/", views.search, name="search"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("huddinge_safety.followups.urls")),
    path("", include("huddinge_safety.protocols.urls")),
]
