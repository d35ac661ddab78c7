import pytest
from django.urls import reverse, set_script_prefix

from huddinge_safety.links import url_maker


@pytest.mark.parametrize("viewname", ["followups:goal", "followups:program", "protocols:meeting"])
@pytest.mark.parametrize("prefix", ["/", "/trygghet/"])
def test_made_urls_are_those_reverse_gives(viewname, prefix):
    set_script_prefix(prefix)
    try:
        url = url_maker(viewname)
        for number in (1, 7, 42, 1234567, 2**40):
            assert url(number) == reverse(viewname, args=[number])
    finally:
        set_script_prefix("/")


def test_only_numbers_are_accepted():
    with pytest.raises(ValueError):
        url_maker("followups:goal")("1/../admin")
