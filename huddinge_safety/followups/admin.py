"""The officials' yearly follow-up workflow.

An official creates the follow-up of a year (its assessments are pre-filled
from the program's goals and guidelines), fills in status and narrative of every
goal on one page and submits it; a publisher approves it with the agenda item
that decided it, and publishes it. Every step is a model method; the admin only
offers the buttons.
"""

import copy
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, JSONObject
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from huddinge_safety.concurrency import ConcurrentChangeMixin
from huddinge_safety.documents.admin import AttachmentInline
from huddinge_safety.goals.models import goal_heading
from huddinge_safety.history_admin import HistoryAdmin
from huddinge_safety.protocols.admin import AgendaItemAdmin
from huddinge_safety.protocols.models import AgendaItem

from .models import (
    LOCKED_MESSAGE,
    LOCKED_STATUSES,
    STEP_FIELDS,
    AssessmentStatus,
    FollowUp,
    GoalAssessment,
    GuidelineAssessment,
    ReportVersion,
    assessment_editor,
)
from .presenters import report_content, status_badge

LOCKED_DELETE_MESSAGE = _("The follow-up is approved and therefore locked. It cannot be deleted.")
REVERT_SUBMITTED_MESSAGE = _(
    "The follow-up is submitted, so no earlier version can be restored. A publisher can "
    "send it back to draft first."
)
NOT_DECIDED_MESSAGE = _(
    "Only an approved follow-up can be corrected; until then it is changed in its form."
)
# The query parameter of the change page showing only the goals of the user's units.
MY_GOALS_PARAMETER = "mina"
STATUS_CHOICES = [(status.value, f"{status.symbol} {status.label}") for status in AssessmentStatus]


class StatusSymbolChoicesMixin:
    """Show assessment statuses in selects with their symbol, as everywhere else."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.choices == AssessmentStatus.choices:
            kwargs["choices"] = STATUS_CHOICES
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class AssessmentForm(forms.ModelForm):
    """An assessment's row. ``lock()`` makes it read-only for a user whose units do
    not answer for it; a changed value posted for it anyway (a crafted request)
    makes the row, and so the whole page, invalid: nothing is saved and the
    official's own input comes back with the message."""

    locked = False
    refusal = None

    def lock(self, edited_fields, unit):
        self.locked = True
        for name in edited_fields:
            field = self.fields[name]
            key = self.add_prefix(name)
            if key in self.data and field.has_changed(
                self.get_initial_for_field(field, name),
                field.widget.value_from_datadict(self.data, self.files, key),
            ):
                self.refusal = (
                    gettext("You cannot change this assessment: %(unit)s answers for it.")
                    % {"unit": unit}
                    if unit
                    else gettext(
                        "You cannot change this assessment: no unit answers for it, so only "
                        "a coordinator can."
                    )
                )
            field.disabled = True

    def clean(self):
        if self.refusal:
            raise ValidationError(self.refusal, code="other_unit")
        return super().clean()


class AssessmentFormSet(forms.BaseInlineFormSet):
    """Rows of the units the user answers for are editable, the others locked."""

    may_edit = staticmethod(lambda unit_id: True)
    edited_fields = ()
    subject = None

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        subject = getattr(form.instance, self.subject)
        if not self.may_edit(subject.responsible_unit_id):
            form.lock(self.edited_fields, subject.responsible_unit)
        return form


class AssessmentInlineMixin(StatusSymbolChoicesMixin):
    """Assessments come from the program's goals and guidelines: they are edited,
    never added or removed here, and not at all once the follow-up is locked.
    An official edits those of their own units' goals and guidelines, a
    coordinator all; ``?mina=1`` shows only the user's units' rows."""

    extra = 0
    can_delete = False
    view_on_site = False  # the follow-up's own link leads to the report when it is public
    form = AssessmentForm
    formset = AssessmentFormSet
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 8, "cols": 80})}
    }
    subject = None  # the assessed model's field: goal or guideline

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related(f"{self.subject}__responsible_unit")
        if request.GET.get(MY_GOALS_PARAMETER):
            queryset = queryset.filter(
                **{f"{self.subject}__responsible_unit__officials": request.user}
            )
        return queryset

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        editable = [name for name in self.edited_fields if name in formset.form.base_fields]
        return type(
            formset.__name__,
            (formset,),
            {
                "may_edit": staticmethod(assessment_editor(request.user)),
                "edited_fields": editable,
                "subject": self.subject,
            },
        )


