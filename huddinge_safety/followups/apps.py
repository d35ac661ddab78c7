from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "huddinge_safety.followups"
    verbose_name = "Uppföljningar"
