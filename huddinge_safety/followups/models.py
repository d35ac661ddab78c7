"""The yearly follow-up of a program and its per-goal and per-guideline assessments."""

import hashlib
import json

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from huddinge_safety.goals.models import Goal, Indicator, IndicatorValue
from huddinge_safety.history import newest_change
from huddinge_safety.programs.models import (
    Guideline,
    Program,
    ResponsibilityArea,
    year_validators,
)
from huddinge_safety.protocols.models import (
    AgendaItem,
    ProtocolNote,
    Speaker,
    agenda_item_histories,
)


class AssessmentStatus(models.TextChoices):
    """How far a goal (or the program as a whole) has come. Each status has a
    symbol so that it is never told by colour alone."""

    FULFILLED = "fulfilled", _("Uppfyllt")
    ON_TRACK = "on_track", _("I fas")
    PARTLY_ON_TRACK = "partly_on_track", _("Delvis i fas")
    NOT_ON_TRACK = "not_on_track", _("Ej i fas")
    NOT_STARTED = "not_started", _("Ej påbörjat")
    NOT_ASSESSED = "not_assessed", _("Ej bedömt")

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
        return self.select_related(
            "program", "agenda_item__meeting__body"
        ).prefetch_related(
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
            Prefetch("agenda_item__speakers",
                     queryset=Speaker.objects.select_related("person", "party")),
            Prefetch("agenda_item__notes", queryset=ProtocolNote.objects.for_display()),
        )

    def for_status_matrix(self):
        """Oldest year first, each with its goal assessments, for the program page's
        status matrix (``followups.presenters.StatusMatrix``)."""
        return self.order_by("year").prefetch_related("goal_assessments")

    def with_last_change(self):
        """Annotate ``last_change``: when anything the report (and its PDF) shows last
        changed: the follow-up, its assessments, the program's areas, goals, guidelines,
        indicators and values, and the agenda item that decided it. One query."""
        program = OuterRef("program_id")
        program_areas = ResponsibilityArea.objects.filter(program=OuterRef(program))
        program_indicators = Indicator.objects.filter(program=OuterRef(program))
        return self.annotate(last_change=newest_change(
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
        ))

    @transaction.atomic
    def create_for_year(self, program, year, **fields):
        """Create the follow-up of ``program`` for ``year`` with one assessment per
        goal and per guideline of the program, ready to be filled in."""
        follow_up = self.model(program=program, year=year, **fields)
        follow_up.full_clean()
        follow_up.save()
        bulk_create_with_history(
            [GoalAssessment(follow_up=follow_up, goal=goal)
             for goal in Goal.objects.filter(area__program=program)],
            GoalAssessment,
        )
        bulk_create_with_history(
            [GuidelineAssessment(follow_up=follow_up, guideline=guideline)
             for guideline in program.guidelines.all()],
            GuidelineAssessment,
        )
        return follow_up


