import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huddinge_safety.settings")
application = get_wsgi_application()

# What has been loaded so far (Django, the apps, their models) lives as long as
# the process: keep the garbage collector from walking it again in every full
# collection, which pages that build many objects would otherwise trigger.
gc.freeze()
