"""The yearly follow-up of a program and its per-goal and per-guideline assessments."""

import hashlib
import json

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from huddinge_safety.goals.models import Goal, Indicator, IndicatorValue
from huddinge_safety.history import newest_change
from huddinge_safety.organisation.models import Unit
from huddinge_safety.programs.models import (
    Guideline,
    Program,
    ResponsibilityArea,
    year_validators,
)
from huddinge_safety.protocols.models import (
    AgendaItem,
    ProtocolNote,
    Recusal,
    Speaker,
    Vote,
    agenda_item_histories,
)
from huddinge_safety.search import stored_search_vector

from .signals import step_taken


class AssessmentStatus(models.TextChoices):
    """How far a goal (or the program as a whole) has come. Each status has a
    symbol so that it is never told by colour alone."""

    FULFILLED = "fulfilled", _("Fulfilled")
    ON_TRACK = "on_track", _("On track")
    PARTLY_ON_TRACK = "partly_on_track", _("Partly on track")
    NOT_ON_TRACK = "not_on_track", _("Not on track")
    NOT_STARTED = "not_started", _("Not started")
    NOT_ASSESSED = "not_assessed", _("Not assessed")

    @property
    def symbol(self):
        return STATUS_SYMBOLS[self]


STATUS_SYMBOLS = {
    AssessmentStatus.FULFILLED: "✓",
    AssessmentStatus.ON_TRACK: "●",
    AssessmentStatus.PARTLY_ON_TRACK: "◐",
    AssessmentStatus.NOT_ON_TRACK: "✗",
    AssessmentStatus.NOT_STARTED: "○",
    AssessmentStatus.NOT_ASSESSED: "–",
}


class FollowUpQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=FollowUp.Status.PUBLISHED)

    def for_report(self):
        """Everything the report page shows, in a fixed number of queries."""
        return self.select_related("program", "agenda_item__meeting__body").prefetch_related(
            "program__areas",
            Prefetch(
                "goal_assessments",
                queryset=GoalAssessment.objects.select_related("goal__area"),
            ),
            Prefetch(
                "guideline_assessments",
                queryset=GuidelineAssessment.objects.select_related("guideline"),
            ),
            "program__indicators__values",
            "agenda_item__document_references",
            Prefetch(
                "agenda_item__speakers", queryset=Speaker.objects.select_related("person", "party")
            ),
            Prefetch("agenda_item__notes", queryset=ProtocolNote.objects.for_display()),
            Prefetch("agenda_item__recusals", queryset=Recusal.objects.for_display()),
            Prefetch("agenda_item__votes", queryset=Vote.objects.for_display()),
        )

    def with_last_change(self):
        """Annotate ``last_change``: when anything the report (and its PDF) shows last
        changed: the follow-up, its assessments, the program's areas, goals, guidelines,
        indicators and values, and the agenda item that decided it. One query."""
        program = OuterRef("program_id")
        program_areas = ResponsibilityArea.objects.filter(program=OuterRef(program))
        program_indicators = Indicator.objects.filter(program=OuterRef(program))
        return self.annotate(
            last_change=newest_change(
                FollowUp.history.filter(id=OuterRef("pk")),
                GoalAssessment.history.filter(follow_up_id=OuterRef("pk")),
                GuidelineAssessment.history.filter(follow_up_id=OuterRef("pk")),
                Program.history.filter(id=program),
                ResponsibilityArea.history.filter(program_id=program),
                Goal.history.filter(area_id__in=program_areas.values("pk")),
                Guideline.history.filter(program_id=program),
                Indicator.history.filter(program_id=program),
                IndicatorValue.history.filter(indicator_id__in=program_indicators.values("pk")),
                *agenda_item_histories("agenda_item__pk"),
            )
        )

    @transaction.atomic
    def create_for_year(self, program, year, **fields):
        """Create the follow-up of ``program`` for ``year`` with one assessment per
        goal and per guideline of the program, ready to be filled in."""
        follow_up = self.model(program=program, year=year, **fields)
        follow_up.full_clean()
        follow_up.save()
        bulk_create_with_history(
            [
                GoalAssessment(follow_up=follow_up, goal=goal)
                for goal in Goal.objects.filter(area__program=program)
            ],
            GoalAssessment,
        )
        bulk_create_with_history(
            [
                GuidelineAssessment(follow_up=follow_up, guideline=guideline)
                for guideline in program.guidelines.all()
            ],
            GuidelineAssessment,
        )
        return follow_up