class GoalAssessmentInline(AssessmentInlineMixin, admin.TabularInline):
    model = GoalAssessment
    template = "admin/followups/followup/goal_assessments.html"
    fields = ["status", "narrative"]
    readonly_fields = ["status_display"]
    edited_fields = ["status", "narrative"]
    subject = "goal"

    def get_fields(self, request, obj=None):
        # Read-only, the status is shown as everywhere else: symbol and text.
        if obj is not None and obj.is_locked:
            return ["status_display", "narrative"]
        return super().get_fields(request, obj)

    @admin.display(description=_("status"))
    def status_display(self, assessment):
        return status_badge(assessment.status)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("goal__area").with_previous_status()


class GuidelineAssessmentInline(AssessmentInlineMixin, admin.StackedInline):
    model = GuidelineAssessment
    template = "admin/followups/followup/guideline_assessments.html"
    fields = ["narrative"]
    edited_fields = ["narrative"]
    subject = "guideline"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("follow_up")


class StepForm(forms.Form):
    """The form of a workflow step's confirmation page; its cleaned data are the
    keyword arguments of the step's model method. ``query`` is what the page was
    asked to search for (the approve step's agenda items)."""

    def __init__(self, data, follow_up, query=""):
        super().__init__(data)
        self.follow_up = follow_up
        self.query = query


