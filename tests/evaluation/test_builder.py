"""The questionnaire builder: adding, editing, removing and reordering; new versions once answered;
the method's default questionnaire resolved in the editor's language when its texts change."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from evaluation import builder, defaults
from evaluation.enums import QuestionKind
from evaluation.models import AnswerValue, Question, Questionnaire, Section

from . import rows

pytestmark = pytest.mark.django_db


def _own(world, **fields) -> Questionnaire:
    """A questionnaire of organisation A typed by its coordinator: two sections, three questions."""
    questionnaire = Questionnaire.objects.create(
        organisation=world.a.coordinator_org, title=fields.pop("title", "Workshop feedback"), **fields
    )
    first = Section.objects.create(questionnaire=questionnaire, title="Content", order=1)
    second = Section.objects.create(questionnaire=questionnaire, title="Next", order=2)
    for order, (section, code, kind, text) in enumerate(
        [
            (first, "useful", QuestionKind.LIKERT, "It was useful."),
            (first, "clear", QuestionKind.LIKERT, "It was clear."),
            (second, "more", QuestionKind.LONG_TEXT, "What else?"),
        ],
        start=1,
    ):
        Question.objects.create(
            questionnaire=questionnaire, section=section, order=order, kind=kind, text=text, code=code
        )
    return questionnaire


def _texts(questionnaire) -> list[str]:
    return [question.text for part in builder.questionnaire_outline(questionnaire) for question in part.questions]


def _question_data(**overrides) -> dict:
    return {
        "kind": QuestionKind.SINGLE,
        "text": "Which format do you prefer?",
        "help_text": "Pick one.",
        "required": "on",
        "section": "",
        "options": "On site\nOnline\n\nHybrid\n",
        "code": "format",
        "target_mean": "",
    } | overrides


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def dutch_defaults():
    """The Dutch catalogue's texts of some of the default questionnaire's message ids, to see them
    resolved in the editor's language."""
    msgids = [
        defaults.TITLE,
        defaults.INTRODUCTION,
        "The event",
        "The event was relevant to my work.",
        "Venue, timing, materials, online connection.",
    ]
    with translation.override("nl"):
        texts = {msgid: translation.gettext(msgid) for msgid in msgids}
    assert all(texts[msgid] != msgid for msgid in msgids), "the Dutch catalogue lacks the default questionnaire"
    return texts


# Adding, editing, removing, reordering


def test_coordinator_adds_a_choice_question_at_the_end_of_its_section(client, world):
    questionnaire = _own(world)
    section = questionnaire.sections.get(title="Content")
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("evaluation:question_create", kwargs={"pk": questionnaire.pk}),
        _question_data(section=section.pk, target_mean=""),
    )

    assert response.status_code == 302
    assert response.url == questionnaire.get_absolute_url()
    added = questionnaire.questions.get(code="format")
    assert (added.kind, added.text, added.help_text, added.required, added.section, added.options) == (
        QuestionKind.SINGLE,
        "Which format do you prefer?",
        "Pick one.",
        True,
        section,
        ["On site", "Online", "Hybrid"],
    )
    assert _texts(questionnaire) == ["It was useful.", "It was clear.", "Which format do you prefer?", "What else?"]
    assert Questionnaire.objects.filter(family=questionnaire.family).count() == 1  # no answers: no new version


def test_options_are_dropped_for_a_question_that_is_not_a_choice(client, world):
    questionnaire = _own(world)
    client.force_login(world.a.coordinator)

    client.post(
        reverse("evaluation:question_create", kwargs={"pk": questionnaire.pk}),
        _question_data(kind=QuestionKind.LIKERT, options="left over\nfrom before", target_mean="4.5"),
    )

    added = questionnaire.questions.get(code="format")
    assert (added.options, added.target_mean, added.section) == ([], Decimal("4.5"), None)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"options": "Only one"}, "options", "Give at least 2 options, one per line."),
        ({"options": "\n".join(f"Option {i}" for i in range(21))}, "options", "Give at most 20 options."),
        ({"options": "Online\nOn site\nonline"}, "options", "Each option only once: online."),
        (
            {"kind": QuestionKind.LIKERT, "target_mean": "5.5"},
            "target_mean",
            "The target must lie on the scale, from 1 to 5.",
        ),
        (
            {"kind": QuestionKind.RECOMMEND, "target_mean": "-1"},
            "target_mean",
            "The target must lie on the scale, from 0 to 10.",
        ),
        (
            {"kind": QuestionKind.SHORT_TEXT, "target_mean": "3"},
            "target_mean",
            "Only a question on a scale (1 to 5 or 0 to 10) can have a target.",
        ),
        ({"code": "not a slug!"}, "code", None),
        ({"text": ""}, "text", None),
        ({"kind": "essay"}, "kind", None),
        ({"section": "999999"}, "section", None),
    ],
)
def test_invalid_question_is_refused_with_the_input_kept(client, world, overrides, field, message):
    questionnaire = _own(world)
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("evaluation:question_create", kwargs={"pk": questionnaire.pk}), _question_data(**overrides)
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    assert "Which format do you prefer?" in response.content.decode() or field == "text"
    assert questionnaire.questions.count() == 3


