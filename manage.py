#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huddinge_safety.settings")
    from django.core.management import execute_from_command_line

    from huddinge_safety.database.base import ServerUnreachable

    try:
        execute_from_command_line(sys.argv)
    except ServerUnreachable as error:
        sys.exit(str(error))
