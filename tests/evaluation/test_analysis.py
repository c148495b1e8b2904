"""The evaluation analysis: exact statistics, filters, targets, anonymity, comparisons, knowledge
gain, the follow-up needs assessment and the exports."""

import csv
import io
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessments.enums import CampaignKind, ResponseStatus
from assessments.models import Campaign
from core.enums import OrganisationKind, Role
from core.models import Topic
from evaluation.analysis import DEFAULT_CODES, TEXT_CAP, recommendation_score, summarise
from evaluation.enums import QuestionKind
from evaluation.models import Invitee, Question, Questionnaire, Receipt, Section

from ..factories import ProgrammeFactory, SessionFactory, member
from . import rows
from .registry_analysis import bulk_responses, follow_up_campaign, levels, new_evaluation, submit

pytestmark = pytest.mark.django_db


def _result(response, code):
    return next(result for result in response.context["analysis"].results if result.question.code == code)


def _invitee(evaluation, name, organisation):
    person = member(organisation, Role.LG_STAFF, full_name=name)
    invitee = Invitee.objects.create(evaluation=evaluation, person=person, organisation=organisation, role="trainee")
    Receipt.objects.create(invitee=invitee)
    return invitee


# --------------------------------------------------------------------------- statistics


def test_summarise_odd_count_gives_exact_mean_median_and_sample_sd():
    summary = summarise({1: 1, 2: 1, 4: 2, 5: 1})  # 1, 2, 4, 4, 5

    assert (summary.n, summary.mean, summary.median) == (5, 3.2, 4.0)
    assert summary.sd == pytest.approx(math.sqrt(2.7), abs=1e-12)


def test_summarise_even_count_takes_the_middle_pair_and_one_answer_has_no_sd():
    assert summarise({1: 1, 2: 1, 4: 1, 5: 1}).median == 3.0
    assert summarise({3: 1}) == summarise({3: 1, 4: 0})
    assert (summarise({3: 1}).sd, summarise({}).mean) == (None, None)


def test_recommendation_score_is_promoters_minus_detractors():
    # 4 promoters (9-10), 3 passives (7-8), 3 detractors (0-6) of 10.
    assert recommendation_score({10: 3, 9: 1, 8: 2, 7: 1, 6: 2, 0: 1}) == 10.0
    assert recommendation_score({0: 2, 1: 1}) == -100.0
    assert recommendation_score({}) is None


def test_analysis_page_shows_exact_statistics_of_hand_made_responses(client, world):
    evaluation = rows.evaluation(world)
    for relevance, recommend in [(1, 10), (2, 9), (4, 8), (4, 6), (5, 0)]:
        submit(evaluation, {"relevance": relevance, "recommend": recommend})
    client.force_login(world.a.project_manager)

    response = client.get(reverse("evaluation:analysis", kwargs={"pk": evaluation.pk}))

    relevance, recommend = _result(response, "relevance"), _result(response, "recommend")
    assert (relevance.summary.n, relevance.summary.mean, relevance.summary.median) == (5, 3.2, 4.0)
    assert relevance.summary.sd == pytest.approx(math.sqrt(2.7))
    assert relevance.counts == {1: 1, 2: 1, 4: 2, 5: 1}
    assert (recommend.summary.mean, recommend.score) == (6.6, 0.0)  # 2 promoters, 2 detractors of 5
    content = response.content.decode()
    assert "3.20" in content and 'class="column"' in content


def test_response_rate_counts_receipts_of_invitees(client, world):
    evaluation = rows.evaluation(world)  # one invitee who has not answered
    rows.respondents(world, 3)
    client.force_login(world.a.coordinator)

    response = client.get(reverse("evaluation:analysis", kwargs={"pk": evaluation.pk}))

    analysis = response.context["analysis"]
    assert (analysis.invited, analysis.answered, analysis.rate, analysis.responses) == (4, 3, 75, 3)


