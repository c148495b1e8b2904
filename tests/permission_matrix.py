"""The expected answers of every URL, for six kinds of person: see tests/test_permission_matrix.py.

Each row maps a role to "GET/POST": the status code of a GET and of a POST with an empty body.
"login" is a 302 to the login page. Rows are built from the profiles below (the common shapes)
with explicit exceptions: row(PROFILE, role="GET/POST", ...), or row(role=..., ...) for all six.

What the codes mean here:
- 404: the object exists, but this person may not see it (or change it): another organisation's
  coordinator always gets a 404 for side-A objects; so do side-A roles that are not allowed.
- 403: a page without an id that this role may not use (e.g. venue lists for municipal staff).
- 405: the view does not answer this method (POST-only actions, read-only pages).
- 400: an empty form posted by someone allowed to post it; 200 for a POST means a form shown
  again with its errors (Django's own forms, programme create/edit).
- 302: a POST that did what it says (for allowed people only), or a redirect after it.
"""

ROLES = ("anonymous", "employee", "tutor", "project_manager", "other_coordinator", "owner")


def row(base=None, **answers):
    """A full row: base (another row) with some roles' "GET/POST" replaced."""
    unknown = set(answers) - set(ROLES)
    assert not unknown, f"unknown roles: {sorted(unknown)}"
    result = dict(base or {})
    for role, answer in answers.items():
        get, post = answer.split("/")
        result[role] = {"get": _code(get), "post": _code(post)}
    assert set(result) == set(ROLES), f"a row needs all six roles, missing {sorted(set(ROLES) - set(result))}"
    return result


def _code(text):
    return text if text == "login" else int(text)


def _same(answer):
    return row(**dict.fromkeys(ROLES, answer))


# Open to everyone, logged in or not (login, password reset, health checks).
OPEN = _same("200/200")
PUBLIC_PAGE = _same("200/405")
# Any logged-in person: their own dashboard, lists filtered to what they may see.
MEMBER_PAGE = row(_same("200/405"), anonymous="login/login")
# A form on a side-A object that only its coordinator may use.
OWNER_FORM = row(_same("404/404"), anonymous="login/login", owner="200/400")
# A POST-only action on a side-A object that only its coordinator may take.
OWNER_ACTION = row(_same("405/404"), anonymous="login/login", owner="405/302")
# A side-A page that the coordinator organisation's managers read.
MANAGERS_READ = row(_same("404/405"), anonymous="login/login", project_manager="200/405", owner="200/405")
# A side-A programme page that everyone taking part in the programme reads.
PARTICIPANTS_READ = row(_same("200/405"), anonymous="login/login", other_coordinator="404/405")
# Pages without ids for coordinators only (any organisation: they see their own rows).
COORDINATOR_PAGE = row(_same("403/403"), anonymous="login/login", other_coordinator="200/405", owner="200/405")
COORDINATOR_FORM = row(_same("403/403"), anonymous="login/login", other_coordinator="200/400", owner="200/400")