def step_taken_by(verbose_name):
    """Who took a workflow step; kept (as nobody) if the user is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )


class FollowUp(models.Model):
    """The follow-up (uppföljning) of one program for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    program = models.ForeignKey(
        Program, models.PROTECT, related_name="follow_ups", verbose_name=_("program")
    )
    year = models.PositiveSmallIntegerField(_("year covered"), validators=year_validators)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    overall_status = models.CharField(
        _("overall assessment"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.NOT_ASSESSED,
    )
    overall_narrative = models.TextField(_("reasons for the overall assessment"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_(
            "When the units are to have assessed their goals. Units with goals left are "
            "reminded by email before it."
        ),
    )
    document_reference = models.CharField(
        _("document reference"),
        max_length=500,
        blank=True,
        help_text=_(
            "E.g. ”bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den 6 februari 2020”."
        ),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("decided in agenda item"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    submitted_by = step_taken_by(_("submitted by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    approved_by = step_taken_by(_("approved by"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = step_taken_by(_("published by"))
    sent_back_at = models.DateTimeField(_("sent back"), null=True, blank=True, editable=False)
    sent_back_by = step_taken_by(_("sent back by"))
    sent_back_comment = models.TextField(_("comment on sending back"), blank=True, editable=False)
    search_vector = stored_search_vector("summary", "overall_narrative")
    history = HistoricalRecords(excluded_fields=["search_vector"])

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["program", "-year"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        permissions = [
            ("publish_followup", _("Can approve and publish follow-ups")),
            (
                "coordinate_followup",
                _("Can assess every goal and guideline of a follow-up and submit it"),
            ),
        ]
        indexes = [GinIndex(fields=["search_vector"], name="followup_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year"],
                name="one_follow_up_per_program_and_year",
                violation_error_message=_("The program already has a follow-up for this year."),
            ),
        ]

    def __str__(self):
        return gettext("Follow-up of %(program)s for %(year)s") % {
            "program": self.program,
            "year": self.year,
        }

    def save(self, *args, **kwargs):
        """Save a stored follow-up's content, never its workflow fields.

        The status and who took each step when are written by the step methods
        alone (they name the fields in ``update_fields``). Any other save, by
        the change form, a history revert or an import, keeps them as they are
        in the database, under a row lock, and takes them over into this
        instance, so that its history record tells the truth too. A decided
        (approved or published) follow-up is never saved this way."""
        if self._state.adding or kwargs.get("update_fields") is not None:
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            stored = FollowUp.objects.select_for_update().values(*WORKFLOW_ATTNAMES).get(pk=self.pk)
            for attname, value in stored.items():
                setattr(self, attname, value)
            if self.is_locked:
                # The database refuses it too; this says why in words.
                raise ValidationError(LOCKED_MESSAGE)
            super().save(*args, update_fields=CONTENT_FIELDS, **kwargs)

    def get_absolute_url(self):
        return reverse("followups:report", args=[self.program_id, self.year])

    @property
    def search_title(self):
        return str(self)

    def clean(self):
        super().clean()
        # Checked against the stored row: the instance being cleaned may carry
        # edits (or, when reverting, an old version) that hide the real status.
        if self.pk and FollowUp.objects.filter(pk=self.pk, status__in=LOCKED_STATUSES).exists():
            raise ValidationError(LOCKED_MESSAGE)
        # The period lives on the program, so no CHECK constraint can see it.
        if self.program_id and self.year and self.year not in self.program.years:
            raise ValidationError(
                {
                    "year": _("The year %(year)s is outside the program period %(period)s.")
                    % {"year": self.year, "period": self.program.period}
                }
            )

    @property
    def is_locked(self):
        """Approved and published follow-ups are the decided record: nobody edits them."""
        return self.status in LOCKED_STATUSES

    def unassessed_goals(self):
        """The goals still ”not assessed” in this follow-up, in program order."""
        return (
            Goal.objects.filter(
                assessments__follow_up=self,
                assessments__status=AssessmentStatus.NOT_ASSESSED,
            )
            .select_related("area")
            .order_by("area__number", "number")
        )

    def agenda_item_candidates(self):
        """Agenda items that may have decided this follow-up, newest meeting first:
        those of the program's committee, that is the body that adopted the
        program or decided one of its follow-ups; of every body while none is
        known."""
        decided = FollowUp.objects.filter(
            program=self.program_id, agenda_item__isnull=False
        ).values("agenda_item__meeting__body")
        adopted = Program.objects.filter(pk=self.program_id, adopted_by__isnull=False).values(
            "adopted_by"
        )
        items = AgendaItem.objects.select_related("meeting__body").order_by(
            models.F("meeting__date").desc(nulls_last=True), "-pk"
        )
        committee = models.Q(meeting__body__in=decided) | models.Q(meeting__body__in=adopted)
        if items.filter(committee).exists():
            return items.filter(committee)
        return items

    @transaction.atomic
    def submit(self, user, confirm_unassessed=False):
        """Hand the draft in for approval. Goals left unassessed must be
        confirmed (``confirm_unassessed``), so that none is forgotten."""
        if not user.has_perm("followups.coordinate_followup"):
            raise PermissionDenied(_("Only a coordinator can submit follow-ups."))
        self._lock_and_expect(
            [self.Status.DRAFT],
            _("The follow-up can only be submitted while it is a draft. It is now %(status)s."),
        )
        unassessed = [goal.code for goal in self.unassessed_goals()]
        if unassessed and not confirm_unassessed:
            raise ValidationError(
                [
                    ngettext(
                        "%(count)s goal is not assessed: %(goals)s.",
                        "%(count)s goals are not assessed: %(goals)s.",
                        len(unassessed),
                    )
                    % {"count": len(unassessed), "goals": ", ".join(unassessed)},
                    gettext("Confirm that the follow-up is to be submitted anyway."),
                ],
                code="unassessed_goals",
            )
        self._record_step(user, self.Status.SUBMITTED)

    @transaction.atomic
    def send_back(self, user, comment):
        """Return the submitted follow-up to its officials as a draft, with
        ``comment`` saying what to change; the comment is shown on its page."""
        self._require_publisher(user)
        if not comment.strip():
            raise ValidationError({"comment": _("Write what is to be changed.")})
        self._lock_and_expect(
            [self.Status.SUBMITTED],
            _("Only a submitted follow-up can be sent back. It is now %(status)s."),
        )
        self._record_step(
            user,
            self.Status.DRAFT,
            sent_back_comment=comment.strip(),
            submitted_by=None,
            submitted_at=None,
        )

    @transaction.atomic
    def approve(self, user, agenda_item):
        """Record that ``agenda_item`` approved the submitted follow-up. Locks it."""
        self._require_publisher(user)
        if agenda_item is None:
            raise ValidationError(
                {"agenda_item": _("Give the agenda item at which the follow-up was approved.")}
            )
        self._lock_and_expect(
            [self.Status.SUBMITTED],
            _("The follow-up must be submitted before it can be approved. It is now %(status)s."),
        )
        self._record_step(user, self.Status.APPROVED, agenda_item=agenda_item)
        ReportVersion.objects.freeze(self, user)

    @transaction.atomic
    def publish(self, user):
        """Make the approved follow-up public."""
        self._require_publisher(user)
        self._lock_and_expect(
            [self.Status.APPROVED],
            _("The follow-up must be approved before it can be published. It is now %(status)s."),
        )
        self._record_step(user, self.Status.PUBLISHED)

    @transaction.atomic
    def correct(self, user, content, reason):
        """Issue a correction (rättelse) of the decided report: a new version
        holding ``content``, with ``reason`` shown beside it. Nothing else
        changes; the earlier versions stay as they were."""
        self._require_publisher(user)
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason for the correction.")})
        self._lock_and_expect(
            LOCKED_STATUSES,
            _("Only an approved follow-up can be corrected. It is now %(status)s."),
        )
        return ReportVersion.objects.freeze(self, user, content=content, reason=reason.strip())

    @transaction.atomic
    def record_steps_to(self, status):
        """Take this follow-up, filled in, through the workflow steps up to
        ``status``, as a record from outside this application (demo data, an
        import): each step in order, its report frozen at approval as
        ``approve()`` does, but without who and when (its page says ”Not
        recorded”)."""
        statuses = list(self.Status)
        for step in statuses[statuses.index(self.status) + 1 : statuses.index(status) + 1]:
            self.status = step
            self.save(update_fields=["status"])
            if step == self.Status.APPROVED:
                ReportVersion.objects.freeze(self, None)

    @staticmethod
    def _require_publisher(user):
        if not user.has_perm("followups.publish_followup"):
            raise PermissionDenied(
                _("Only publishers can send back, approve and publish follow-ups.")
            )

    def _lock_and_expect(self, expected, wrong_status_message):
        """Lock the row until the step's transaction ends, so that neither a
        second click nor a save of the change form runs in between, and check
        that the stored follow-up is at one of the ``expected`` statuses."""
        stored = FollowUp.objects.select_for_update().only("status").get(pk=self.pk)
        if stored.status not in expected:
            raise ValidationError(
                wrong_status_message % {"status": stored.get_status_display().lower()}
            )

    def _record_step(self, user, new_status, **fields):
        """Move to ``new_status``, recording who did it and when."""
        step = STEP_FIELDS[new_status]
        fields.update({"status": new_status, f"{step}_by": user, f"{step}_at": timezone.now()})
        for name, value in fields.items():
            setattr(self, name, value)
        self._history_user = user
        self.save(update_fields=list(fields))
        step_taken.send(sender=FollowUp, follow_up=self, user=user)


LOCKED_STATUSES = (FollowUp.Status.APPROVED, FollowUp.Status.PUBLISHED)
LOCKED_MESSAGE = _("The follow-up is approved and therefore locked. It cannot be changed.")
# Who and when of each workflow step is kept in <step>_by and <step>_at; sending
# back to draft is the step "sent_back".
STEP_FIELDS = {
    FollowUp.Status.DRAFT: "sent_back",
    FollowUp.Status.SUBMITTED: "submitted",
    FollowUp.Status.APPROVED: "approved",
    FollowUp.Status.PUBLISHED: "published",
}
# Only the step methods write these; see FollowUp.save().
WORKFLOW_FIELDS = [
    "status",
    "agenda_item",
    "sent_back_comment",
    *(f"{step}_{suffix}" for step in STEP_FIELDS.values() for suffix in ("at", "by")),
]
WORKFLOW_ATTNAMES = [FollowUp._meta.get_field(name).attname for name in WORKFLOW_FIELDS]
CONTENT_FIELDS = [
    field.name
    for field in FollowUp._meta.concrete_fields
    if not field.primary_key and not field.generated and field.name not in WORKFLOW_FIELDS
]


def cascade_unless_decided(collector, field, sub_objs, using):
    """``on_delete`` of an assessment's goal or guideline: deleting it deletes
    its assessments (CASCADE), unless one belongs to an approved or published
    follow-up. Then it is refused (PROTECT), and the admin's delete page lists
    those assessments, where the database's refusal would be an error."""
    decided = sub_objs.filter(follow_up__status__in=LOCKED_STATUSES)
    if decided:
        raise models.ProtectedError(
            f"{field.remote_field.model.__name__} has assessments in decided follow-ups.",
            decided,
        )
    models.CASCADE(collector, field, sub_objs, using)


def assessment_editor(user):
    """Whether ``user`` may change the assessment of what a unit answers for, as a
    test of the unit's id: a coordinator changes all, another official the
    goals and guidelines of their own units only (one query, whatever the
    number of rows tested)."""
    if user.has_perm("followups.coordinate_followup"):
        return lambda unit_id: True
    own = frozenset(Unit.objects.of_user(user).values_list("pk", flat=True))
    return lambda unit_id: unit_id is not None and unit_id in own


class GoalAssessmentQuerySet(models.QuerySet):
    def with_previous_status(self):
        """Annotate each assessment with the goal's status in the latest earlier
        follow-up (``previous_year``, ``previous_status``), in the same query."""
        earlier = self.model.objects.filter(
            goal=models.OuterRef("goal"), follow_up__year__lt=models.OuterRef("follow_up__year")
        ).order_by("-follow_up__year")
        return self.annotate(
            previous_year=models.Subquery(earlier.values("follow_up__year")[:1]),
            previous_status=models.Subquery(earlier.values("status")[:1]),
            previous_narrative=models.Subquery(earlier.values("narrative")[:1]),
        )

    def progress_by_unit(self):
        """Goals and assessed goals per responsible unit (``unit_name`` is None
        for goals no unit answers for), in one query."""
        return (
            self.values(unit_id=models.F("goal__responsible_unit"))
            .annotate(
                unit_name=models.F("goal__responsible_unit__name"),
                goals=models.Count("pk"),
                assessed=models.Count("pk", filter=~models.Q(status=AssessmentStatus.NOT_ASSESSED)),
            )
            .order_by(models.F("unit_name").asc(nulls_last=True))
        )

    def published(self):
        """Assessments of published follow-ups only, oldest year first."""
        return (
            self.filter(follow_up__status=FollowUp.Status.PUBLISHED)
            .select_related("follow_up")
            .order_by("follow_up__year")
        )


class GoalAssessment(models.Model):
    """Status and narrative of one goal in one follow-up."""

    follow_up = models.ForeignKey(
        FollowUp, models.CASCADE, related_name="goal_assessments", verbose_name=_("follow-up")
    )
    goal = models.ForeignKey(
        Goal, cascade_unless_decided, related_name="assessments", verbose_name=_("goal")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.NOT_ASSESSED,
    )
    narrative = models.TextField(_("work done during the year"), blank=True)
    search_vector = stored_search_vector("narrative")
    history = HistoricalRecords(excluded_fields=["search_vector"])

    objects = GoalAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["follow_up_id", "goal__area__number", "goal__number"]
        verbose_name = _("goal assessment")
        verbose_name_plural = _("goal assessments")
        indexes = [GinIndex(fields=["search_vector"], name="goalassessment_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "goal"],
                name="one_assessment_per_goal_and_follow_up",
                violation_error_message=_("The goal is already assessed in this follow-up."),
            ),
        ]

    def __str__(self):
        return f"{self.goal} ({self.get_status_display()})"

    def get_absolute_url(self):
        return self.goal.get_absolute_url()

    @property
    def search_title(self):
        return f"{self.goal.search_title}, {self.follow_up.year}"


class GuidelineAssessment(models.Model):
    """The yearly follow-up of one guideline."""

    follow_up = models.ForeignKey(
        FollowUp,
        models.CASCADE,
        related_name="guideline_assessments",
        verbose_name=_("follow-up"),
    )
    guideline = models.ForeignKey(
        Guideline,
        cascade_unless_decided,
        related_name="assessments",
        verbose_name=_("guideline"),
    )
    narrative = models.TextField(_("follow-up"), blank=True)
    search_vector = stored_search_vector("narrative")
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["follow_up_id", "guideline_id"]
        verbose_name = _("guideline follow-up")
        verbose_name_plural = _("guideline follow-ups")
        indexes = [GinIndex(fields=["search_vector"], name="guidelineassessment_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "guideline"],
                name="one_assessment_per_guideline_and_follow_up",
                violation_error_message=_(
                    "The guideline is already followed up in this follow-up."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.guideline} ({self.follow_up.year})"

    def get_absolute_url(self):
        return f"{self.follow_up.get_absolute_url()}#riktlinjer"

    @property
    def search_title(self):
        return f"{self.guideline}, {self.follow_up.year}"


LOCKED_SQL = "('approved', 'published')"
# The columns the publish step may set on an approved follow-up.
PUBLISH_STEP_COLUMNS = "- 'status' - 'published_at' - 'published_by_id'"

# The decided record is guarded in the database, whatever code or SQL writes.
# The triggers are registered here, together, rather than in each Meta.

# An assessment's status lives on its follow-up: a condition on another table
# needs a function body.
# OLD is NULL on INSERT, NEW on DELETE; an UPDATE may not move an assessment
# into a decided follow-up either.
pgtrigger.Trigger(
    name="protect_decided_assessment",
    operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
    when=pgtrigger.Before,
    func=f"""
        IF EXISTS (SELECT 1 FROM followups_followup
                    WHERE id IN (OLD.follow_up_id, NEW.follow_up_id)
                      AND status IN {LOCKED_SQL}) THEN
            RAISE EXCEPTION 'pgtrigger: the follow-up is approved: % on % refused',
                TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    """,  # noqa: S608 -- constant SQL
).register(GoalAssessment, GuidelineAssessment)
# AFTER: a BEFORE trigger's condition may not read the whole NEW row, which has
# a generated column (the search vector).
pgtrigger.Protect(
    name="protect_decided_follow_up_update",
    operation=pgtrigger.Update,
    when=pgtrigger.After,
    condition=pgtrigger.Condition(
        f"OLD.status IN {LOCKED_SQL} AND NOT (OLD.status = 'approved' "
        f"AND NEW.status = 'published' AND (to_jsonb(OLD) {PUBLISH_STEP_COLUMNS}) "
        f"= (to_jsonb(NEW) {PUBLISH_STEP_COLUMNS}))"
    ),
).register(FollowUp)
# The workflow's order: each step moves one status forward, and sending back
# moves a submitted follow-up back to draft. Nothing else changes a status.
pgtrigger.Protect(
    name="protect_workflow_order",
    operation=pgtrigger.Update,
    when=pgtrigger.Before,
    condition=pgtrigger.Condition(
        "OLD.status IS DISTINCT FROM NEW.status AND (OLD.status, NEW.status) NOT IN ("
        "('draft', 'submitted'), ('submitted', 'draft'), "
        "('submitted', 'approved'), ('approved', 'published'))"
    ),
).register(FollowUp)
pgtrigger.Protect(
    name="protect_decided_follow_up_delete",
    operation=pgtrigger.Delete,
    condition=pgtrigger.Condition(f"OLD.status IN {LOCKED_SQL}"),
).register(FollowUp)


def checksum(content):
    """SHA-256 of ``content`` as canonical JSON: sorted keys, no spaces."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def searched_text(content):
    """The texts of a report's ``content`` that the search of follow-ups reads:
    its summary and overall narrative. (Goals' and guidelines' narratives are
    hits of their own kinds; here they would make every search headline a whole
    report, which PostgreSQL parses again for each hit.)"""
    return " ".join(text for text in (content["summary"], content["overall_narrative"]) if text)


class ReportVersionQuerySet(models.QuerySet):
    def newest_of(self, follow_up):
        return self.filter(follow_up=follow_up).order_by("-number").first()

    def newest_published(self):
        """The newest version of each published follow-up: what its report shows."""
        newer = self.model.objects.filter(
            follow_up=OuterRef("follow_up"), number__gt=OuterRef("number")
        )
        return self.filter(~Exists(newer), follow_up__status=FollowUp.Status.PUBLISHED)

    @transaction.atomic
    def freeze(self, follow_up, user, content=None, reason=""):
        """Store what the report of ``follow_up`` shows now (or ``content``, for a
        correction) as its next version."""
        from .presenters import report_content

        if content is None:
            content = report_content(FollowUp.objects.for_report().get(pk=follow_up.pk))
        newest = self.select_for_update().filter(follow_up=follow_up).order_by("-number").first()
        return self.create(
            follow_up=follow_up,
            number=newest.number + 1 if newest else 1,
            content=content,
            text=searched_text(content),
            created_by=user,
            reason=reason,
            sha256=checksum(content),
        )


class ReportVersion(models.Model):
    """What the report of an approved follow-up showed: frozen at approval
    (number 1), then once for every correction, with its reason. Never changed."""

    follow_up = models.ForeignKey(
        FollowUp, models.PROTECT, related_name="versions", verbose_name=_("follow-up")
    )
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    reason = models.TextField(_("reason for the correction"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    text = models.TextField(_("searched text"), blank=True, editable=False)
    search_vector = stored_search_vector("text")

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        ordering = ["follow_up_id", "number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "number"], name="one_version_number"),
        ]
        indexes = [GinIndex(fields=["search_vector"], name="reportversion_search")]
        triggers = [
            pgtrigger.Protect(
                name="protect_report_version", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self):
        return f"{self.follow_up}, version {self.number}"

    def get_absolute_url(self):
        return reverse("followups:report_version", args=self.url_args())

    @property
    def search_title(self):
        return str(self.follow_up)

    def get_pdf_url(self):
        return reverse("followups:report_version_pdf", args=self.url_args())

    def url_args(self):
        return [self.follow_up.program_id, self.follow_up.year, self.number]

    @property
    def is_correction(self):
        return self.number > 1
