"""The resources of the open data API.

People and organisations take the names of Popolo and Open Civic Data where
they fit: a body is an ``organization`` (classification ``committee``), a party
an organization of classification ``party``, a meeting an ``event``."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from huddinge_safety.followups.models import AssessmentStatus, FollowUp
from huddinge_safety.goals.models import Goal, Indicator, IndicatorValue
from huddinge_safety.programs.models import Guideline, Program, ResponsibilityArea
from huddinge_safety.protocols.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    Meeting,
    Party,
    Person,
    ProtocolNote,
    Recusal,
    Signatory,
    Speaker,
    Vote,
)


def link(resource, **kwargs):
    """A read-only hyperlink to a resource of this API."""
    return serializers.HyperlinkedRelatedField(
        view_name=f"api:{resource}-detail", read_only=True, **kwargs
    )


def self_link(resource):
    return serializers.HyperlinkedIdentityField(view_name=f"api:{resource}-detail")


def resource_url(resource, pk, request):
    return reverse(f"api:{resource}-detail", args=[pk], request=request)


@extend_schema_field(OpenApiTypes.URI)
class PageField(serializers.Field):
    """The absolute address of the object's public page on the site."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


class ConstantField(serializers.Field):
    """The same value for every object, e.g. the Popolo classification."""

    def __init__(self, value, **kwargs):
        self.value = value
        super().__init__(source="*", read_only=True, **kwargs)
        extend_schema_field({"type": "string", "enum": [value]})(self)

    def to_representation(self, value):
        return self.value


class OrganizationSerializer(serializers.ModelSerializer):
    url = self_link("organization")
    html_url = PageField()
    classification = ConstantField("committee")

    class Meta:
        model = Body
        fields = ["id", "url", "html_url", "name", "classification"]


class PartySerializer(serializers.ModelSerializer):
    url = self_link("party")
    html_url = PageField()
    classification = ConstantField("party")

    class Meta:
        model = Party
        fields = ["id", "url", "html_url", "abbreviation", "name", "classification"]


class PersonSerializer(serializers.ModelSerializer):
    url = self_link("person")
    html_url = PageField()
    party = link("party", allow_null=True)

    class Meta:
        model = Person
        fields = ["id", "url", "html_url", "name", "party", "title"]


class AgendaEntrySerializer(serializers.ModelSerializer):
    url = self_link("agendaitem")

    class Meta:
        model = AgendaItem
        fields = ["id", "url", "item_number", "paragraph", "title"]


class AttendanceSerializer(serializers.ModelSerializer):
    """Who took part in the meeting and as what; ``from_item``/``to_item`` bound
    the agenda items it applies to (null: from the first, to the last)."""

    person = link("person")
    name = serializers.CharField(source="person.name", read_only=True)
    party = link("party", allow_null=True)
    substitute_for = link("person", allow_null=True)
    from_item = link("agendaitem", allow_null=True)
    to_item = link("agendaitem", allow_null=True)

    class Meta:
        model = Attendance
        fields = [
            "order",
            "person",
            "name",
            "role",
            "party",
            "title",
            "substitute_for",
            "from_item",
            "to_item",
            "arrival",
            "departure",
        ]