def test_choice_and_topic_questions_count_per_option_and_topic(client, world):
    evaluation = rows.evaluation(world)
    first, second = Topic.objects.order_by("pk")[:2]
    submit(evaluation, {"support_topics": [first, second]})
    submit(evaluation, {"support_topics": [first]})
    client.force_login(world.a.coordinator)

    response = client.get(reverse("evaluation:analysis", kwargs={"pk": evaluation.pk}))

    assert [(topic.pk, n) for topic, n in _result(response, "support_topics").topics] == [(first.pk, 2), (second.pk, 1)]


def _own_questionnaire(world):
    """A questionnaire of A's own: a choice question outside any section, then a section."""
    questionnaire = Questionnaire.objects.create(organisation=world.a.coordinator_org, title="Own")
    section = Section.objects.create(questionnaire=questionnaire, title="Part", order=1)
    Question.objects.create(
        questionnaire=questionnaire,
        section=section,
        order=1,
        kind=QuestionKind.LIKERT,
        text="Useful?",
        code="relevance",
    )
    Question.objects.create(
        questionnaire=questionnaire, order=2, kind=QuestionKind.SINGLE, text="Format", code="format", options=["A", "B"]
    )
    Question.objects.create(
        questionnaire=questionnaire,
        section=section,
        order=3,
        kind=QuestionKind.MULTIPLE,
        text="Days",
        code="days",
        options=["Mon", "Tue", "Wed"],
    )
    return questionnaire


def test_choice_questions_count_per_option_in_the_order_of_the_form(client, world):
    evaluation = new_evaluation(world, world.a.programme, "Own questions")
    evaluation.questionnaire = _own_questionnaire(world)
    evaluation.save()
    submit(evaluation, {"format": 1, "days": [0, 2]})
    submit(evaluation, {"format": 1, "days": [2]})
    client.force_login(world.a.coordinator)

    response = client.get(reverse("evaluation:analysis", kwargs={"pk": evaluation.pk}))
    exported = client.get(reverse("evaluation:export", kwargs={"pk": evaluation.pk, "fmt": "csv"}))

    results = response.context["analysis"].results
    assert [result.question.code for result in results] == ["format", "relevance", "days"]
    assert results[0].option_counts == [("A", 0), ("B", 2)]
    assert results[2].option_counts == [("Mon", 1), ("Tue", 0), ("Wed", 2)]
    table = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [row[-3:] for row in table] == [["format", "relevance", "days"], ["B", "", "Mon; Wed"], ["B", "", "Wed"]]


def test_analysis_queries_do_not_grow_from_10_to_1000_responses(client, world):
    evaluation = rows.evaluation(world)
    url = reverse("evaluation:analysis", kwargs={"pk": evaluation.pk})
    client.force_login(world.a.project_manager)
    client.get(url)
    bulk_responses(evaluation, 10)
    with CaptureQueriesContext(connection) as at_10:
        assert client.get(url).status_code == 200
    bulk_responses(evaluation, 990)

    with CaptureQueriesContext(connection) as at_1000:
        response = client.get(url)

    assert len(at_1000) == len(at_10)
    assert _result(response, "relevance").summary.n == 1000
    assert _result(response, "relevance").summary.mean == 3.0  # 1..5 evenly


def test_text_answers_are_capped_newest_first_with_a_show_all_link(client, world):
    evaluation = rows.evaluation(world)
    for i in range(25):
        submit(evaluation, {"comments": f"Comment {i}"})
    client.force_login(world.a.coordinator)
    url = reverse("evaluation:analysis", kwargs={"pk": evaluation.pk})

    capped = _result(client.get(url), "comments")
    question_pk = capped.question.pk
    everything = _result(client.get(url, {"show": question_pk}), "comments")

    assert (len(capped.texts), capped.text_total, capped.texts[0]["text"]) == (TEXT_CAP, 25, "Comment 24")
    assert len(everything.texts) == 25 and not everything.texts_capped


# --------------------------------------------------------------------------- filters and targets