def test_a_section_of_another_questionnaire_is_refused(world):
    questionnaire = _own(world)
    foreign = _own(world, title="Other").sections.first()

    with pytest.raises(builder.ValidationError) as refused:
        builder.question_create(questionnaire=questionnaire, kind=QuestionKind.LIKERT, text="Good?", section=foreign)

    assert "section" in refused.value.message_dict
    assert questionnaire.questions.count() == 3


def test_code_is_unique_within_a_questionnaire(client, world):
    questionnaire = _own(world)
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("evaluation:question_create", kwargs={"pk": questionnaire.pk}),
        _question_data(code="useful"),
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"code": ["Another question of this questionnaire has this code."]}
    assert questionnaire.questions.count() == 3


def test_coordinator_edits_a_question_in_place_when_nobody_answered(client, world):
    questionnaire = _own(world)
    question = questionnaire.questions.get(code="more")
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("evaluation:question_edit", kwargs={"pk": question.pk}),
        _question_data(kind=QuestionKind.SHORT_TEXT, text="Anything else?", code="more", required="", options=""),
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.kind, question.text, question.required, question.questionnaire_id, question.section) == (
        QuestionKind.SHORT_TEXT,
        "Anything else?",
        False,
        questionnaire.pk,
        None,
    )
    assert Questionnaire.objects.filter(family=questionnaire.family).count() == 1


def test_the_edit_form_shows_the_question_and_refuses_bad_input_without_saving(client, world):
    questionnaire = _own(world)
    question = questionnaire.questions.get(code="useful")
    client.force_login(world.a.coordinator)
    url = reverse("evaluation:question_edit", kwargs={"pk": question.pk})

    page = client.get(url)
    refused = client.post(url, _question_data(kind=QuestionKind.LIKERT, text="Changed", code="useful", target_mean="9"))

    assert page.status_code == 200 and "It was useful." in page.content.decode()
    assert refused.status_code == 400 and "Changed" in refused.content.decode()
    question.refresh_from_db()
    assert (question.text, question.target_mean) == ("It was useful.", None)


def test_coordinator_edits_the_title_and_introduction(client, world):
    questionnaire = _own(world)
    client.force_login(world.a.coordinator)
    url = reverse("evaluation:questionnaire_edit", kwargs={"pk": questionnaire.pk})

    refused = client.post(url, {"title": "", "introduction": "Kept"})
    saved = client.post(url, {"title": "After the workshop", "introduction": "Five minutes."})

    assert refused.status_code == 400 and "Kept" in refused.content.decode()
    assert saved.status_code == 302
    questionnaire.refresh_from_db()
    assert (questionnaire.title, questionnaire.introduction) == ("After the workshop", "Five minutes.")


def test_coordinator_removes_a_question(client, world):
    questionnaire = _own(world)
    question = questionnaire.questions.get(code="clear")
    client.force_login(world.a.coordinator)

    response = client.post(reverse("evaluation:question_delete", kwargs={"pk": question.pk}))

    assert response.status_code == 302
    assert _texts(questionnaire) == ["It was useful.", "What else?"]


