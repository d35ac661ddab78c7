from django.urls import path

from huddinge_safety.readonly import read_only

from . import views
from .feeds import PublishedFollowUpsFeed

app_name = "followups"

urlpatterns = [
    path("program/<int:pk>/", views.ProgramView.as_view(), name="program"),
    path("mal/<int:pk>/", views.GoalView.as_view(), name="goal"),
    path(
        "program/<int:program_id>/uppfoljning/<int:year>/",
        views.report,
        name="report",
    ),
    path(
        "program/<int:program_id>/uppfoljning/<int:year>/version/<int:number>/",
        views.report,
        name="report_version",
    ),
    path(
        "program/<int:program_id>/uppfoljning/<int:year>/version/<int:number>.pdf",
        views.published_report_pdf,
        name="report_version_pdf",
    ),
    path(
        "program/<int:program_id>/uppfoljning/<int:year>.pdf",
        views.published_report_pdf,
        name="report_pdf",
    ),
    path("uppfoljning/<int:pk>/utkast.pdf", views.draft_report_pdf, name="draft_pdf"),
    path("flode/uppfoljningar/", read_only(PublishedFollowUpsFeed()), name="feed"),
]
