from django import template

from huddinge_safety.followups.presenters import status_badge

register = template.Library()
register.simple_tag(status_badge)