def test_filters_restrict_the_responses_by_kind_country_and_role(client, world):
    evaluation = rows.evaluation(world)
    submit(evaluation, {"relevance": 5}, country="BE", role="trainee")
    submit(evaluation, {"relevance": 1}, country="HR", role="trainee")
    submit(evaluation, {"relevance": 3}, country="HR", role="peer", organisation_kind=OrganisationKind.SUPPORTER)
    client.force_login(world.a.coordinator)
    url = reverse("evaluation:analysis", kwargs={"pk": evaluation.pk})

    by_country = _result(client.get(url, {"country": "HR"}), "relevance")
    by_role = _result(client.get(url, {"country": "HR", "role": "peer"}), "relevance")
    by_kind = _result(client.get(url, {"organisation_kind": "local_government"}), "relevance")

    assert (by_country.summary.n, by_country.summary.mean) == (2, 2.0)
    assert (by_role.summary.n, by_role.summary.mean) == (1, 3.0)
    assert (by_kind.summary.n, by_kind.summary.mean) == (2, 3.0)


def test_invalid_filter_is_a_400_with_a_field_error(client, world):
    evaluation = rows.evaluation(world)
    client.force_login(world.a.coordinator)

    response = client.get(reverse("evaluation:analysis", kwargs={"pk": evaluation.pk}), {"role": "emperor"})

    assert response.status_code == 400
    assert "role" in response.context["filter_form"].errors


def test_targets_show_met_and_not_met(client, world):
    evaluation = rows.evaluation(world)  # the method's questions aim at a mean of 4
    submit(evaluation, {"relevance": 4, "content": 3})
    submit(evaluation, {"relevance": 4, "content": 4})
    client.force_login(world.a.coordinator)

    response = client.get(reverse("evaluation:analysis", kwargs={"pk": evaluation.pk}))

    assert (_result(response, "relevance").met, _result(response, "content").met) == (True, False)
    content = response.content.decode()
    assert "target ≥ 4: met" in content and "target ≥ 4: not met" in content


# --------------------------------------------------------------------------- anonymity


def test_anonymous_evaluation_shows_and_exports_no_names(client, world):
    evaluation = new_evaluation(world, world.a.programme, "Anonymous one", anonymous=True)
    organisation = world.a.municipality
    organisation.name = "Hiddenville"
    organisation.save()
    invitee = _invitee(evaluation, "Ada Secretperson", organisation)
    submit(evaluation, {"relevance": 5, "comments": "Great day"}, invitee=invitee)
    client.force_login(world.a.coordinator)

    page = client.get(reverse("evaluation:analysis", kwargs={"pk": evaluation.pk})).content.decode()
    exported = client.get(reverse("evaluation:export", kwargs={"pk": evaluation.pk, "fmt": "csv"}))
    table = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))

    assert "Great day" in page
    for secret in ("Ada Secretperson", "Hiddenville", str(invitee.public_id)):
        assert secret not in page
        assert secret not in exported.content.decode("utf-8-sig")
    assert table[0][:2] == ["response", "relevance"] and table[1][:2] == ["1", "5"]


def test_anonymous_filters_that_single_someone_out_show_nothing(client, world):
    evaluation = new_evaluation(world, world.a.programme, "Anonymous one", anonymous=True)
    for _ in range(3):
        submit(evaluation, {"comments": "From Belgium"}, country="BE")
    submit(evaluation, {"comments": "The only one from Croatia"}, country="HR")
    client.force_login(world.a.coordinator)
    url = reverse("evaluation:analysis", kwargs={"pk": evaluation.pk})

    alone = client.get(url, {"country": "HR"})
    export = client.get(reverse("evaluation:export", kwargs={"pk": evaluation.pk, "fmt": "csv"}), {"country": "HR"})
    enough = client.get(url, {"country": "BE"})

    assert alone.context["analysis"].hidden and "The only one from Croatia" not in alone.content.decode()
    assert len(list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))) == 1  # the header only
    assert not enough.context["analysis"].hidden and "From Belgium" in enough.content.decode()