class EventSerializer(serializers.ModelSerializer):
    url = self_link("event")
    html_url = PageField()
    name = serializers.CharField(source="__str__", read_only=True)
    classification = ConstantField("committee-meeting")
    start_date = serializers.DateField(source="date", allow_null=True, read_only=True)
    organization = link("organization", source="body")
    chair = link("person", allow_null=True)
    secretary = link("person", allow_null=True)
    adjusters = serializers.SerializerMethodField(
        help_text="Who adjusted (justerade) and signed the minutes, in order."
    )
    appeal_deadline = serializers.DateField(
        read_only=True, allow_null=True, help_text="The last day to appeal the decisions."
    )
    attendance = AttendanceSerializer(source="attendances", many=True, read_only=True)
    agenda = AgendaEntrySerializer(source="agenda_items", many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "url",
            "html_url",
            "name",
            "classification",
            "start_date",
            "start_time",
            "end_time",
            "place",
            "organization",
            "chair",
            "secretary",
            "adjusted_on",
            "adjusters",
            "notice_posted_on",
            "notice_removed_on",
            "appeal_deadline",
            "minutes_kept_at",
            "attendance",
            "agenda",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_adjusters(self, meeting):
        request = self.context["request"]
        return [
            resource_url("person", adjuster.person_id, request)
            for adjuster in meeting.adjusters.all()
        ]


class SpeakerSerializer(serializers.ModelSerializer):
    person = link("person")
    name = serializers.CharField(source="person.name", read_only=True)
    party = link("party", allow_null=True)
    party_abbreviation = serializers.CharField(
        source="party.abbreviation", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Speaker
        fields = ["order", "person", "name", "party", "party_abbreviation", "title"]


class SignatorySerializer(serializers.ModelSerializer):
    person = link("person")
    name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Signatory
        fields = ["order", "person", "name", "is_substitute"]


class NoteSerializer(serializers.ModelSerializer):
    """A protocol note, reservation or motion (yrkande). A reservation may name
    the vote it reserves against (``vote``, an id among the item's votes) and the
    motion it favours (``in_favour_of``, an id among the item's notes)."""

    on_behalf_of = link("party", allow_null=True)
    parties = link("party", many=True)
    text = serializers.CharField(source="body", read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)

    class Meta:
        model = ProtocolNote
        fields = [
            "id",
            "order",
            "kind",
            "attachment_label",
            "date",
            "on_behalf_of",
            "parties",
            "text",
            "signatories",
            "vote",
            "in_favour_of",
        ]


class BallotSerializer(serializers.ModelSerializer):
    person = link("person")
    name = serializers.CharField(source="person.name", read_only=True)
    party = link("party", allow_null=True)

    class Meta:
        model = Ballot
        fields = ["person", "name", "party", "is_substitute", "choice"]


class VoteSerializer(serializers.ModelSerializer):
    """A vote (omröstning): the proposition, the counts and, by roll call, each
    member's answer."""

    ballots = BallotSerializer(many=True, read_only=True)

    class Meta:
        model = Vote
        fields = [
            "id",
            "order",
            "proposition",
            "yes_count",
            "no_count",
            "abstain_count",
            "outcome",
            "ballots",
        ]


class RecusalSerializer(serializers.ModelSerializer):
    person = link("person")
    name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Recusal
        fields = ["person", "name", "note"]


class FollowUpEntrySerializer(serializers.ModelSerializer):
    url = self_link("followup")

    class Meta:
        model = FollowUp
        fields = ["id", "url", "year"]


class AgendaItemSerializer(serializers.ModelSerializer):
    url = self_link("agendaitem")
    html_url = PageField()
    event = link("event", source="meeting")
    organization = link("organization", source="meeting.body")
    date = serializers.DateField(source="meeting.date", allow_null=True, read_only=True)
    document_references = serializers.StringRelatedField(many=True, read_only=True)
    speakers = SpeakerSerializer(many=True, read_only=True)
    notes = NoteSerializer(many=True, read_only=True)
    votes = VoteSerializer(many=True, read_only=True)
    recusals = RecusalSerializer(many=True, read_only=True)
    extract_recipients = serializers.SlugRelatedField(
        slug_field="recipient",
        many=True,
        read_only=True,
        help_text="To whom an extract of the minutes is sent.",
    )
    follow_ups = FollowUpEntrySerializer(source="published_follow_ups", many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "url",
            "html_url",
            "event",
            "organization",
            "date",
            "item_number",
            "paragraph",
            "title",
            "registry_number",
            "decision",
            "summary",
            "tabled",
            "document_references",
            "speakers",
            "notes",
            "votes",
            "recusals",
            "extract_recipients",
            "follow_ups",
        ]


class GoalEntrySerializer(serializers.ModelSerializer):
    url = self_link("goal")
    code = serializers.CharField(read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "url", "code", "number", "text"]


class AreaSerializer(serializers.ModelSerializer):
    goals = GoalEntrySerializer(many=True, read_only=True)

    class Meta:
        model = ResponsibilityArea
        fields = ["id", "number", "title", "sub_goal", "goals"]


class GuidelineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Guideline
        fields = ["id", "title", "description"]


class ProgramSerializer(serializers.ModelSerializer):
    url = self_link("program")
    html_url = PageField()
    adopted_by = link("organization", allow_null=True)
    areas = AreaSerializer(many=True, read_only=True)
    guidelines = GuidelineSerializer(many=True, read_only=True)
    indicators = link("indicator", many=True)
    follow_ups = FollowUpEntrySerializer(source="published_follow_ups", many=True, read_only=True)

    class Meta:
        model = Program
        fields = [
            "id",
            "url",
            "html_url",
            "title",
            "is_example",
            "start_year",
            "end_year",
            "overall_goal",
            "description",
            "adopted_by",
            "adopted_on",
            "areas",
            "guidelines",
            "indicators",
            "follow_ups",
        ]


class AreaEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = ResponsibilityArea
        fields = ["id", "number", "title"]


class GoalStatusSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AssessmentStatus.choices)
    narrative = serializers.CharField()
    follow_up = serializers.URLField()


class GoalSerializer(serializers.ModelSerializer):
    url = self_link("goal")
    html_url = PageField()
    program = link("program", source="area.program")
    area = AreaEntrySerializer(read_only=True)
    code = serializers.CharField(read_only=True)
    indicators = link("indicator", many=True)
    statuses = serializers.SerializerMethodField(
        help_text="The goal's status in every published follow-up, as decided, oldest first."
    )

    class Meta:
        model = Goal
        fields = [
            "id",
            "url",
            "html_url",
            "program",
            "area",
            "number",
            "code",
            "text",
            "indicators",
            "statuses",
        ]

    @extend_schema_field(GoalStatusSerializer(many=True))
    def get_statuses(self, goal):
        request = self.context["request"]
        return [
            {
                "year": follow_up.year,
                "status": content["status"],
                "narrative": content["narrative"],
                "follow_up": resource_url("followup", follow_up.pk, request),
            }
            for follow_up, content in self.context["statuses"].get(goal.pk, [])
        ]


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["year", "geography", "value", "source", "fetched_at"]


class IndicatorSerializer(serializers.ModelSerializer):
    url = self_link("indicator")
    program = link("program")
    goals = link("goal", many=True)
    values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "url",
            "program",
            "goals",
            "name",
            "unit",
            "source",
            "kolada_kpi",
            "direction",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "values",
        ]


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    reason = serializers.CharField(help_text="Why the report was corrected; empty for version 1.")
    sha256 = serializers.CharField(help_text="SHA-256 of the version's content.")