def test_questions_move_within_their_section_and_stop_at_its_ends(client, world):
    questionnaire = _own(world)
    clear = questionnaire.questions.get(code="clear")
    more = questionnaire.questions.get(code="more")
    client.force_login(world.a.coordinator)

    client.post(reverse("evaluation:question_move", kwargs={"pk": clear.pk}), {"direction": "up"})
    after_up = _texts(questionnaire)
    client.post(reverse("evaluation:question_move", kwargs={"pk": clear.pk}), {"direction": "up"})  # first already
    client.post(reverse("evaluation:question_move", kwargs={"pk": more.pk}), {"direction": "down"})  # last already
    client.post(reverse("evaluation:question_move", kwargs={"pk": more.pk}), {"direction": "sideways"})

    assert after_up == ["It was clear.", "It was useful.", "What else?"]
    assert _texts(questionnaire) == after_up
    assert list(questionnaire.questions.order_by("order").values_list("order", flat=True)) == [1, 2, 3]


def test_moving_renumbers_questions_that_share_an_order(world):
    questionnaire = _own(world)
    questionnaire.questions.update(order=0)
    more = questionnaire.questions.get(code="more")
    Question.objects.filter(pk=more.pk).update(section=questionnaire.sections.get(title="Content"))
    more.refresh_from_db()

    builder.question_move(question=more, direction="up")

    assert _texts(questionnaire) == ["It was useful.", "What else?", "It was clear."]
    assert sorted(questionnaire.questions.values_list("order", flat=True)) == [1, 2, 3]


def test_sections_are_added_renamed_moved_and_removed_keeping_their_questions(client, world):
    questionnaire = _own(world)
    client.force_login(world.a.coordinator)

    client.post(reverse("evaluation:section_create", kwargs={"pk": questionnaire.pk}), {"title": "Logistics"})
    logistics = questionnaire.sections.get(title="Logistics")
    client.post(reverse("evaluation:section_edit", kwargs={"pk": logistics.pk}), {"title": "Practical matters"})
    client.post(reverse("evaluation:section_move", kwargs={"pk": logistics.pk}), {"direction": "up"})
    titles = [part.section.title for part in builder.questionnaire_outline(questionnaire)]
    content = questionnaire.sections.get(title="Content")
    client.post(reverse("evaluation:section_delete", kwargs={"pk": content.pk}))
    refused = client.post(reverse("evaluation:section_create", kwargs={"pk": questionnaire.pk}), {"title": ""})

    assert titles == ["Content", "Practical matters", "Next"]
    outline = builder.questionnaire_outline(questionnaire)
    assert [(part.section and part.section.title, [q.code for q in part.questions]) for part in outline] == [
        (None, ["useful", "clear"]),
        ("Practical matters", []),
        ("Next", ["more"]),
    ]
    assert refused.status_code == 400
    assert questionnaire.sections.count() == 2


def test_builder_page_shows_sections_questions_and_their_settings(client, world):
    questionnaire = _own(world)
    Question.objects.filter(code="useful").update(target_mean=Decimal("4"), help_text="Think of your job.")
    Question.objects.create(
        questionnaire=questionnaire, order=9, kind=QuestionKind.SINGLE, text="Format?", options=["Online", "On site"]
    )
    client.force_login(world.a.coordinator)

    page = client.get(questionnaire.get_absolute_url()).content.decode()

    for shown in ["Content", "It was useful.", "Think of your job.", "target mean 4", "Online", "On site", "useful"]:
        assert shown in page
    assert reverse("evaluation:question_move", kwargs={"pk": questionnaire.questions.get(code="clear").pk}) in page


def test_project_manager_reads_but_cannot_change(client, world):
    questionnaire = _own(world)
    question = questionnaire.questions.get(code="useful")
    client.force_login(world.a.project_manager)

    page = client.get(questionnaire.get_absolute_url())
    edit = client.post(
        reverse("evaluation:question_edit", kwargs={"pk": question.pk}), _question_data(kind=QuestionKind.LIKERT)
    )
    listing = client.get(reverse("evaluation:questionnaires"))
    create = client.get(reverse("evaluation:questionnaire_create"))

    assert page.status_code == 200 and "It was useful." in page.content.decode()
    assert reverse("evaluation:question_edit", kwargs={"pk": question.pk}) not in page.content.decode()
    assert (edit.status_code, listing.status_code, create.status_code) == (404, 200, 403)
    question.refresh_from_db()
    assert question.text == "It was useful."


def test_someone_outside_the_managing_roles_cannot_list_questionnaires(client, world):
    client.force_login(world.a.employee)

    assert client.get(reverse("evaluation:questionnaires")).status_code == 403


