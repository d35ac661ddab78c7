from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from huddinge_safety.followups.models import AssessmentStatus, GoalAssessment
from huddinge_safety.followups.signals import step_taken

from . import events


@receiver(step_taken)
def tell_of_step(sender, follow_up, user, **kwargs):
    events.step_taken(follow_up, user)


@receiver(post_save, sender=GoalAssessment)
def tell_if_unit_finished(sender, instance, **kwargs):
    """Once the save has committed, see whether the assessment's unit is done."""
    unit_id = instance.goal.responsible_unit_id
    if unit_id and instance.status != AssessmentStatus.NOT_ASSESSED:
        transaction.on_commit(partial(events.unit_finished, instance.follow_up, unit_id))
