"""Property test of the respond form: whatever is posted, never a 500; a refused post keeps the
saved draft; sending twice keeps one response."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from core.enums import Role
from evaluation.enums import QuestionKind
from evaluation.models import Invitee, Receipt, Submission

from ..factories import member
from .test_respond import _custom, _topics, _url

pytestmark = pytest.mark.django_db

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
HUGE = st.integers(490, 12000).map(lambda n: "z" * n)
SCALAR = st.one_of(TEXT, HUGE, st.integers(-(10**12), 10**12).map(str))
GARBAGE = st.one_of(SCALAR, st.lists(SCALAR, min_size=1, max_size=4))
KEYS = st.one_of(st.integers(-5, 10**9).map(lambda i: f"q_{i}"), TEXT.filter(lambda key: key != "action"))
SAVED = {"recommend": 8, "short": "Kept"}


@pytest.fixture
def setting(world):
    invitee, questions = _custom(world, likert=2)
    return invitee.evaluation, questions, [topic.pk for topic in _topics()]


def _valid(question, topic_ids):
    kind = question.kind
    if kind == QuestionKind.LIKERT:
        return st.integers(1, 5).map(str)
    if kind == QuestionKind.RECOMMEND:
        return st.integers(0, 10).map(str)
    if kind == QuestionKind.SINGLE:
        return st.integers(0, len(question.options) - 1).map(str)
    if kind == QuestionKind.MULTIPLE:
        return st.lists(st.integers(0, len(question.options) - 1).map(str), max_size=3)
    if kind == QuestionKind.SUPPORT_TOPICS:
        return st.lists(st.sampled_from(topic_ids).map(str), max_size=2)
    return TEXT


@st.composite
def posts(draw, questions, topic_ids):
    data = {}
    action = draw(st.sampled_from(["draft", "submit", "submit", "other", None]))
    if action is not None:
        data["action"] = action
    # A third of the posts are well formed, so that sending succeeds often enough to be tested too.
    clean = draw(st.integers(0, 2)) == 0
    for question in questions.values():
        if clean:
            choice = "valid" if question.required else draw(st.sampled_from(["missing", "valid"]))
        else:
            choice = draw(st.sampled_from(["missing", "valid", "valid", "garbage"]))
        if choice == "valid":
            data[f"q_{question.pk}"] = draw(_valid(question, topic_ids))
        elif choice == "garbage":
            data[f"q_{question.pk}"] = draw(GARBAGE)
    if not clean:
        data.update(draw(st.dictionaries(KEYS, GARBAGE, max_size=4)))
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_post_is_answered_without_error_and_keeps_the_draft(client, world, setting, data):
    evaluation, questions, topic_ids = setting
    invitee = Invitee.objects.create(
        evaluation=evaluation,
        person=member(world.a.municipality, Role.LG_STAFF),
        organisation=world.a.municipality,
        draft={str(questions[code].pk): value for code, value in SAVED.items()},
    )
    saved = dict(invitee.draft)
    posted = data.draw(posts(questions, topic_ids))

    response = client.post(_url(invitee), posted)

    assert response.status_code in {200, 302, 400, 410}
    event(f"{posted.get('action')} -> {response.status_code}")  # shown by --hypothesis-show-statistics
    invitee.refresh_from_db()
    answered = Receipt.objects.filter(invitee=invitee).exists()
    if response.status_code == 400:
        assert invitee.draft == saved
        assert not answered
        assert response.context["form"].errors
    elif response.status_code == 302:
        assert posted.get("action") != "submit" and not answered
        assert set(invitee.draft) <= {str(question.pk) for question in questions.values()}
    elif posted.get("action") == "submit":
        assert answered and invitee.draft == {}
        again = client.post(_url(invitee), posted)
        assert again.status_code == 200
        assert Submission.objects.filter(invitee=invitee).count() == 1