def test_named_evaluation_shows_the_author_of_a_text_and_exports_names(client, world):
    evaluation = rows.evaluation(world)
    invitee = _invitee(evaluation, "Grace Named", world.a.municipality)
    submit(evaluation, {"relevance": 4, "comments": "Useful"}, invitee=invitee)
    client.force_login(world.a.coordinator)

    page = client.get(reverse("evaluation:analysis", kwargs={"pk": evaluation.pk})).content.decode()
    exported = client.get(reverse("evaluation:export", kwargs={"pk": evaluation.pk, "fmt": "csv"}))
    table = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))

    assert "Grace Named" in page
    assert table[0][:2] == ["person", "organisation"]
    assert table[1][:2] == ["Grace Named", world.a.municipality.name]


# --------------------------------------------------------------------------- exports


def test_exports_parse_back_with_one_column_per_question(client, world):
    evaluation = rows.evaluation(world)
    first, second = Topic.objects.order_by("pk")[:2]
    submit(evaluation, {"relevance": 2, "recommend": 9, "support_topics": [first, second], "comments": "=1+1"})
    submit(evaluation, {"relevance": 5})
    client.force_login(world.a.project_manager)

    as_csv = client.get(reverse("evaluation:export", kwargs={"pk": evaluation.pk, "fmt": "csv"}))
    as_xlsx = client.get(reverse("evaluation:export", kwargs={"pk": evaluation.pk, "fmt": "xlsx"}))

    table = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    header = table[0]
    row = dict(zip(header, table[1], strict=True))
    codes = list(evaluation.questionnaire.questions.order_by("order").values_list("code", flat=True))
    assert header[6:] == codes and len(table) == 3
    assert (row["relevance"], row["recommend"], row["comments"]) == ("2", "9", "'=1+1")
    assert row["support_topics"] == f"{first}; {second}"
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == header and values[1][header.index("relevance")] == 2 and len(values) == 3


def test_export_follows_the_filters_and_refuses_unknown_formats(client, world):
    evaluation = rows.evaluation(world)
    submit(evaluation, {"relevance": 2}, country="BE")
    submit(evaluation, {"relevance": 3}, country="HR")
    client.force_login(world.a.coordinator)

    filtered = client.get(reverse("evaluation:export", kwargs={"pk": evaluation.pk, "fmt": "csv"}), {"country": "HR"})
    unknown = client.get(reverse("evaluation:export", kwargs={"pk": evaluation.pk, "fmt": "pdf"}))

    table = list(csv.reader(io.StringIO(filtered.content.decode("utf-8-sig"))))
    assert [row[table[0].index("relevance")] for row in table[1:]] == ["3"]
    assert unknown.status_code == 404


# --------------------------------------------------------------------------- comparisons


def test_programme_comparison_has_one_row_per_evaluation_with_means_and_targets(client, world):
    early = new_evaluation(world, world.a.programme, "Day 1", session=SessionFactory(programme=world.a.programme))
    whole = new_evaluation(world, world.a.programme, "Overall")
    submit(early, {"relevance": 5, "recommend": 10})
    submit(early, {"relevance": 4, "recommend": 6})
    submit(whole, {"relevance": 2})
    client.force_login(world.a.project_manager)

    response = client.get(reverse("evaluation:programme_comparison", kwargs={"pk": world.a.programme.pk}))

    table = response.context["table"]
    assert table.codes == list(DEFAULT_CODES)
    cells = {row.label.split(" – ")[1]: row.cells for row in table.rows}
    relevance, recommend = table.codes.index("relevance"), table.codes.index("recommend")
    assert (cells["Day 1"][relevance].summary.mean, cells["Day 1"][relevance].summary.n) == (4.5, 2)
    assert (cells["Day 1"][relevance].met, cells["Overall"][relevance].met) == (True, False)
    assert (cells["Day 1"][recommend].summary.mean, cells["Day 1"][recommend].met) == (8.0, None)
    assert cells["Overall"][recommend] is None
    assert "4.50" in response.content.decode()


