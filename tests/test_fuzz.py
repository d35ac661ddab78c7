"""Random path segments and query strings against every public URL pattern: the
answer may be 404 or 400, never a server error."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.public_urls import fill, public_routes

# Any text, including NUL, control and non-ASCII characters (but not lone
# surrogates, which cannot be encoded into a URL at all).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
NUMBER = st.one_of(
    st.integers(min_value=0, max_value=10**30),
    st.sampled_from([0, 1, 2018, 2019, 2021, 32767, 32768, 2**31, 2**63]),
).map(str)
SEGMENT = st.one_of(NUMBER, TEXT).map(lambda value: quote(value, safe=""))
QUERY_KEYS = st.one_of(st.sampled_from(["q", "page", "body", "year", "sida", "ar", "format"]), TEXT)
# (parameters, extra WSGI environ) for the test client.
QUERY = st.one_of(
    st.dictionaries(QUERY_KEYS, st.lists(TEXT, max_size=3), max_size=4).map(
        lambda parameters: (parameters, {})
    ),
    # Raw query strings, with broken percent escapes and stray separators.
    st.text(st.sampled_from("q=&%;+0aF\x00é?#/"), max_size=30).map(
        lambda raw: (None, {"QUERY_STRING": raw})
    ),
    # Searches made mostly of the operators of web search syntax, in long runs.
    st.text(st.sampled_from('-("!| aö'), max_size=200).map(lambda text: ({"q": [text]}, {})),
)


@pytest.mark.parametrize("route", public_routes())
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_random_requests_never_cause_a_server_error(client, demo, route, data):
    path = fill(route, lambda converter: data.draw(SEGMENT))
    path += "".join(data.draw(st.lists(SEGMENT.map(lambda segment: segment + "/"), max_size=2)))
    parameters, environ = data.draw(QUERY)
    response = client.get(path, parameters, **environ)
    assert response.status_code < 500, (path, parameters, environ)
