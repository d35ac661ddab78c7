"""What the follow-ups app tells other apps (the notifications) about."""

from django.dispatch import Signal

# Sent inside the transaction of a workflow step, after the follow-up is saved,
# with the arguments ``follow_up`` and ``user`` (who took the step); the new
# status is ``follow_up.status``.
step_taken = Signal()
