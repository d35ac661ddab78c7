from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

# One user in each group of the migrations followups/0002_groups and 0012_coordinators_group.
DEMO_USERS = [
    ("tjansteperson", "Tjänsteperson", gettext_lazy("enters follow-ups and minutes")),
    ("samordnare", "Samordnare", gettext_lazy("assesses every goal and submits follow-ups")),
    ("publicerare", "Publicerare", gettext_lazy("approves and publishes follow-ups")),
]
PASSWORD = "huddinge-demo"  # noqa: S105 -- printed demo password, DEBUG only


class Command(BaseCommand):
    help = (
        "For local development only (refuses to run without DEBUG): creates a demo "
        "official (group Tjänsteperson), coordinator (Samordnare) and publisher "
        "(Publicerare) who can log in to the admin, and prints their passwords. Running it "
        "again changes nothing."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                gettext(
                    "Demo users are only created when DEBUG is on, never in production. "
                    "Create real users with `manage.py createsuperuser` and the admin."
                )
            )
        self.stdout.write(gettext("Demo users for the admin (the password is only valid here):"))
        for username, group_name, role in DEMO_USERS:
            # The address lets the notifications be seen on the console.
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.invalid"}
            )
            if not (user.is_staff and user.check_password(PASSWORD)):
                user.is_staff = True
                user.set_password(PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(f"  {username} / {PASSWORD}  ({group_name}: {role})")