# Questionnaires: the list, new ones, copies


def test_list_shows_current_versions_with_their_counts_and_the_default(client, world):
    questionnaire = _own(world)
    rows.evaluation(world)  # uses the default questionnaire
    old = Questionnaire.objects.create(
        organisation=world.a.coordinator_org, title="Old wording", family=questionnaire.family, version=0
    )
    Questionnaire.objects.filter(pk=old.pk).update(is_current=False)
    Questionnaire.objects.create(organisation=world.b.coordinator_org, title="Not mine")
    client.force_login(world.a.coordinator)

    response = client.get(reverse("evaluation:questionnaires"))

    listed = {
        q.display_title: (q.version, q.question_count, q.evaluation_count) for q in response.context["questionnaires"]
    }
    assert listed == {"Workshop feedback": (1, 3, 0), defaults.TITLE: (1, 10, 1)}
    assert "Old wording" not in response.content.decode()


def test_coordinator_creates_a_questionnaire_and_a_blank_title_is_refused(client, world):
    client.force_login(world.a.coordinator)
    url = reverse("evaluation:questionnaire_create")

    refused = client.post(url, {"organisation": world.a.coordinator_org.pk, "title": "", "introduction": "Kept"})
    foreign = client.post(url, {"organisation": world.b.coordinator_org.pk, "title": "Mine"})
    created = client.post(url, {"organisation": world.a.coordinator_org.pk, "title": "Webinar feedback"})

    assert (refused.status_code, foreign.status_code) == (400, 400)
    assert "Kept" in refused.content.decode()
    made = Questionnaire.objects.get(title="Webinar feedback")
    assert (made.organisation, made.version, made.is_current, made.translatable, made.created_by) == (
        world.a.coordinator_org,
        1,
        True,
        False,
        world.a.coordinator,
    )
    assert created.url == made.get_absolute_url()
    assert not Questionnaire.objects.filter(title="Mine").exists()


def test_copy_is_a_new_questionnaire_with_the_same_questions(client, world):
    questionnaire = _own(world)
    Question.objects.filter(code="useful").update(target_mean=Decimal("4.00"))
    client.force_login(world.a.coordinator)

    response = client.post(reverse("evaluation:questionnaire_copy", kwargs={"pk": questionnaire.pk}))

    copy = Questionnaire.objects.exclude(pk=questionnaire.pk).get(title="Workshop feedback (copy)")
    assert response.url == copy.get_absolute_url()
    assert (copy.family != questionnaire.family, copy.version, copy.is_current) == (True, 1, True)
    assert [(q.code, q.order, q.section.title, q.target_mean) for q in copy.questions.order_by("order")] == [
        ("useful", 1, "Content", Decimal("4.00")),
        ("clear", 2, "Content", None),
        ("more", 3, "Next", None),
    ]
    assert questionnaire.questions.count() == 3


def test_copy_of_the_default_gets_its_texts_in_the_current_language(world, dutch_defaults):
    default = rows.questionnaire(world)

    with translation.override("nl"):
        copy = builder.questionnaire_copy(source=default, user=world.a.coordinator)

    assert (copy.translatable, copy.title, copy.introduction) == (
        False,
        "Na het evenement: jouw mening (kopie)",
        dutch_defaults[defaults.INTRODUCTION],
    )
    assert copy.sections.order_by("order").first().title == "Het evenement"
    assert copy.questions.get(code="relevance").text == "Het evenement was relevant voor mijn werk."
    default.refresh_from_db()
    assert (default.translatable, default.title) == (True, defaults.TITLE)


# Versions


