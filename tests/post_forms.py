"""Every URL that takes a POST, where its form is and how a valid body is made.

post_routes() reads the URLconf: a class-based view that answers POST, or a function view the
permission matrix sees answering POST. For each, tests/test_permission_writes.py and
tests/test_form_properties.py fetch the form page as a person allowed to post (by default the
URL itself, as the first role the matrix lets post), pick the form that posts to the URL and fill
it with tests/formdata.py. FORMS holds what the defaults cannot know: the page a POST-only action
sits on, values a generic one does not satisfy, the button to press, who may post. A new POST
URL that needs such an entry fails test_valid_post_succeeds with the reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import ERROR, get_messages
from django.core.cache import cache
from django.forms import BaseForm, BaseFormSet
from django.http import HttpResponse
from django.test.utils import ContextList
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from assessments.enums import ResponseStatus
from assessments.models import Answer, Response
from logistics.models import ChecklistTemplateItem
from notifications.enums import NotificationState
from notifications.models import Notification
from reports.models import Report, ReportState

from .evaluation import rows as evaluation_rows
from .factories import PracticalTaskFactory, SessionFactory
from .formdata import HtmlForm, forms_posting_to, valid_body
from .logistics import pages_rows as logistics_rows
from .matching import pages_rows as matching_rows
from .permission_matrix import MATRIX, ROLES
from .test_access import OBJECT_URLS
from .test_permission_matrix import SECRET_URLS, person_for
from .urlconf import Route, project_routes
from .world import World

PASSWORD = "secret-pass-123"  # every factory-made person's (tests/factories.py)
DENIED = {403, 404, 405, "login"}


@dataclass(frozen=True)
class PostForm:
    # The object posted to, when side A's of tests/test_access.py OBJECT_URLS shows no form.
    kwargs: Callable[[World], dict] | None = None
    # The page holding the form (default: the URL itself) and its URL arguments from the world and
    # the posted URL's (default: the same object, or the page's own of OBJECT_URLS).
    page: str | None = None
    page_kwargs: Callable[[World, dict], dict] | None = None
    # Values a generic one does not satisfy: {name: value, list of values, or None to leave out}.
    fill: Callable[[World], dict] = field(default=lambda world: {})
    button: tuple[str, str] | None = None
    # Who may post (default: every role the matrix answers without a refusal) and what a valid
    # post answers ("login" is a redirect to the login page).
    posters: tuple[str, ...] | None = None
    success: int | str = 302
    # Whether tests/test_form_properties.py opens the page an accepted post redirects to.
    follow: bool = True


def _respond_link(invitation) -> dict:
    return {"public_id": invitation.public_id, "secret": invitation.secret}


def _reset_link(world: World) -> dict:
    person = world.a.employee
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
        "token": default_token_generator.make_token(person),
    }


# Personal links and the password-reset link: the real secret for the valid post. The matrix's
# wrong secrets (tests/test_permission_matrix.py SECRET_URLS) are the refused case.
VALID_SECRETS = {
    "assessments:respond": lambda world: _respond_link(world.a.invitation),
    "evaluation:respond": lambda world: _respond_link(evaluation_rows.invitee(world)),
    "password_reset_confirm": _reset_link,
}


def SAME(world: World, kwargs: dict) -> dict:
    """The page shows the object posted to (an edit page with its delete button)."""
    return kwargs


def _peer_programme(world: World) -> dict:
    return {"pk": logistics_rows.peer_swot(world).programme_id}


def _started_session(world: World) -> dict:
    starts = timezone.now() - datetime.timedelta(hours=2)
    return {"pk": SessionFactory(programme=world.a.programme, starts_at=starts).pk}


def _modules_to_choose(world: World) -> dict:
    matching_rows.module(world)
    return matching_rows.peer_programme_kwargs(world)


def _grouped_choice(world: World) -> dict:
    matching_rows.member_row(world)
    return {"pk": matching_rows.choice(world).pk}


def _failed_report(world: World, kwargs: dict) -> dict:
    report = Report.objects.create(
        kind=kwargs["kind"], object_id=kwargs["pk"], language="en", fingerprint="earlier", state=ReportState.FAILED
    )
    return {"pk": report.pk}


def _answered_campaign(world: World) -> dict:
    """Campaign A with a submitted response: its analysis offers to adopt the topics."""
    response = Response.objects.create(invitation=world.a.invitation, status=ResponseStatus.SUBMITTED)
    for topic in world.a.campaign.topics.all():
        Answer.objects.create(response=response, topic=topic, current_level=2, required_level=4, priority=3)
    return {"pk": world.a.campaign.pk}


def _support_asked(world: World) -> dict:
    """Programme A once someone asked for further support: the comparison offers a follow-up."""
    evaluation_rows.respondents(world, 1)
    return {"pk": world.a.programme.pk}


def _failed_notification(world: World) -> dict:
    Notification.objects.filter(pk=world.a.notification.pk).update(state=NotificationState.FAILED)
    return {"pk": world.a.notification.pk}


def _template_of_item(world: World, kwargs: dict) -> dict:
    return {"pk": ChecklistTemplateItem.objects.get(pk=kwargs["pk"]).template_id}


NEW_PASSWORD = {"new_password1": "Another pass-phrase 2030", "new_password2": "Another pass-phrase 2030"}
LOGGED_IN = tuple(role for role in ROLES if role != "anonymous")

FORMS: dict[str, PostForm] = {
    "assessments:adopt": PostForm(kwargs=_answered_campaign, page="assessments:analysis"),
    "assessments:campaign_close": PostForm(page="assessments:campaign"),
    # The first step reads the list and shows it for confirmation.
    "assessments:invite": PostForm(
        fill=lambda w: {"text": f"Jan Peeters;jan.peeters@example.org;{w.a.municipality.name}"}, success=200
    ),
    # Sending the grid (a priority for every topic whose levels are given) shows the thank-you page.
    "assessments:respond": PostForm(
        posters=("anonymous",),
        success=200,
        fill=lambda w: {f"t{topic.pk}_priority": "2" for topic in w.a.campaign.topics.all()},
    ),
    "budget:cost_line_delete": PostForm(page="budget:cost_line_edit", page_kwargs=SAME),
    "budget:currency": PostForm(page="budget:programme"),
    "budget:funding_delete": PostForm(page="budget:funding_edit", page_kwargs=SAME),
    "evaluation:close": PostForm(page="evaluation:detail"),
    "evaluation:follow_up": PostForm(kwargs=_support_asked, page="evaluation:programme_comparison"),
    "evaluation:newcomers": PostForm(page="evaluation:detail"),
    "evaluation:question_delete": PostForm(page="evaluation:questionnaire"),
    "evaluation:question_move": PostForm(page="evaluation:questionnaire"),
    "evaluation:questionnaire_copy": PostForm(page="evaluation:questionnaire"),
    # Sending shows the thank-you page.
    "evaluation:respond": PostForm(posters=("anonymous",), success=200),
    "evaluation:section_delete": PostForm(page="evaluation:questionnaire"),
    "evaluation:section_move": PostForm(page="evaluation:questionnaire"),
    "login": PostForm(fill=lambda w: {"username": w.a.employee.email, "password": PASSWORD}),
    "logistics:checklist_item_delete": PostForm(page="logistics:checklist_item_edit", page_kwargs=SAME),
    "logistics:swot_entry_delete": PostForm(page="logistics:swot"),
    "logistics:template_item_delete": PostForm(page="logistics:template", page_kwargs=_template_of_item),
    "logout": PostForm(page="core:dashboard", posters=LOGGED_IN, success="login"),
    "matching:choose": PostForm(kwargs=_modules_to_choose),
    "matching:member_answer": PostForm(page="matching:mine"),
    "matching:member_lock": PostForm(page="matching:programme"),
    "matching:module_delete": PostForm(page="matching:modules"),
    # The fixture's module allows groups of up to 400, more than the form accepts.
    "matching:module_edit": PostForm(fill=lambda w: {"max_size": "8"}),
    "matching:pair_answer": PostForm(page="matching:mine"),
    "matching:pair_lock": PostForm(page="matching:programme"),
    "matching:peer_group": PostForm(kwargs=_grouped_choice),
    "matching:publish": PostForm(page="matching:programme"),
    "matching:run": PostForm(page="matching:programme"),
    "notifications:calendar_reset": PostForm(page="notifications:mine"),
    "notifications:resend": PostForm(kwargs=_failed_notification, page="notifications:programme"),
    "notifications:text": PostForm(button=("action", "save")),
    "password_change": PostForm(fill=lambda w: {"old_password": PASSWORD, **NEW_PASSWORD}),
    "password_reset": PostForm(fill=lambda w: {"email": w.a.employee.email}),
    "password_reset_confirm": PostForm(posters=("anonymous",), fill=lambda w: NEW_PASSWORD),
    "programmes:attendance": PostForm(kwargs=_started_session),
    "programmes:enrolment_approval": PostForm(page="programmes:detail"),
    "programmes:enrolment_remove": PostForm(page="programmes:detail"),
    "programmes:enrolment_respond": PostForm(page="core:dashboard"),
    "programmes:material_create": PostForm(
        page="programmes:session_detail", fill=lambda w: {"kind": "link", "url": "https://example.org/slides"}
    ),
    "programmes:material_delete": PostForm(page="programmes:session_detail"),
    "programmes:series_list": PostForm(kwargs=_peer_programme),
    "programmes:session_delete": PostForm(page="programmes:session_edit", page_kwargs=SAME),
    "programmes:task_create": PostForm(kwargs=_peer_programme),
    "programmes:task_edit": PostForm(
        kwargs=lambda w: {"pk": PracticalTaskFactory(programme_id=_peer_programme(w)["pk"]).pk}
    ),
    "programmes:transition": PostForm(page="programmes:detail"),
    # "Try again" on the page of a failed rendering; it redirects to the rendering of the PDF, which
    # tests/reports/ cover (far too slow to repeat for every example).
    "reports:document": PostForm(page="reports:status", page_kwargs=_failed_report, follow=False),
    "risks:delete": PostForm(page="risks:edit", page_kwargs=SAME),
    "set_language": PostForm(page="login", fill=lambda w: {"next": "/"}),
}


def post_routes() -> list[Route]:
    routes = []
    for route in project_routes():
        view_class = getattr(route.view, "view_class", None)
        if view_class is not None:
            takes_post = hasattr(view_class, "post") and "post" in view_class.http_method_names
        else:
            takes_post = any(MATRIX[route.name][role]["post"] != 405 for role in ROLES)
        if takes_post:
            routes.append(route)
    return routes


def form_for(name: str) -> PostForm:
    return FORMS.get(name, PostForm())


def target_kwargs(name: str, world: World, *, valid: bool = True) -> dict:
    """The URL arguments of the object posted to: side A's, or the real (valid) or the wrong secret."""
    if name in VALID_SECRETS:
        return VALID_SECRETS[name](world) if valid else SECRET_URLS[name](world)
    if form_for(name).kwargs is not None:
        return form_for(name).kwargs(world)
    if name in OBJECT_URLS:
        return OBJECT_URLS[name](world)
    return {}


