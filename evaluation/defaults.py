# ruff: noqa: E501 -- one question per line reads best
"""The default post-event questionnaire, after the method: texts are message ids, so each
respondent reads it in their own interface language."""

from django.utils.translation import gettext_noop

from .enums import QuestionKind

TITLE = gettext_noop("After the event: your opinion")
INTRODUCTION = gettext_noop(
    "Thank you for taking part. Your answers tell us whether the event was useful and what support you need next. "
    "It takes about five minutes."
)

# (section, [(code, kind, text, help, required, options, target mean)])
SECTIONS = [
    (
        gettext_noop("The event"),
        [
            ("relevance", QuestionKind.LIKERT, gettext_noop("The event was relevant to my work."), "", True, [], 4),
            ("content", QuestionKind.LIKERT, gettext_noop("The content was clear and of good quality."), "", True, [], 4),
            ("facilitator", QuestionKind.LIKERT, gettext_noop("The tutor or facilitator was well prepared and helpful."), "", True, [], 4),
            ("organisation", QuestionKind.LIKERT, gettext_noop("The organisation and logistics were good."), gettext_noop("Venue, timing, materials, online connection."), True, [], 4),
            ("interaction", QuestionKind.LIKERT, gettext_noop("There was enough interaction and exchange with peers."), "", True, [], 4),
        ],
    ),
    (
        gettext_noop("What you take away"),
        [
            ("knowledge", QuestionKind.LIKERT, gettext_noop("I gained knowledge I can use in my job."), "", True, [], 4),
            ("recommend", QuestionKind.RECOMMEND, gettext_noop("How likely are you to recommend this event to a colleague?"), gettext_noop("0 = not at all likely, 10 = extremely likely."), True, [], None),
        ],
    ),
    (
        gettext_noop("What next"),
        [
            ("support_topics", QuestionKind.SUPPORT_TOPICS, gettext_noop("On which topics do you need further support?"), gettext_noop("Choose any that apply."), False, [], None),
            ("support_text", QuestionKind.SHORT_TEXT, gettext_noop("Other support you need"), "", False, [], None),
            ("comments", QuestionKind.LONG_TEXT, gettext_noop("Comments and suggestions"), "", False, [], None),
        ],
    ),
]  # fmt: skip
