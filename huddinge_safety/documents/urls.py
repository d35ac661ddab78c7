from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("dokument/<int:pk>/<slug:digest>/<str:name>", views.attachment_file, name="file"),
]