def posters(name: str) -> tuple[str, ...]:
    declared = form_for(name).posters
    if declared is not None:
        return declared
    return tuple(role for role in ROLES if MATRIX[name][role]["post"] not in DENIED)


@dataclass
class Prepared:
    url: str  # where the form posts
    body: dict  # {name: [values]}, see tests/formdata.py
    form: HtmlForm
    page: HttpResponse  # the form page, whose context holds the form objects


def log_in(client, world: World, role: str) -> None:
    """The client as `role` (tests/test_permission_matrix.py), with no rate-limit count left over."""
    cache.clear()
    client.logout()
    person = person_for(role, world)
    if person is not None:
        client.force_login(person)


def prepare(client, world: World, name: str, role: str, kwargs: dict) -> Prepared:
    """Open the form page of `name` as `role` and fill the form that posts to the URL of `kwargs`."""
    spec = form_for(name)
    target = reverse(name, kwargs=kwargs)
    page_name = spec.page or name
    if spec.page_kwargs is not None:
        page_kwargs = spec.page_kwargs(world, kwargs)
    else:
        page_kwargs = kwargs if page_name == name else target_kwargs(page_name, world)
    log_in(client, world, role)
    page = client.get(reverse(page_name, kwargs=page_kwargs), follow=True)
    assert page.status_code == 200, (
        f"{name}: its form page {page_name} answers {page.status_code} to the {role}: "
        "name the page that holds the form in tests/post_forms.py FORMS"
    )
    path = page.request["PATH_INFO"]
    if resolve(path).view_name == name:
        target = path  # the page redirected to the URL its form posts to (password reset)
    forms = forms_posting_to(page.content.decode(), path, target)
    assert forms, (
        f"{name}: no form on {path} posts to {target}: name the page that holds it in tests/post_forms.py FORMS"
    )
    form = forms[0]
    return Prepared(target, valid_body(form, fill=spec.fill(world), button=spec.button), form, page)


def context_forms(response) -> list:
    """The forms and formsets the response's templates were given."""
    contexts = response.context
    if contexts is None:
        return []
    if not isinstance(contexts, ContextList):
        contexts = [contexts]
    found = {}
    for context in contexts:
        for value in context.flatten().values():
            if isinstance(value, BaseForm | BaseFormSet):
                found[id(value)] = value
    return list(found.values())


def refusals(response) -> list[str]:
    """Why the application refused a post: the errors of its bound forms and its error messages."""
    reasons = []
    for form in context_forms(response):
        if not form.is_bound:
            continue
        if isinstance(form, BaseFormSet):
            reasons += [str(error) for error in form.non_form_errors()]
            reasons += [f"{key}: {value}" for errors in form.errors for key, value in errors.items()]
        else:
            reasons += [f"{key}: {value}" for key, value in form.errors.items()]
    reasons += [str(message) for message in get_messages(response.wsgi_request) if message.level >= ERROR]
    return reasons
