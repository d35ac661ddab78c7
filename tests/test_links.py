import pytest
from django.urls import reverse, set_script_prefix

from huddinge_safety.links import number_url

VIEWS = ["followups:goal", "followups:program", "protocols:meeting", "protocols:agenda_item",
         "protocols:body", "protocols:person", "protocols:party"]


@pytest.mark.parametrize("prefix", ["/", "/trygghet/"])
def test_made_urls_are_those_reverse_gives(prefix):
    set_script_prefix(prefix)
    try:
        for viewname in VIEWS:
            for number in (1, 7, 42, 1234567, 2**40):
                assert number_url(viewname, number) == reverse(viewname, args=[number])
    finally:
        set_script_prefix("/")


def test_only_numbers_are_accepted():
    with pytest.raises(ValueError):
        number_url("followups:goal", "1/../admin")