class GoalAssessmentSerializer(serializers.Serializer):
    goal = serializers.URLField()
    goal_id = serializers.IntegerField()
    code = serializers.CharField()
    text = serializers.CharField()
    status = serializers.ChoiceField(choices=AssessmentStatus.choices)
    narrative = serializers.CharField()


class GuidelineAssessmentSerializer(serializers.Serializer):
    guideline_id = serializers.IntegerField(source="id")
    title = serializers.CharField()
    narrative = serializers.CharField()


class FollowUpSerializer(serializers.ModelSerializer):
    """A published follow-up as decided: read from its newest report version
    (``content``, set by the view), so a correction shows and nothing else does."""

    url = self_link("followup")
    html_url = PageField()
    program = link("program")
    version = serializers.SerializerMethodField()
    summary = serializers.CharField(source="content.summary", read_only=True)
    document_reference = serializers.CharField(source="content.document_reference", read_only=True)
    overall_status = serializers.ChoiceField(
        source="content.overall_status", choices=AssessmentStatus.choices, read_only=True
    )
    overall_narrative = serializers.CharField(source="content.overall_narrative", read_only=True)
    goal_assessments = serializers.SerializerMethodField()
    guideline_assessments = GuidelineAssessmentSerializer(
        source="content.guidelines", many=True, read_only=True
    )
    decision = serializers.SerializerMethodField(
        help_text="The agenda item that approved the follow-up."
    )

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "url",
            "html_url",
            "program",
            "year",
            "published_at",
            "version",
            "summary",
            "document_reference",
            "overall_status",
            "overall_narrative",
            "goal_assessments",
            "guideline_assessments",
            "decision",
        ]

    @extend_schema_field(VersionSerializer(allow_null=True))
    def get_version(self, follow_up):
        if not follow_up.decided_versions:
            return None
        return VersionSerializer(follow_up.decided_versions[0]).data

    @extend_schema_field(GoalAssessmentSerializer(many=True))
    def get_goal_assessments(self, follow_up):
        request = self.context["request"]
        return [
            {
                "goal": resource_url("goal", goal["id"], request),
                "goal_id": goal["id"],
                "code": goal["code"],
                "text": goal["text"],
                "status": goal["status"],
                "narrative": goal["narrative"],
            }
            for area in follow_up.content["areas"]
            for goal in area["goals"]
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_decision(self, follow_up):
        decision = follow_up.content["decision"]
        if decision is None:
            return None
        return resource_url("agendaitem", decision["id"], self.context["request"])