MATRIX = {
    "assessments:adopt": OWNER_ACTION,
    "assessments:analysis": MANAGERS_READ,
    "assessments:campaign": MANAGERS_READ,
    "assessments:campaign_close": OWNER_ACTION,
    "assessments:campaign_create": OWNER_FORM,
    "assessments:campaign_edit": OWNER_FORM,
    "assessments:campaigns": MEMBER_PAGE,
    "assessments:export": MANAGERS_READ,
    "assessments:index": MEMBER_PAGE,
    "assessments:invite": OWNER_FORM,
    # The tutor reads a municipality's needs profile; the invitee and the project manager do not.
    "assessments:profile": row(MANAGERS_READ, tutor="200/405", project_manager="404/405"),
    # Wrong secret in the personal link: a 404 for everyone.
    "assessments:respond": row(OWNER_FORM, anonymous="404/404", owner="404/404"),
    "budget:cost_line_create": OWNER_FORM,
    "budget:cost_line_delete": OWNER_ACTION,
    "budget:cost_line_edit": OWNER_FORM,
    "budget:currency": row(OWNER_ACTION, owner="405/400"),
    "budget:export": MANAGERS_READ,
    "budget:funding_create": OWNER_FORM,
    "budget:funding_delete": OWNER_ACTION,
    "budget:funding_edit": OWNER_FORM,
    "budget:programme": MANAGERS_READ,
    "core:audit": MANAGERS_READ,
    "core:dashboard": MEMBER_PAGE,
    "core:health": PUBLIC_PAGE,
    "core:health_live": PUBLIC_PAGE,
    "core:health_reminders": PUBLIC_PAGE,
    "core:my_data": MEMBER_PAGE,
    # The employee sees their own municipality; staff of the coordinator organisation do not.
    "core:organisation_detail": row(MANAGERS_READ, employee="200/405", project_manager="404/405"),
    "core:organisation_list": MEMBER_PAGE,
    # Everyone's own profile, settings and notifications.
    "core:profile": row(
        anonymous="login/login",
        employee="200/400",
        tutor="200/400",
        project_manager="200/400",
        other_coordinator="200/400",
        owner="200/400",
    ),
    "evaluation:analysis": MANAGERS_READ,
    "evaluation:close": OWNER_ACTION,
    "evaluation:create": OWNER_FORM,
    "evaluation:detail": MANAGERS_READ,
    "evaluation:edit": OWNER_FORM,
    "evaluation:export": MANAGERS_READ,
    "evaluation:follow_up": OWNER_ACTION,
    "evaluation:index": MEMBER_PAGE,
    "evaluation:knowledge_gain": MANAGERS_READ,
    "evaluation:newcomers": OWNER_ACTION,
    "evaluation:organisation_comparison": MANAGERS_READ,
    "evaluation:programme": MANAGERS_READ,
    "evaluation:programme_comparison": MANAGERS_READ,
    "evaluation:question_create": OWNER_FORM,
    "evaluation:question_delete": OWNER_ACTION,
    "evaluation:question_edit": OWNER_FORM,
    "evaluation:question_move": OWNER_ACTION,
    "evaluation:questionnaire": MANAGERS_READ,
    "evaluation:questionnaire_copy": OWNER_ACTION,
    "evaluation:questionnaire_create": COORDINATOR_FORM,
    "evaluation:questionnaire_edit": OWNER_FORM,
    "evaluation:questionnaires": row(MEMBER_PAGE, employee="403/405", tutor="403/405"),
    # Wrong secret in the personal link: a 404 for everyone.
    "evaluation:respond": row(OWNER_FORM, anonymous="404/404", owner="404/404"),
    "evaluation:section_create": OWNER_FORM,
    "evaluation:section_delete": OWNER_ACTION,
    "evaluation:section_edit": OWNER_FORM,
    "evaluation:section_move": OWNER_ACTION,
    "login": OPEN,
    "logistics:checklist": MANAGERS_READ,
    "logistics:checklist_apply": OWNER_FORM,
    "logistics:checklist_item_create": OWNER_FORM,
    "logistics:checklist_item_delete": OWNER_ACTION,
    "logistics:checklist_item_edit": OWNER_FORM,
    "logistics:session": OWNER_FORM,
    # The municipality writes its own SWOT analysis in a peer programme.
    "logistics:swot": row(MANAGERS_READ, employee="200/405"),
    "logistics:swot_comment_create": row(OWNER_FORM, employee="200/400"),
    "logistics:swot_entry_create": row(OWNER_FORM, employee="200/400"),
    "logistics:swot_entry_delete": row(OWNER_ACTION, employee="405/302"),
    "logistics:swot_entry_edit": row(OWNER_FORM, employee="200/400"),
    "logistics:template": OWNER_FORM,
    "logistics:template_create": COORDINATOR_FORM,
    "logistics:template_item_delete": OWNER_ACTION,
    "logistics:template_item_edit": OWNER_FORM,
    "logistics:templates": COORDINATOR_PAGE,
    "logistics:venue_create": COORDINATOR_FORM,
    "logistics:venue_edit": OWNER_FORM,
    "logistics:venues": COORDINATOR_PAGE,
    "logout": row(
        anonymous="login/login",
        employee="405/login",
        tutor="405/login",
        project_manager="405/login",
        other_coordinator="405/login",
        owner="405/login",
    ),
    # The employee's and tutor's own answers; the coordinator has nothing to answer.
    "matching:choose": row(OWNER_FORM, employee="200/302", owner="404/404"),
    "matching:export": MANAGERS_READ,
    "matching:index": MEMBER_PAGE,
    "matching:member_answer": row(OWNER_ACTION, employee="405/302", owner="405/404"),
    "matching:member_lock": OWNER_ACTION,
    "matching:mine": MEMBER_PAGE,
    "matching:module_delete": OWNER_ACTION,
    "matching:module_edit": OWNER_FORM,
    "matching:module_members": row(OWNER_FORM, owner="200/302"),
    "matching:modules": OWNER_FORM,
    "matching:pair_answer": row(
        anonymous="login/login",
        employee="405/302",
        tutor="405/302",
        project_manager="405/404",
        other_coordinator="405/404",
        owner="405/404",
    ),
    "matching:pair_lock": OWNER_ACTION,
    "matching:peer_group": OWNER_FORM,
    "matching:programme": MANAGERS_READ,
    "matching:publish": OWNER_ACTION,
    "matching:run": OWNER_ACTION,
    "matching:run_status": MANAGERS_READ,
    "matching:settings": OWNER_FORM,
    "matching:trainee_tutor": row(OWNER_FORM, owner="200/302"),
    "notifications:calendar_reset": row(
        anonymous="login/login",
        employee="405/302",
        tutor="405/302",
        project_manager="405/302",
        other_coordinator="405/302",
        owner="405/302",
    ),
    # Wrong calendar key: a 404 for everyone.
    "notifications:feed": row(
        anonymous="404/405",
        employee="404/405",
        tutor="404/405",
        project_manager="404/405",
        other_coordinator="404/405",
        owner="404/405",
    ),
    "notifications:mine": row(
        anonymous="login/login",
        employee="200/302",
        tutor="200/302",
        project_manager="200/302",
        other_coordinator="200/302",
        owner="200/302",
    ),
    # Notification settings of a programme: the coordinator only.
    "notifications:programme": row(MANAGERS_READ),
    "notifications:resend": OWNER_ACTION,
    "notifications:text": OWNER_FORM,
    "password_change": row(OPEN, anonymous="login/login"),
    "password_change_done": MEMBER_PAGE,
    "password_reset": OPEN,
    "password_reset_complete": PUBLIC_PAGE,
    # Wrong token: Django's "invalid link" page.
    "password_reset_confirm": OPEN,
    "password_reset_done": PUBLIC_PAGE,
    "programmes:approvals": MEMBER_PAGE,
    "programmes:attendance": OWNER_FORM,
    "programmes:create": row(COORDINATOR_FORM, other_coordinator="200/200", owner="200/200"),
    "programmes:detail": PARTICIPANTS_READ,
    "programmes:edit": row(OWNER_FORM, owner="200/200"),
    "programmes:enrol": OWNER_FORM,
    "programmes:enrolment_approval": OWNER_ACTION,
    "programmes:enrolment_remove": OWNER_ACTION,
    # The employee answers their own enrolment.
    "programmes:enrolment_respond": row(OWNER_ACTION, employee="405/302", owner="405/404"),
    "programmes:list": MEMBER_PAGE,
    "programmes:material_create": row(OWNER_ACTION, owner="405/400"),
    "programmes:material_delete": OWNER_ACTION,
    "programmes:material_download": PARTICIPANTS_READ,
    "programmes:my_sessions": MEMBER_PAGE,
    # Participants read the series; only the coordinator adds one.
    "programmes:series_list": row(
        anonymous="login/login",
        employee="200/404",
        tutor="200/404",
        project_manager="200/404",
        other_coordinator="404/404",
        owner="200/400",
    ),
    "programmes:session_create": OWNER_FORM,
    "programmes:session_delete": OWNER_ACTION,
    "programmes:session_detail": PARTICIPANTS_READ,
    "programmes:session_edit": OWNER_FORM,
    "programmes:task_create": OWNER_FORM,
    "programmes:task_edit": OWNER_FORM,
    "programmes:task_list": PARTICIPANTS_READ,
    "programmes:timeline": PARTICIPANTS_READ,
    "programmes:transition": OWNER_ACTION,
    # Managers may start a report (POST) and read it.
    "reports:document": row(OWNER_FORM, project_manager="200/302", owner="200/302"),
    "reports:status": MANAGERS_READ,
    "risks:create": OWNER_FORM,
    "risks:delete": OWNER_ACTION,
    "risks:edit": OWNER_FORM,
    "risks:register": MANAGERS_READ,
    "set_language": row(
        anonymous="302/302",
        employee="302/302",
        tutor="302/302",
        project_manager="302/302",
        other_coordinator="302/302",
        owner="302/302",
    ),
}


def expected_statuses(name):
    """The row of a URL name, or None when the URL is missing from the matrix."""
    return MATRIX.get(name)