class SubmitForm(StepForm):
    """Goals still not assessed are listed on the page, and submitting them
    takes an explicit tick."""

    confirm_unassessed = forms.BooleanField(
        required=False,
        label=_("Submit although the goals above are not assessed"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unassessed_goals = list(self.follow_up.unassessed_goals())
        if not self.unassessed_goals:
            del self.fields["confirm_unassessed"]


class SendBackForm(StepForm):
    comment = forms.CharField(
        label=_("What is to be changed"),
        help_text=_("Shown to the officials on the follow-up's page."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


# Agenda items offered at once, newest meeting first; searching finds older ones.
AGENDA_ITEMS_SHOWN = 20


def search_agenda_items(items, query):
    """The ``items`` matching every word of ``query`` in their heading, numbers,
    registry number, body or meeting date."""
    for word in query.split()[:10]:
        items = items.filter(
            Q(title__icontains=word)
            | Q(item_number__icontains=word)
            | Q(paragraph__icontains=word)
            | Q(registry_number__icontains=word)
            | Q(meeting__body__name__icontains=word)
            | Q(meeting__date__icontains=word)
        )
    return items


def agenda_item_label(item):
    return f"{item.meeting} – {item}"


class ApproveForm(StepForm):
    """The agenda item is chosen among those of the program's committee: the
    newest, or those matching the search (typed into the page's search box,
    which a script runs as you type)."""

    agenda_item = forms.ModelChoiceField(
        AgendaItem.objects.none(),
        required=False,
        label=_("Decided in agenda item"),
        help_text=_("The agenda item at which the body approved the follow-up."),
    )

    def __init__(self, data, follow_up, query=""):
        super().__init__(data, follow_up, query)
        field = self.fields["agenda_item"]
        field.queryset = follow_up.agenda_item_candidates()
        field.initial = follow_up.agenda_item_id
        self.shown = list(search_agenda_items(field.queryset, query)[:AGENDA_ITEMS_SHOWN])
        try:
            chosen = field.clean(self["agenda_item"].value())
        except ValidationError:
            chosen = None  # the form's own validation says why
        if chosen is not None and chosen not in self.shown:
            self.shown.append(chosen)
        field.widget.choices = [
            ("", "---------"),
            *((item.pk, agenda_item_label(item)) for item in self.shown),
        ]


CORRECTED_FIELDS = ("summary", "overall_status", "overall_narrative")


class CorrectionForm(forms.Form):
    """The texts of the newest version of a decided report that a correction may
    change, prefilled, and the reason for the correction."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        help_text=_("Shown with the date beside the corrected report."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    summary = forms.CharField(
        label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    overall_status = forms.ChoiceField(label=_("overall assessment"), choices=STATUS_CHOICES)
    overall_narrative = forms.CharField(
        label=_("reasons for the overall assessment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, data, content):
        self.content = content
        self.goals = [goal for area in content["areas"] for goal in area["goals"]]
        super().__init__(
            data,
            initial={key: content[key] for key in CORRECTED_FIELDS},
        )
        for index, goal in enumerate(self.goals):
            label = goal_heading(goal["code"])
            self.fields[f"goal_{index}_status"] = forms.ChoiceField(
                label=f"{label}: {gettext('status')}",
                choices=STATUS_CHOICES,
                initial=goal["status"],
                help_text=goal["text"],
            )
            self.fields[f"goal_{index}_narrative"] = forms.CharField(
                label=f"{label}: {gettext('work done during the year')}",
                required=False,
                initial=goal["narrative"],
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        for index, guideline in enumerate(content["guidelines"]):
            self.fields[f"guideline_{index}_narrative"] = forms.CharField(
                label=guideline["title"],
                required=False,
                initial=guideline["narrative"],
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and self.corrected_content() == self.content:
            raise ValidationError(_("Nothing is corrected: change a text first."))
        return cleaned_data

    def corrected_content(self):
        """The newest version's content with the texts of the form."""
        data = self.cleaned_data
        content = copy.deepcopy(self.content)
        for key in CORRECTED_FIELDS:
            content[key] = data[key]
        goals = [goal for area in content["areas"] for goal in area["goals"]]
        for index, goal in enumerate(goals):
            goal["status"] = data[f"goal_{index}_status"]
            goal["narrative"] = data[f"goal_{index}_narrative"]
        for index, guideline in enumerate(content["guidelines"]):
            guideline["narrative"] = data[f"guideline_{index}_narrative"]
        return content


class LockedFollowUpMixin:
    """Approved and published follow-ups and their assessments are read-only:
    their pages show them without inputs, and a change or a restore of an old
    version posted anyway is refused with a message.

    A save locks the follow-up's row first and checks its status then, so a
    workflow step taken at the same moment either ends before (and the save is
    refused if it locked the follow-up) or waits until the save has ended."""

    def follow_up_of(self, obj):
        return obj.follow_up

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.follow_up_of(obj).is_locked:
            return False
        return super().has_change_permission(request, obj)

    def refusal(self, follow_up, reverting):
        """Why a save (or a restore, when ``reverting``) is refused, if it is."""
        return LOCKED_MESSAGE if follow_up.is_locked else None

    @contextmanager
    def follow_up_locked(self, request, object_id, reverting=False):
        """Hold the follow-up's row lock while a posted change (or restore, when
        ``reverting``) is checked and saved; gives the redirect of a refusal."""
        with transaction.atomic():
            obj = None
            if request.method == "POST" and object_id is not None:
                obj = self.get_object(request, unquote(object_id))
            if obj is None:
                yield None
                return
            follow_up = FollowUp.objects.select_for_update().get(pk=self.follow_up_of(obj).pk)
            refusal = self.refusal(follow_up, reverting)
            if refusal is not None:
                self.message_user(request, refusal, messages.ERROR)
                yield HttpResponseRedirect(request.path)
                return
            yield None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with self.follow_up_locked(request, object_id) as refused:
            return refused or super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        with self.follow_up_locked(request, object_id, reverting=True) as refused:
            return refused or super().history_form_view(
                request, object_id, version_id, extra_context
            )

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.follow_up_of(obj).is_locked:
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        # The database refuses it too; this answers with a message, not an error.
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.follow_up_of(obj).is_locked:
            self.message_user(request, LOCKED_DELETE_MESSAGE, messages.ERROR)
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
            )
        return super().delete_view(request, object_id, extra_context)


@dataclass(frozen=True)
class WorkflowStep:
    """One button of the workflow: the model method it calls (``name``), the
    status it starts from, and whether only publishers may take it."""

    name: str
    label: str
    from_status: str
    form_class: type = StepForm
    publisher: bool = True


WORKFLOW_STEPS = {
    step.name: step
    for step in [
        WorkflowStep("submit", _("Submit"), FollowUp.Status.DRAFT, SubmitForm, publisher=False),
        WorkflowStep("send_back", _("Send back to draft"), FollowUp.Status.SUBMITTED, SendBackForm),
        WorkflowStep("approve", _("Approve"), FollowUp.Status.SUBMITTED, ApproveForm),
        WorkflowStep("publish", _("Publish"), FollowUp.Status.APPROVED),
    ]
}


class MyGoalsFilter(admin.SimpleListFilter):
    """Follow-ups with goals of the user's units, counting only those goals."""

    title = _("responsibility")
    parameter_name = "ansvar"

    def lookups(self, request, model_admin):
        return [(MY_GOALS_PARAMETER, _("My goals"))]

    def queryset(self, request, queryset):
        if self.value() != MY_GOALS_PARAMETER:
            return queryset
        mine = GoalAssessment.objects.filter(
            follow_up=OuterRef("pk"), goal__responsible_unit__officials=request.user
        )
        return queryset.annotate(
            my_goal_count=count_of(mine),
            my_assessed_goal_count=count_of(mine.exclude(status=AssessmentStatus.NOT_ASSESSED)),
        ).filter(my_goal_count__gt=0)


def count_of(assessments):
    """The number of ``assessments`` (a queryset on the outer follow-up) as a subquery."""
    return Coalesce(
        Subquery(
            assessments.order_by().values("follow_up").annotate(count=Count("pk")).values("count")
        ),
        0,
    )


@admin.register(FollowUp)
class FollowUpAdmin(
    ConcurrentChangeMixin, LockedFollowUpMixin, StatusSymbolChoicesMixin, HistoryAdmin
):
    list_display = [
        "__str__",
        "status",
        "overall_status_display",
        "assessed_goals",
        "assessed_per_unit",
    ]
    list_filter = [MyGoalsFilter, "status", "program", "year"]
    search_fields = ["program__title", "summary", "overall_narrative"]
    actions = ["submit_selected", "publish_selected", "delete_selected"]
    change_form_template = "admin/followups/followup/change_form.html"
    object_history_template = "admin/followups/followup/object_history.html"
    add_fields = ["program", "year"]
    fieldsets = [
        (None, {"fields": ["program", "year", "status", "deadline"]}),
        (
            _("Overall assessment"),
            {
                "fields": ["overall_status", "overall_narrative", "summary", "document_reference"],
            },
        ),
        (
            _("Decision and publication"),
            {
                "fields": ["agenda_item", "submitted", "approved", "published"],
            },
        ),
    ]
    readonly_fields = [
        "program",
        "year",
        "status",
        "agenda_item",
        "submitted",
        "approved",
        "published",
        "overall_status_display",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "program",
                "agenda_item__meeting__body",
                "submitted_by",
                "approved_by",
                "published_by",
            )
            .annotate(
                unit_progress=ArraySubquery(
                    GoalAssessment.objects.filter(follow_up=OuterRef("pk"))
                    .progress_by_unit()
                    .values(json=JSONObject(name="unit_name", goals="goals", assessed="assessed"))
                ),
                goal_count=Count("goal_assessments"),
                assessed_goal_count=Count(
                    "goal_assessments",
                    filter=~Q(goal_assessments__status=AssessmentStatus.NOT_ASSESSED),
                ),
            )
        )

    # Pages: adding asks only for program and year; the change page then shows
    # every assessment, read-only once the follow-up is locked.

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": self.add_fields})]
        if obj.is_locked or not self.has_coordinate_permission(request):
            # Read-only, the overall status is shown with its symbol too.
            return [
                (
                    name,
                    {
                        "fields": [
                            "overall_status_display" if field == "overall_status" else field
                            for field in options["fields"]
                        ]
                    },
                )
                for name, options in self.fieldsets
            ]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = super().get_readonly_fields(request, obj)
        if self.has_coordinate_permission(request):
            return readonly
        # The overall assessment is the coordinator's: officials answer for their goals.
        return [*readonly, "overall_narrative", "summary", "document_reference"]

    def get_inlines(self, request, obj):
        return (
            []
            if obj is None
            else [GoalAssessmentInline, GuidelineAssessmentInline, AttachmentInline]
        )

    def follow_up_of(self, obj):
        return obj

    def refusal(self, follow_up, reverting):
        if reverting and follow_up.status == FollowUp.Status.SUBMITTED:
            return REVERT_SUBMITTED_MESSAGE
        return super().refusal(follow_up, reverting)

    def change_histories(self, object_id):
        return [
            FollowUp.history.filter(id=object_id),
            GoalAssessment.history.filter(follow_up_id=object_id),
            GuidelineAssessment.history.filter(follow_up_id=object_id),
        ]

    def watched_histories(self, request, object_id):
        # Officials of different units fill in the same follow-up at once: an
        # official's save is refused only for newer changes of what they may
        # change themselves, their units' assessments.
        if self.has_coordinate_permission(request):
            return super().watched_histories(request, object_id)
        return [
            GoalAssessment.history.filter(
                follow_up_id=object_id, goal__responsible_unit__officials=request.user
            ),
            GuidelineAssessment.history.filter(
                follow_up_id=object_id, guideline__responsible_unit__officials=request.user
            ),
        ]

    def has_publish_permission(self, request):
        return request.user.has_perm("followups.publish_followup")

    def has_coordinate_permission(self, request):
        return request.user.has_perm("followups.coordinate_followup")

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.status == FollowUp.Status.PUBLISHED else None

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # The form has validated program and year; create_for_year adds one
        # assessment per goal and guideline in the same transaction.
        obj.pk = FollowUp.objects.create_for_year(obj.program, obj.year).pk

    def response_add(self, request, obj, post_url_continue=None):
        # Straight on to filling in the assessments.
        self.message_user(
            request,
            gettext(
                "%(follow_up)s is created with %(goals)s goals and %(guidelines)s "
                "guidelines to follow up."
            )
            % {
                "follow_up": obj,
                "goals": obj.goal_assessments.count(),
                "guidelines": obj.guideline_assessments.count(),
            },
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:followups_followup_change", args=[obj.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # A follow-up per program and year is added from the list, not in a row.
        context["show_save_and_add_another"] = False
        if add:
            # Saving leads straight on to the change page with the assessments.
            context["show_save_and_continue"] = False
        if obj is not None:
            context.update(self.progress_context(request, obj))
            context["workflow_steps"] = [
                (step, reverse("admin:followups_followup_workflow", args=[obj.pk, step.name]))
                for step in WORKFLOW_STEPS.values()
                if step.from_status == obj.status and self.may_take(request, step)
            ]
            # Buttons of the change form save it before the step, so nothing
            # typed is lost; a locked (read-only) form has nothing to save.
            context["workflow_saves_form"] = not obj.is_locked and self.has_change_permission(
                request, obj
            )
            context["locked_message"] = LOCKED_MESSAGE if obj.is_locked else ""
            if obj.is_locked and self.has_publish_permission(request):
                context["correction_url"] = reverse(
                    "admin:followups_followup_correction", args=[obj.pk]
                )
            if obj.status == FollowUp.Status.DRAFT and obj.sent_back_at:
                context["sent_back"] = self.step_done(obj, FollowUp.Status.DRAFT)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def progress_context(self, request, obj):
        """Goals assessed per unit and in all, and the link between all goals
        and the user's own."""
        units = list(obj.goal_assessments.progress_by_unit())
        my_goals_only = bool(request.GET.get(MY_GOALS_PARAMETER))
        return {
            "unit_progress": units,
            "goal_count": sum(unit["goals"] for unit in units),
            "assessed_goal_count": sum(unit["assessed"] for unit in units),
            "my_goals_only": my_goals_only,
            "my_goals_url": "?" if my_goals_only else f"?{MY_GOALS_PARAMETER}=1",
        }

    def response_change(self, request, obj):
        step = WORKFLOW_STEPS.get(request.POST.get("_workflow"))
        if step is None:
            return super().response_change(request, obj)
        self.message_user(request, gettext("Your changes are saved."), messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:followups_followup_workflow", args=[obj.pk, step.name])
        )

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "assessment_changes": assessment_changes(unquote(object_id)),
        }
        return super().history_view(request, object_id, extra_context)

    # Columns and read-only fields.

    @admin.display(description=_("overall assessment"), ordering="overall_status")
    def overall_status_display(self, follow_up):
        return status_badge(follow_up.overall_status)

    @admin.display(description=_("assessed goals"))
    def assessed_goals(self, follow_up):
        if hasattr(follow_up, "my_goal_count"):
            return gettext("%(assessed)s of your %(goals)s") % {
                "assessed": follow_up.my_assessed_goal_count,
                "goals": follow_up.my_goal_count,
            }
        return gettext("%(assessed)s of %(goals)s") % {
            "assessed": follow_up.assessed_goal_count,
            "goals": follow_up.goal_count,
        }

    @admin.display(description=_("assessed per unit"))
    def assessed_per_unit(self, follow_up):
        return format_html(
            '<ul class="unit-progress-list">{}</ul>',
            format_html_join(
                "",
                "<li>{}: {}</li>",
                (
                    (
                        unit["name"] or gettext("No responsible unit"),
                        gettext("%(assessed)s of %(goals)s assessed") % unit,
                    )
                    for unit in follow_up.unit_progress
                ),
            ),
        )

    @admin.display(description=_("submitted"))
    def submitted(self, follow_up):
        return self.step_done(follow_up, FollowUp.Status.SUBMITTED)

    @admin.display(description=_("approved"))
    def approved(self, follow_up):
        return self.step_done(follow_up, FollowUp.Status.APPROVED)

    @admin.display(description=_("published"))
    def published(self, follow_up):
        return self.step_done(follow_up, FollowUp.Status.PUBLISHED)

    @staticmethod
    def step_done(follow_up, status):
        """When and by whom the follow-up reached ``status``."""
        step = STEP_FIELDS[status]
        when, user = getattr(follow_up, f"{step}_at"), getattr(follow_up, f"{step}_by")
        if when is None:
            statuses = list(FollowUp.Status)  # in workflow order
            reached = statuses.index(follow_up.status) >= statuses.index(status)
            # Follow-ups loaded from earlier records have a status but no steps.
            return gettext("Not recorded") if reached else gettext("Not yet")
        who = (user.get_full_name() or user.get_username()) if user else gettext("unknown user")
        return gettext("%(when)s by %(who)s") % {
            "when": date_format(localtime(when), "j F Y H:i"),
            "who": who,
        }

    # Workflow: one confirmation page per step, and actions for many at once.

    def may_take(self, request, step):
        if step.publisher:
            return self.has_publish_permission(request)
        return self.has_coordinate_permission(request)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/steg/<str:step>/",
                self.admin_site.admin_view(self.workflow_view),
                name="followups_followup_workflow",
            ),
            path(
                "<path:object_id>/steg/approve/arenden/",
                self.admin_site.admin_view(self.agenda_item_search_view),
                name="followups_followup_agenda_items",
            ),
            path(
                "<path:object_id>/rattelse/",
                self.admin_site.admin_view(self.correction_view),
                name="followups_followup_correction",
            ),
            *super().get_urls(),
        ]

    def workflow_view(self, request, object_id, step):
        step = WORKFLOW_STEPS.get(step)
        follow_up = self.get_object(request, unquote(object_id))
        if step is None or follow_up is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.may_take(request, step):
            raise PermissionDenied
        change_url = reverse("admin:followups_followup_change", args=[follow_up.pk])
        data = request.POST if request.method == "POST" else None
        form = step.form_class(data, follow_up, query=request.GET.get("sok", "")[:200])
        if form.is_valid():
            try:
                getattr(follow_up, step.name)(request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    gettext("%(follow_up)s is now %(status)s.")
                    % {
                        "follow_up": follow_up,
                        "status": follow_up.get_status_display().lower(),
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{step.label}: {follow_up}",
            "opts": self.opts,
            "original": follow_up,
            "step": step,
            "form": form,
            "change_url": change_url,
            "agenda_item_search_url": reverse(
                "admin:followups_followup_agenda_items", args=[follow_up.pk]
            ),
        }
        return TemplateResponse(request, "admin/followups/followup/workflow_step.html", context)

    def agenda_item_search_view(self, request, object_id):
        """The approve step's search as you type: the program committee's agenda
        items matching ``sok``, newest meeting first, as JSON."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not self.may_take(request, WORKFLOW_STEPS["approve"]):
            raise PermissionDenied
        follow_up = self.get_object(request, unquote(object_id))
        if follow_up is None:
            raise Http404
        items = search_agenda_items(
            follow_up.agenda_item_candidates(), request.GET.get("sok", "")[:200]
        )[:AGENDA_ITEMS_SHOWN]
        results = [{"id": item.pk, "label": agenda_item_label(item)} for item in items]
        return JsonResponse(
            {
                "results": results,
                "status": ngettext(
                    "%(count)s agenda item found.", "%(count)s agenda items found.", len(results)
                )
                % {"count": len(results)},
            }
        )

    def correction_view(self, request, object_id):
        """A publisher's correction (rättelse) of a decided report: the texts of
        its newest version, changed, become a new version with a reason."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        follow_up = self.get_object(request, unquote(object_id))
        if follow_up is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = reverse("admin:followups_followup_change", args=[follow_up.pk])
        if not follow_up.is_locked:
            self.message_user(request, NOT_DECIDED_MESSAGE, messages.ERROR)
            return HttpResponseRedirect(change_url)
        newest = ReportVersion.objects.newest_of(follow_up)
        content = (
            newest.content
            if newest
            else report_content(FollowUp.objects.for_report().get(pk=follow_up.pk))
        )
        form = CorrectionForm(request.POST if request.method == "POST" else None, content)
        if form.is_valid():
            try:
                version = follow_up.correct(
                    request.user, form.corrected_content(), form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    gettext("The correction is issued: version %(number)s of the report.")
                    % {"number": version.number},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Issue a correction: %(follow_up)s") % {"follow_up": follow_up},
            "opts": self.opts,
            "original": follow_up,
            "form": form,
            "newest": newest,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/followups/followup/correction.html", context)

    @admin.action(description=django_delete_selected.short_description, permissions=["delete"])
    def delete_selected(self, request, queryset):
        """Django's own action, refused with a message when a selected follow-up is locked."""
        if queryset.filter(status__in=LOCKED_STATUSES).exists():
            self.message_user(request, LOCKED_DELETE_MESSAGE, messages.ERROR)
            return None
        return django_delete_selected(self, request, queryset)

    @admin.action(description=_("Submit selected follow-ups"), permissions=["coordinate"])
    def submit_selected(self, request, queryset):
        self.take_step_for_all(request, queryset, "submit")

    @admin.action(description=_("Publish selected follow-ups"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.take_step_for_all(request, queryset, "publish")

    def take_step_for_all(self, request, queryset, step):
        """All or nothing: one follow-up that cannot take the step stops them all."""
        follow_ups = list(queryset)
        try:
            with transaction.atomic():
                for follow_up in follow_ups:
                    try:
                        getattr(follow_up, step)(request.user)
                    except ValidationError as error:
                        raise ValidationError(f"{follow_up}: {' '.join(error.messages)}") from error
        except (ValidationError, PermissionDenied) as error:
            message = " ".join(getattr(error, "messages", [str(error)]))
            self.message_user(
                request,
                gettext("Nothing was changed. %(error)s") % {"error": message},
                messages.ERROR,
            )
            return
        self.message_user(
            request,
            gettext("%(count)s follow-ups are now %(status)s.")
            % {
                "count": len(follow_ups),
                "status": FollowUp.Status(follow_ups[-1].status).label.lower(),
            },
            messages.SUCCESS,
        )


def assessment_changes(follow_up_id):
    """Every change to the follow-up's goal and guideline assessments, newest
    first: when, who, which assessment and what changed, in two queries."""
    changes = []
    for model, subject in [(GoalAssessment, "goal"), (GuidelineAssessment, "guideline")]:
        fields = [field for field in ["status", "narrative"] if hasattr(model, field)]
        records = (
            model.history.filter(follow_up_id=follow_up_id)
            .select_related("history_user", f"{subject}__area" if subject == "goal" else subject)
            .order_by("id", "history_date", "history_id")
        )
        previous = None
        for record in records:
            if previous is not None and previous.id == record.id:
                delta = record.diff_against(previous, included_fields=fields)
                if delta.changes:
                    changes.append(
                        {
                            "record": record,
                            "subject": getattr(record, subject),
                            "changes": [describe_change(model, change) for change in delta.changes],
                            "history_url": reverse(
                                f"admin:followups_{model._meta.model_name}_history",
                                args=[record.id],
                            ),
                        }
                    )
            previous = record
    changes.sort(key=lambda change: change["record"].history_date, reverse=True)
    return changes


def describe_change(model, change):
    label = model._meta.get_field(change.field).verbose_name
    if change.field == "status":
        return gettext("%(field)s: %(old)s → %(new)s") % {
            "field": label,
            "old": AssessmentStatus(change.old).label,
            "new": AssessmentStatus(change.new).label,
        }
    return gettext("%(field)s changed") % {"field": label}


class AssessmentAdmin(LockedFollowUpMixin, StatusSymbolChoicesMixin, HistoryAdmin):
    """An assessment's own page, for its history and for restoring an earlier
    version. Reached from the follow-up, so not listed on the admin index."""

    readonly_fields = ["follow_up"]
    view_on_site = False  # the follow-up may not be public

    def get_model_perms(self, request):
        return {}

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Not refused for a locked follow-up's assessment, unlike its other
        # pages: the delete page of a goal or guideline lists such assessments
        # as protected (see cascade_unless_decided), but only those the user
        # may delete; the others it calls a missing permission, which says
        # nothing of why. Their own delete page refuses them with a message.
        return super(LockedFollowUpMixin, self).has_delete_permission(request, obj)


@admin.register(GoalAssessment)
class GoalAssessmentAdmin(AssessmentAdmin):
    fields = ["follow_up", "goal", "status", "narrative"]
    readonly_fields = ["follow_up", "goal"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("follow_up__program", "goal__area")


@admin.register(GuidelineAssessment)
class GuidelineAssessmentAdmin(AssessmentAdmin):
    fields = ["follow_up", "guideline", "narrative"]
    readonly_fields = ["follow_up", "guideline"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("follow_up__program", "guideline")


class DecidedFollowUpInline(admin.TabularInline):
    """The follow-ups an agenda item decided, linked from the item (read-only:
    the link is made when the follow-up is approved)."""

    model = FollowUp
    fk_name = "agenda_item"
    fields = ["year", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    view_on_site = False  # a decided follow-up may not be published yet
    verbose_name = _("decided follow-up")
    verbose_name_plural = _("decided follow-ups")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("program")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# protocols knows nothing of follow-ups, so the follow-ups app adds them to the
# agenda item's page.
admin.site.unregister(AgendaItem)


@admin.register(AgendaItem)
class AgendaItemWithFollowUpsAdmin(AgendaItemAdmin):
    inlines = [*AgendaItemAdmin.inlines, DecidedFollowUpInline]