def test_comparison_chart_shows_the_chosen_code_and_the_filters_apply(client, world):
    evaluation = new_evaluation(world, world.a.programme, "Day 1")
    submit(evaluation, {"relevance": 5, "recommend": 3}, country="BE")
    submit(evaluation, {"relevance": 1, "recommend": 7}, country="HR")
    client.force_login(world.a.coordinator)
    url = reverse("evaluation:programme_comparison", kwargs={"pk": world.a.programme.pk})

    response = client.get(url, {"code": "recommend", "country": "HR"})

    table = response.context["table"]
    assert table.rows[0].cells[table.codes.index("relevance")].summary.mean == 1.0
    assert response.context["code"] == "recommend"
    assert "Mean of “How likely are you to recommend" in response.content.decode()


def test_comparison_hides_filtered_anonymous_cells_that_could_single_someone_out(client, world):
    evaluation = new_evaluation(world, world.a.programme, "Anonymous", anonymous=True)
    submit(evaluation, {"relevance": 5}, country="HR")
    for _ in range(3):
        submit(evaluation, {"relevance": 3}, country="BE")
    client.force_login(world.a.coordinator)
    url = reverse("evaluation:programme_comparison", kwargs={"pk": world.a.programme.pk})

    alone = client.get(url, {"country": "HR"}).context["table"]
    enough = client.get(url, {"country": "BE"}).context["table"]

    column = alone.codes.index("relevance")
    assert alone.rows[0].cells[column] is None
    assert enough.rows[0].cells[column].summary.mean == 3.0


def test_comparison_meets_questions_of_different_questionnaires_by_code(client, world):
    method = new_evaluation(world, world.a.programme, "Method")
    own = new_evaluation(world, world.a.programme, "Own")
    own.questionnaire = _own_questionnaire(world)
    own.save()
    submit(method, {"relevance": 2})
    submit(own, {"relevance": 4})
    client.force_login(world.a.coordinator)

    table = client.get(reverse("evaluation:programme_comparison", kwargs={"pk": world.a.programme.pk})).context["table"]

    column = table.codes.index("relevance")
    assert {row.label.split(" – ")[1]: row.cells[column].summary.mean for row in table.rows} == {
        "Method": 2.0,
        "Own": 4.0,
    }
    assert table.codes.count("relevance") == 1


def test_organisation_comparison_pools_each_programmes_evaluations(client, world):
    other = ProgrammeFactory(organisation=world.a.coordinator_org, title="Second programme")
    submit(new_evaluation(world, world.a.programme, "A1"), {"relevance": 5})
    submit(new_evaluation(world, world.a.programme, "A2"), {"relevance": 2})
    submit(new_evaluation(world, other, "B1"), {"relevance": 4})
    ProgrammeFactory(organisation=world.a.coordinator_org, title="Never evaluated")
    client.force_login(world.a.project_manager)

    response = client.get(reverse("evaluation:organisation_comparison", kwargs={"pk": world.a.coordinator_org.pk}))

    table = response.context["table"]
    column = table.codes.index("relevance")
    means = {row.label: (row.cells[column].summary.mean, row.cells[column].summary.n) for row in table.rows}
    assert means == {world.a.programme.title: (3.5, 2), "Second programme": (4.0, 1)}


def test_organisation_comparison_of_an_organisation_not_managed_is_404(client, world):
    client.force_login(world.a.tutor)

    response = client.get(reverse("evaluation:organisation_comparison", kwargs={"pk": world.a.coordinator_org.pk}))

    assert response.status_code == 404


# --------------------------------------------------------------------------- knowledge gain