class FollowUp(models.Model):
    """The follow-up (uppföljning) of one program for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inlämnad")
        APPROVED = "approved", _("Godkänd")
        PUBLISHED = "published", _("Publicerad")

    program = models.ForeignKey(
        Program, models.PROTECT, related_name="follow_ups", verbose_name=_("program")
    )
    year = models.PositiveSmallIntegerField(_("avser år"), validators=year_validators)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    overall_status = models.CharField(
        _("samlad bedömning"), max_length=20, choices=AssessmentStatus.choices,
        default=AssessmentStatus.NOT_ASSESSED,
    )
    overall_narrative = models.TextField(_("motivering till samlad bedömning"), blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    document_reference = models.CharField(
        _("dokumenthänvisning"), max_length=500, blank=True,
        help_text=_("T.ex. ”bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den "
                    "6 februari 2020”."),
    )
    agenda_item = models.ForeignKey(
        AgendaItem, models.PROTECT, null=True, blank=True, related_name="follow_ups",
        verbose_name=_("beslutat i ärende"),
    )
    submitted_at = models.DateTimeField(_("inlämnad"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("inlämnad av"),
    )
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("godkänd av"),
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("publicerad av"),
    )
    search_vector = models.GeneratedField(
        expression=SearchVector("summary", "overall_narrative", config="swedish"),
        output_field=SearchVectorField(), db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["search_vector"])

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["program", "-year"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        permissions = [("publish_followup", _("Kan godkänna och publicera uppföljningar"))]
        indexes = [GinIndex(fields=["search_vector"], name="followup_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year"],
                name="one_follow_up_per_program_and_year",
                violation_error_message=_("Programmet har redan en uppföljning för detta år."),
            ),
        ]

    def __str__(self):
        return f"Uppföljning av {self.program} avseende {self.year}"

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
                {"year": _("Året %(year)s ligger utanför programperioden %(period)s.")
                 % {"year": self.year, "period": self.program.period}}
            )

    @property
    def is_locked(self):
        """Approved and published follow-ups are the decided record: nobody edits them."""
        return self.status in LOCKED_STATUSES

    def submit(self, user):
        """Hand the draft in for approval."""
        if not user.has_perm("followups.change_followup"):
            raise PermissionDenied(_("Du har inte behörighet att lämna in uppföljningar."))
        self._advance(
            user, self.Status.DRAFT, self.Status.SUBMITTED,
            _("Uppföljningen kan bara lämnas in när den är ett utkast. Den är nu %(status)s."),
        )

    def approve(self, user, agenda_item):
        """Record that ``agenda_item`` approved the submitted follow-up. Locks it."""
        self._require_publisher(user)
        if agenda_item is None:
            raise ValidationError(
                {"agenda_item": _("Ange ärendet där uppföljningen godkändes.")}
            )
        self._advance(
            user, self.Status.SUBMITTED, self.Status.APPROVED,
            _("Uppföljningen måste vara inlämnad innan den kan godkännas. Den är nu %(status)s."),
            agenda_item=agenda_item,
        )
        ReportVersion.objects.freeze(self, user)

    def publish(self, user):
        """Make the approved follow-up public."""
        self._require_publisher(user)
        self._advance(
            user, self.Status.APPROVED, self.Status.PUBLISHED,
            _("Uppföljningen måste godkännas innan den kan publiceras. Den är nu %(status)s."),
        )

    @staticmethod
    def _require_publisher(user):
        if not user.has_perm("followups.publish_followup"):
            raise PermissionDenied(
                _("Endast publicerare kan godkänna och publicera uppföljningar.")
            )

    @transaction.atomic
    def _advance(self, user, expected, new_status, wrong_status_message, **fields):
        """Move from ``expected`` to ``new_status``, recording who did it and when.

        The row is locked while checking, so two clicks cannot both pass."""
        stored = FollowUp.objects.select_for_update().only("status").get(pk=self.pk)
        if stored.status != expected:
            raise ValidationError(
                wrong_status_message % {"status": stored.get_status_display().lower()}
            )
        step = STEP_FIELDS[new_status]
        fields.update(
            {"status": new_status, f"{step}_by": user, f"{step}_at": timezone.now()}
        )
        for name, value in fields.items():
            setattr(self, name, value)
        self._history_user = user
        self.save(update_fields=list(fields))


LOCKED_STATUSES = (FollowUp.Status.APPROVED, FollowUp.Status.PUBLISHED)
LOCKED_MESSAGE = _("Uppföljningen är godkänd och därför låst. Den kan inte ändras.")
# Who and when of each workflow step is kept in <step>_by and <step>_at.
STEP_FIELDS = {
    FollowUp.Status.SUBMITTED: "submitted",
    FollowUp.Status.APPROVED: "approved",
    FollowUp.Status.PUBLISHED: "published",
}


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
        )

    def published(self):
        """Assessments of published follow-ups only, oldest year first."""
        return self.filter(follow_up__status=FollowUp.Status.PUBLISHED).select_related(
            "follow_up"
        ).order_by("follow_up__year")


class GoalAssessment(models.Model):
    """Status and narrative of one goal in one follow-up."""

    follow_up = models.ForeignKey(
        FollowUp, models.CASCADE, related_name="goal_assessments", verbose_name=_("uppföljning")
    )
    goal = models.ForeignKey(
        Goal, models.CASCADE, related_name="assessments", verbose_name=_("mål")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices,
        default=AssessmentStatus.NOT_ASSESSED,
    )
    narrative = models.TextField(_("genomfört arbete under året"), blank=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("narrative", config="swedish"),
        output_field=SearchVectorField(), db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["search_vector"])

    objects = GoalAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["follow_up", "goal__area__number", "goal__number"]
        verbose_name = _("bedömning av mål")
        verbose_name_plural = _("bedömningar av mål")
        indexes = [GinIndex(fields=["search_vector"], name="goalassessment_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "goal"],
                name="one_assessment_per_goal_and_follow_up",
                violation_error_message=_("Målet är redan bedömt i denna uppföljning."),
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
        FollowUp, models.CASCADE, related_name="guideline_assessments",
        verbose_name=_("uppföljning"),
    )
    guideline = models.ForeignKey(
        Guideline, models.CASCADE, related_name="assessments", verbose_name=_("riktlinje")
    )
    narrative = models.TextField(_("uppföljning"), blank=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("narrative", config="swedish"),
        output_field=SearchVectorField(), db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["follow_up", "guideline"]
        verbose_name = _("uppföljning av riktlinje")
        verbose_name_plural = _("uppföljningar av riktlinjer")
        indexes = [GinIndex(fields=["search_vector"], name="guidelineassessment_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "guideline"],
                name="one_assessment_per_guideline_and_follow_up",
                violation_error_message=_("Riktlinjen är redan följd upp i denna uppföljning."),
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
pgtrigger.Trigger(
    name="protect_decided_assessment",
    operation=pgtrigger.Update | pgtrigger.Delete,
    when=pgtrigger.Before,
    func=f"""
        IF EXISTS (SELECT 1 FROM followups_followup
                    WHERE id = OLD.follow_up_id AND status IN {LOCKED_SQL}) THEN
            RAISE EXCEPTION 'pgtrigger: the follow-up is approved: % on % refused',
                TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    """,
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
pgtrigger.Protect(
    name="protect_decided_follow_up_delete",
    operation=pgtrigger.Delete,
    condition=pgtrigger.Condition(f"OLD.status IN {LOCKED_SQL}"),
).register(FollowUp)


def checksum(content):
    """SHA-256 of ``content`` as canonical JSON: sorted keys, no spaces."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class ReportVersionQuerySet(models.QuerySet):
    def newest_of(self, follow_up):
        return self.filter(follow_up=follow_up).order_by("-number").first()

    @transaction.atomic
    def freeze(self, follow_up, user, content=None, reason=""):
        """Store what the report of ``follow_up`` shows now (or ``content``, for a
        correction) as its next version."""
        from .presenters import report_content

        if content is None:
            content = report_content(FollowUp.objects.for_report().get(pk=follow_up.pk))
        newest = self.select_for_update().filter(follow_up=follow_up).order_by("-number").first()
        return self.create(
            follow_up=follow_up, number=newest.number + 1 if newest else 1, content=content,
            created_by=user, reason=reason, sha256=checksum(content),
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
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    reason = models.TextField(_("reason for the correction"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        ordering = ["follow_up", "number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "number"], name="one_version_number"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="protect_report_version", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self):
        return f"{self.follow_up}, version {self.number}"

    def get_absolute_url(self):
        return reverse("followups:report_version", args=self.url_args())

    def get_pdf_url(self):
        return reverse("followups:report_version_pdf", args=self.url_args())

    def url_args(self):
        return [self.content["program"]["id"], self.content["year"], self.number]

    @property
    def is_correction(self):
        return self.number > 1
