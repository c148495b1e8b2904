# ruff: noqa: E501 -- one question per line reads best
"""The default post-event questionnaire, after the method: texts are message ids, so each
respondent reads it in their own interface language."""

from django.utils.translation import gettext_noop as N_

from .enums import QuestionKind

TITLE = N_("After the event: your opinion")
INTRODUCTION = N_(
    "Thank you for taking part. Your answers tell us whether the event was useful and what support you need next. "
    "It takes about five minutes."
)

# (section, [(code, kind, text, help, required, options, target mean)])
SECTIONS = [
    (
        N_("The event"),
        [
            ("relevance", QuestionKind.LIKERT, N_("The event was relevant to my work."), "", True, [], 4),
            ("content", QuestionKind.LIKERT, N_("The content was clear and of good quality."), "", True, [], 4),
            ("facilitator", QuestionKind.LIKERT, N_("The tutor or facilitator was well prepared and helpful."), "", True, [], 4),
            ("organisation", QuestionKind.LIKERT, N_("The organisation and logistics were good."), N_("Venue, timing, materials, online connection."), True, [], 4),
            ("interaction", QuestionKind.LIKERT, N_("There was enough interaction and exchange with peers."), "", True, [], 4),
        ],
    ),
    (
        N_("What you take away"),
        [
            ("knowledge", QuestionKind.LIKERT, N_("I gained knowledge I can use in my job."), "", True, [], 4),
            ("recommend", QuestionKind.RECOMMEND, N_("How likely are you to recommend this event to a colleague?"), N_("0 = not at all likely, 10 = extremely likely."), True, [], None),
        ],
    ),
    (
        N_("What next"),
        [
            ("support_topics", QuestionKind.SUPPORT_TOPICS, N_("On which topics do you need further support?"), N_("Choose any that apply."), False, [], None),
            ("support_text", QuestionKind.SHORT_TEXT, N_("Other support you need"), "", False, [], None),
            ("comments", QuestionKind.LONG_TEXT, N_("Comments and suggestions"), "", False, [], None),
        ],
    ),
]  # fmt: skip
