"""The report keeps the votes and conflicts of interest of the item that decided
it, as they were when the follow-up was approved."""

from django.urls import reverse

from huddinge_safety.followups.models import FollowUp, ReportVersion
from huddinge_safety.protocols.models import Ballot, Person
from tests.factories import FollowUpFactory, UserFactory
from tests.pdf_reading import page_texts
from tests.protocols.minutes_data import goteborg_meeting


def decided_in_a_vote():
    minutes = goteborg_meeting()
    follow_up = FollowUpFactory(agenda_item=minutes["item"], year=2023)
    follow_up.record_steps_to(FollowUp.Status.PUBLISHED)
    ReportVersion.objects.freeze(follow_up, UserFactory())
    return follow_up, minutes["vote"]


def report_html(client, follow_up):
    url = reverse("followups:report", args=[follow_up.program_id, follow_up.year])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<h2 id="beslutet">') :]


def test_the_report_shows_the_deciding_vote_with_names_and_the_conflict_of_interest(client, db):
    follow_up, vote = decided_in_a_vote()
    decision = report_html(client, follow_up)
    assert "<dt>Jäv</dt>" in decision
    assert "Marina Johansson</a> (deltar inte)" in decision
    assert f'<article class="vote" id="omrostning-{vote.pk}">' in decision
    assert "<h4>Omröstning 1</h4>" in decision
    for ballot in Ballot.objects.filter(vote=vote).select_related("person"):
        assert f"{ballot.person}</a>" in decision
    assert '<th scope="row">Ja</th>' in decision
    assert "Ja-sidan vann." in decision


def test_the_frozen_vote_stays_as_decided_when_the_minutes_change(client, db):
    follow_up, vote = decided_in_a_vote()
    voter = Ballot.objects.filter(vote=vote).first().person_id
    Person.objects.filter(pk=voter).update(name="Ett nytt namn")
    decision = report_html(client, follow_up)
    assert "Ett nytt namn" not in decision


def test_the_report_pdf_shows_the_deciding_vote(client, db):
    follow_up, _vote = decided_in_a_vote()
    url = reverse("followups:report_pdf", args=[follow_up.program_id, follow_up.year])
    text = " ".join(" ".join(page_texts(client.get(url).getvalue())).split())
    assert "Omröstning 1" in text
    assert "Ja-sidan vann." in text
