from django.conf import settings


def site(request):
    """The municipality's name, shown in every page header."""
    return {"municipality_name": settings.MUNICIPALITY_NAME}
