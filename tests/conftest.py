import io

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The demo data loaded from the two source documents."""
    call_command("load_demo", stdout=io.StringIO())
