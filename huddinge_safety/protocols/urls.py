from django.urls import path

from huddinge_safety.readonly import read_only

from . import views
from .feeds import LatestMeetingsFeed

app_name = "protocols"

urlpatterns = [
    path("sammantraden/", views.MeetingListView.as_view(), name="meetings"),
    path("sammantraden/<int:pk>/", views.MeetingView.as_view(), name="meeting"),
    path("organ/", views.BodyListView.as_view(), name="bodies"),
    path("organ/<int:pk>/", views.BodyView.as_view(), name="body"),
    path("arenden/<int:pk>/", views.AgendaItemView.as_view(), name="agenda_item"),
    path("arenden/<int:pk>.pdf", views.agenda_item_pdf, name="agenda_item_pdf"),
    path("personer/", views.PersonListView.as_view(), name="people"),
    path("personer/<int:pk>/", views.PersonView.as_view(), name="person"),
    path("partier/", views.PartyListView.as_view(), name="parties"),
    path("partier/<int:pk>/", views.PartyView.as_view(), name="party"),
    path("flode/sammantraden/", read_only(LatestMeetingsFeed()), name="feed"),
]
