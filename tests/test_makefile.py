"""`make help` lists every target of the Makefile, one line each."""

import re
import subprocess

from django.conf import settings


def test_make_help_lists_every_target_with_a_line_of_its_own():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    targets = re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE)
    assert {"run", "test", "backup", "restore", "db-stop"} <= set(targets)
    result = subprocess.run(
        ["make", "--no-print-directory", "help"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    listed = [line.split()[0] for line in lines]
    assert sorted(listed) == sorted(targets)
    assert all(len(line.split()) > 2 for line in lines), "a target without a description"
