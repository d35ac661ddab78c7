"""Once added search vector columns by hand, which the models could not see. The
models declare them now; the next migration adds them and drops the hand-made
ones from databases that this migration had given them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_initial")]

    operations = []
