from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError

# One user in each group of the migration followups/0002_groups.
DEMO_USERS = [
    ("tjansteperson", "Tjänsteperson", "för in uppföljningar och protokoll"),
    ("publicerare", "Publicerare", "godkänner och publicerar uppföljningar"),
]
PASSWORD = "huddinge-demo"


class Command(BaseCommand):
    help = (
        "For local development only (refuses to run without DEBUG): creates a demo "
        "official (group Tjänsteperson) and a demo publisher (group Publicerare) who can "
        "log in to the admin, and prints their passwords. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demoanvändare skapas bara när DEBUG är på, aldrig i produktion. "
                "Skapa riktiga användare med `manage.py createsuperuser` och admin."
            )
        self.stdout.write("Demoanvändare för admin (lösenordet gäller bara här):")
        for username, group_name, role in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            if not (user.is_staff and user.check_password(PASSWORD)):
                user.is_staff = True
                user.set_password(PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(f"  {username} / {PASSWORD}  ({group_name}: {role})")