def test_editing_an_answered_questionnaire_makes_a_new_version(client, world):
    evaluation = rows.evaluation(world)
    old = evaluation.questionnaire
    rows.respondents(world, 2)
    answers_before = sorted(AnswerValue.objects.values_list("pk", "question_id"))
    question = old.questions.get(code="comments")
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("evaluation:question_edit", kwargs={"pk": question.pk}),
        _question_data(
            kind=QuestionKind.LONG_TEXT,
            text="Anything else to tell us?",
            code="comments",
            section=question.section_id,
            required="",
        ),
    )

    new = Questionnaire.objects.get(family=old.family, version=2)
    assert response.status_code == 302 and response.url == new.get_absolute_url()
    assert any("version 2 was made" in message for message in _messages(response))
    old.refresh_from_db()
    evaluation.refresh_from_db()
    assert (old.is_current, new.is_current, new.organisation_id) == (False, True, old.organisation_id)
    assert evaluation.questionnaire_id == old.pk
    assert sorted(AnswerValue.objects.values_list("pk", "question_id")) == answers_before
    assert old.questions.get(code="comments").text == "Comments and suggestions"
    assert new.questions.get(code="comments").text == "Anything else to tell us?"
    assert [(q.code, q.order, q.kind, q.target_mean) for q in new.questions.order_by("order")] == [
        (q.code, q.order, q.kind, q.target_mean) for q in old.questions.order_by("order")
    ]
    assert [s.title for s in new.sections.order_by("order")] == [s.title for s in old.sections.order_by("order")]
    assert new.questions.get(code="comments").section.questionnaire_id == new.pk


def test_removing_a_question_of_an_answered_questionnaire_keeps_it_for_its_answers(world):
    old = rows.evaluation(world).questionnaire
    rows.respondents(world, 1)
    question = old.questions.get(code="relevance")

    new = builder.question_delete(question=question)

    assert (new.version, new.questions.filter(code="relevance").exists()) == (2, False)
    assert AnswerValue.objects.filter(question=question).count() == 1
    assert old.questions.count() == 10 and new.questions.count() == 9


def test_moving_in_an_answered_questionnaire_reorders_only_the_new_version(world):
    old = rows.evaluation(world).questionnaire
    rows.respondents(world, 1)
    content = old.questions.get(code="content")

    new = builder.question_move(question=content, direction="up")

    assert [q.code for q in new.questions.order_by("order")][:2] == ["content", "relevance"]
    assert [q.code for q in old.questions.order_by("order")][:2] == ["relevance", "content"]
    assert new.translatable  # no text changed: still in every language


def test_a_second_edit_from_a_stale_page_does_not_make_a_second_version_2(world):
    old = rows.evaluation(world).questionnaire
    rows.respondents(world, 1)
    first_view = old.questions.get(code="relevance")
    second_view = old.questions.get(code="relevance")  # both loaded before either saved

    made = builder.question_update(
        question=first_view, kind=QuestionKind.LIKERT, text="Relevant to my job.", code="relevance"
    )
    with pytest.raises(builder.QuestionnaireSuperseded) as refused:
        builder.question_update(
            question=second_view, kind=QuestionKind.LIKERT, text="Useful for my job.", code="relevance"
        )

    assert refused.value.current == made
    assert sorted(Questionnaire.objects.filter(family=old.family).values_list("version", "is_current")) == [
        (1, False),
        (2, True),
    ]
    assert made.questions.get(code="relevance").text == "Relevant to my job."


def test_a_version_made_at_the_same_moment_is_refused_by_the_constraint(world):
    """Where rows cannot be locked, two edits may both find version 1 current; the unique
    family+version constraint then refuses the second copy, which is told to use the newer one."""
    old = rows.evaluation(world).questionnaire
    rows.respondents(world, 1)
    rival = Questionnaire.objects.create(
        organisation=old.organisation, title="Theirs", family=old.family, version=2, is_current=False
    )

    with pytest.raises(builder.QuestionnaireSuperseded) as refused:
        builder.questionnaire_update(questionnaire=old, title="Mine", introduction="")

    assert refused.value.current == rival
    assert Questionnaire.objects.filter(family=old.family).count() == 2
    old.refresh_from_db()
    assert (old.is_current, old.title) == (True, defaults.TITLE)


def test_a_change_on_a_superseded_version_is_refused_and_points_to_the_newest(client, world):
    old = rows.evaluation(world).questionnaire
    rows.respondents(world, 1)
    new = builder.question_delete(question=old.questions.get(code="comments"))
    client.force_login(world.a.coordinator)

    removed = client.post(reverse("evaluation:question_delete", kwargs={"pk": old.questions.get(code="content").pk}))
    form = client.post(
        reverse("evaluation:questionnaire_edit", kwargs={"pk": old.pk}), {"title": "Mine", "introduction": ""}
    )
    page = client.get(old.get_absolute_url()).content.decode()

    assert removed.status_code == 302 and removed.url == new.get_absolute_url()
    assert form.status_code == 400 and new.get_absolute_url() in form.content.decode()
    assert "superseded by version 2" in page and new.get_absolute_url() in page
    assert old.questions.count() == 10 and Questionnaire.objects.filter(family=old.family).count() == 2