def test_knowledge_gain_compares_people_who_answered_both_campaigns(client, world):
    baseline, follow_up = world.a.campaign, follow_up_campaign(world)
    topic, other = baseline.topics.order_by("pk")
    town = world.a.municipality
    ann, bob, cai, dee = (member(town, Role.LG_STAFF, full_name=name) for name in ("Ann", "Bob", "Cai", "Dee"))
    levels(baseline, ann, town, {topic: 2, other: 3})
    levels(follow_up, ann, town, {topic: 4, other: 2})
    levels(baseline, bob, town, {topic: 3})
    levels(follow_up, bob, town, {topic: 3})
    levels(baseline, cai, town, {topic: 1})  # no follow-up: left out
    levels(baseline, dee, town, {topic: 1})
    levels(follow_up, dee, town, {topic: 5}, status=ResponseStatus.DRAFT)  # not submitted: left out
    evaluation = rows.evaluation(world)
    submit(evaluation, {"knowledge": 4})
    submit(evaluation, {"knowledge": 5})
    client.force_login(world.a.project_manager)

    response = client.get(reverse("evaluation:knowledge_gain", kwargs={"pk": world.a.programme.pk}))

    gain = response.context["gain"]
    by_topic = {row.topic.pk: row for row in gain.topics}
    first, second = by_topic[topic.pk], by_topic[other.pk]
    assert (first.people, first.baseline_mean, first.follow_up_mean, first.mean_change) == (2, 2.5, 3.5, 1.0)
    assert (first.improved, first.improved_share) == (1, 50.0)
    assert (second.people, second.mean_change, second.improved_share) == (1, -1.0, 0.0)
    assert (gain.self_reported.n, gain.self_reported.mean) == (2, 4.5)


def test_knowledge_gain_without_follow_up_says_so(client, world):
    client.force_login(world.a.coordinator)

    response = client.get(reverse("evaluation:knowledge_gain", kwargs={"pk": world.a.programme.pk}))

    assert response.context["gain"].follow_up is None
    assert "There is no follow-up needs assessment yet" in response.content.decode()


# --------------------------------------------------------------------------- the loop


def test_follow_up_creates_a_draft_campaign_on_the_counted_topics_inviting_nobody(client, world):
    evaluation = rows.evaluation(world)
    first, second, third = Topic.objects.order_by("pk")[:3]
    submit(evaluation, {"support_topics": [first, second]})
    submit(evaluation, {"support_topics": [second]})
    client.force_login(world.a.coordinator)
    comparison = client.get(reverse("evaluation:programme_comparison", kwargs={"pk": world.a.programme.pk}))
    before = set(Campaign.objects.values_list("pk", flat=True))

    response = client.post(reverse("evaluation:follow_up", kwargs={"pk": world.a.programme.pk}))

    campaign = Campaign.objects.exclude(pk__in=before).get()
    assert [(topic.pk, n) for topic, n in comparison.context["topics"]] == [(second.pk, 2), (first.pk, 1)]
    assert response.status_code == 302 and response.url == campaign.get_absolute_url()
    assert set(campaign.topics.all()) == {first, second} and third not in campaign.topics.all()
    assert (campaign.kind, campaign.programme, campaign.invitations.count()) == (
        CampaignKind.BASELINE,
        world.a.programme,
        0,
    )


def test_follow_up_without_support_topics_creates_nothing(client, world):
    client.force_login(world.a.coordinator)
    before = Campaign.objects.count()

    response = client.post(reverse("evaluation:follow_up", kwargs={"pk": world.a.programme.pk}), follow=True)

    assert Campaign.objects.count() == before
    assert "Nobody asked for further support" in response.content.decode()


def test_follow_up_is_for_coordinators_only(client, world):
    submit(rows.evaluation(world), {"support_topics": [Topic.objects.first()]})
    client.force_login(world.a.project_manager)
    before = Campaign.objects.count()

    response = client.post(reverse("evaluation:follow_up", kwargs={"pk": world.a.programme.pk}))

    assert (response.status_code, Campaign.objects.count()) == (404, before)


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("evaluation:programme_comparison", lambda world: {"pk": world.a.programme.pk}),
        ("evaluation:organisation_comparison", lambda world: {"pk": world.a.coordinator_org.pk}),
        ("evaluation:export", lambda world: {"pk": rows.evaluation(world).pk, "fmt": "xlsx"}),
    ],
)
def test_invalid_filters_elsewhere_are_a_400_with_the_form(client, world, name, kwargs):
    client.force_login(world.a.coordinator)

    response = client.get(reverse(name, kwargs=kwargs(world)), {"organisation_kind": "castle", "code": "nonsense"})

    assert response.status_code == 400
    assert "organisation_kind" in response.context["filter_form"].errors
