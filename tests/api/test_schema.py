"""A property-based run of the API's OpenAPI schema (schemathesis): requests made
from the schema, with random ids, filters and pages, against the real WSGI
application and database. No answer may be a server error, and every answer
must be what the schema says."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

from .conftest import SECRETS

# The schema as served, made without a request; a test below checks that it is.
# (schemathesis' lazy loading from a fixture does not work with pytest 9.)
SCHEMA = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
schema = schemathesis.openapi.from_dict(SCHEMA)
# The WSGI client does not unzip what the page cache sends gzipped to clients
# that accept it.
PLAIN = {"Accept-Encoding": "identity"}
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]


@pytest.fixture
def wsgi_requests(settings):
    """Requests through the WSGI application within the test's transaction."""
    # The WSGI client of schemathesis asks for the host "localhost".
    settings.ALLOWED_HOSTS = ["localhost"]
    # Made now, so that its middleware reads the test settings (plain http).
    app = get_wsgi_application()
    # As Django's test client does: a request must not close the connection that
    # holds the test's transaction (and so its data).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield app
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_the_schema_tested_is_the_one_served(client, db):
    assert json.loads(client.get(reverse("api:schema")).content) == SCHEMA


@schema.parametrize()
# Bounded so that the whole run takes well under a minute.
@settings(
    max_examples=6,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_conforms_to_the_schema(case, records, wsgi_requests):
    response = case.call_and_validate(app=wsgi_requests, headers=PLAIN, checks=CHECKS)
    # Besides GETs, schemathesis tries methods the API does not allow.
    read = case.method in ("GET", "HEAD")
    assert response.status_code in ((200, 400, 404) if read else (405,))
    for secret in SECRETS:
        assert secret not in response.text


def test_answers_full_of_data_conform_to_the_schema(records, wsgi_requests):
    """Random ids seldom hit a stored object: every list, whole, and the detail
    of every object in it, checked against the schema."""
    for path in SCHEMA["paths"]:
        if "{id}" in path:
            continue
        listed = (
            schema[path]["GET"]
            .Case(query={"page_size": 500})
            .call_and_validate(app=wsgi_requests, headers=PLAIN, checks=CHECKS)
        )
        entries = listed.json()["results"] if path != reverse("api:api-root") else []
        assert entries or path == reverse("api:api-root"), path
        for entry in entries:
            schema[f"{path}{{id}}/"]["GET"].Case(
                path_parameters={"id": entry["id"]}
            ).call_and_validate(app=wsgi_requests, headers=PLAIN, checks=CHECKS)