# The method's default questionnaire


def test_editing_a_text_of_the_default_resolves_all_its_texts_in_the_editors_language(world, dutch_defaults):
    default = rows.questionnaire(world)  # nobody answered: changed in place
    question = default.questions.get(code="organisation")

    with translation.override("nl"):
        changed = builder.question_update(
            question=question,
            kind=QuestionKind.LIKERT,
            text="De organisatie was goed.",
            help_text=question.display_help,
            section=question.section,
            code="organisation",
            target_mean=Decimal("4"),
        )

    assert changed.pk == default.pk
    changed.refresh_from_db()
    assert (changed.translatable, changed.title, changed.introduction) == (
        False,
        "Na het evenement: jouw mening",
        dutch_defaults[defaults.INTRODUCTION],
    )
    assert changed.sections.order_by("order").first().title == "Het evenement"
    edited = changed.questions.get(code="organisation")
    assert (edited.text, edited.help_text) == (
        "De organisatie was goed.",
        "Locatie, timing, materiaal, onlineverbinding.",
    )
    assert changed.questions.get(code="relevance").text == "Het evenement was relevant voor mijn werk."
    with translation.override("en"):
        assert changed.questions.get(code="relevance").display_text == "Het evenement was relevant voor mijn werk."


def test_editing_an_answered_default_resolves_the_new_version_and_keeps_the_old_translatable(world, dutch_defaults):
    old = rows.evaluation(world).questionnaire
    rows.respondents(world, 1)

    with translation.override("nl"):
        new = builder.questionnaire_update(
            questionnaire=old, title="Na de workshop", introduction=old.display_introduction
        )

    old.refresh_from_db()
    assert (old.translatable, old.title, old.is_current) == (True, defaults.TITLE, False)
    assert (new.translatable, new.version, new.title, new.introduction) == (
        False,
        2,
        "Na de workshop",
        dutch_defaults[defaults.INTRODUCTION],
    )
    assert new.questions.get(code="relevance").text == "Het evenement was relevant voor mijn werk."


def test_saving_the_default_without_changing_a_text_keeps_it_translatable(world, dutch_defaults):
    default = rows.questionnaire(world)
    question = default.questions.get(code="organisation")

    with translation.override("nl"):
        builder.question_update(
            question=question,
            kind=QuestionKind.LIKERT,
            text=question.display_text,
            help_text=question.display_help,
            required=False,
            section=question.section,
            code="organisation",
            target_mean=Decimal("3.5"),
        )
        builder.questionnaire_update(
            questionnaire=default, title=default.display_title, introduction=default.display_introduction
        )

    default.refresh_from_db()
    question.refresh_from_db()
    assert (default.translatable, default.title) == (True, defaults.TITLE)
    assert (question.text, question.required, question.target_mean) == (
        "The organisation and logistics were good.",
        False,
        Decimal("3.5"),
    )


def test_adding_a_question_to_the_default_resolves_it(client, world, dutch_defaults):
    default = rows.questionnaire(world)
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("evaluation:question_create", kwargs={"pk": default.pk}), _question_data(), HTTP_ACCEPT_LANGUAGE="nl"
    )

    assert response.status_code == 302
    default.refresh_from_db()
    assert (default.translatable, default.title) == (False, "Na het evenement: jouw mening")
    assert default.questions.filter(code="format").exists()


def test_a_change_that_changes_nothing_makes_no_version(world):
    old = rows.evaluation(world).questionnaire
    rows.respondents(world, 1)
    first, question = old.questions.order_by("order")[:2]

    results = [
        builder.question_move(question=first, direction="up"),
        builder.section_move(section=old.sections.order_by("order").last(), direction="down"),
        builder.question_update(
            question=question,
            kind=question.kind,
            text=question.display_text,
            help_text=question.display_help,
            required=question.required,
            section=question.section,
            code=question.code,
            target_mean=question.target_mean,
        ),
        builder.questionnaire_update(questionnaire=old, title=old.display_title, introduction=old.display_introduction),
    ]

    assert [result.pk for result in results] == [old.pk] * 4
    assert Questionnaire.objects.filter(family=old.family).count() == 1
