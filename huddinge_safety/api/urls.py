from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import routers

from . import views

app_name = "api"


class RootView(routers.APIRootView):
    http_method_names = ["get", "head"]


class SchemaView(SpectacularJSONAPIView):
    http_method_names = ["get", "head"]


class Router(routers.DefaultRouter):
    # path() routes, like the rest of the site (tests/public_urls.py reads them),
    # and no format suffixes: JSON is the only format.
    include_format_suffixes = False
    APIRootView = RootView


router = Router(use_regex_path=False)
router.register("programs", views.ProgramViewSet, basename="program")
router.register("goals", views.GoalViewSet, basename="goal")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("follow-ups", views.FollowUpViewSet, basename="followup")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("parties", views.PartyViewSet, basename="party")
router.register("persons", views.PersonViewSet, basename="person")
router.register("events", views.EventViewSet, basename="event")
router.register("agenda-items", views.AgendaItemViewSet, basename="agendaitem")

urlpatterns = [
    path("", views.DocumentationView.as_view(), name="documentation"),
    path("csv/", views.CsvDocumentationView.as_view(), name="csv_documentation"),
    path("csv/<slug:slug>.csv", views.download, name="download"),
    path("dcat.jsonld", views.dcat_catalogue, name="catalogue"),
    path("v1/openapi.json", SchemaView.as_view(), name="schema"),
    path("v1/", include(router.urls)),
]
