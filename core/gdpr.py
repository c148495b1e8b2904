"""A person's data: what we hold about them (the right of access) and their erasure.

`person_data` gathers everything tied to one person, one query per kind of data, so the page
and the download stay at a constant number of queries however much there is.

`person_erase` removes what identifies a person and keeps the numbers (levels, Likert
answers, attendance), so every statistic computed before the erasure stays the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import AuditEntry, Expertise, Membership, User, new_calendar_token


@dataclass(frozen=True)
class Section:
    key: str  # the key in the JSON download
    title: str
    columns: tuple[tuple[str, str], ...]  # (key, heading)
    rows: list[dict]

    @property
    def cells(self) -> list[list]:
        """The rows as lists of values in column order, for the page."""
        return [[row.get(key) for key, _heading in self.columns] for row in self.rows]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def person_data(user: User) -> list[Section]:
    """Everything stored about `user`, in sections of flat rows of JSON-ready values."""
    from assessments.models import Answer, Invitation, OrganisationProfile
    from evaluation.models import AnswerValue, Invitee
    from logistics.models import SwotComment, SwotEntry
    from matching.models import GroupMember, Pair
    from notifications.models import Notification
    from programmes.models import Attendance, Enrolment, Material

    profile = {
        "full_name": user.full_name,
        "email": user.email,
        "languages": ", ".join(user.languages or []),
        "job_title": user.job_title,
        "preferred_language": user.preferred_language,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
    }
    memberships = [
        {"organisation": m.organisation.name, "role": m.get_role_display(), "since": _iso(m.created)}
        for m in Membership.objects.filter(user=user).select_related("organisation")
    ]
    expertise = [
        {"topic": str(e.topic), "level": e.level} for e in Expertise.objects.filter(user=user).select_related("topic")
    ]
    enrolments = [
        {
            "programme": e.programme.title,
            "organisation": e.organisation.name,
            "role": e.get_role_display(),
            "approval": e.get_approval_display(),
            "acceptance": e.get_acceptance_display(),
            "enrolled": _iso(e.created),
        }
        for e in Enrolment.objects.filter(person=user).select_related("programme", "organisation")
    ]
    invitations = [
        {
            "campaign": i.campaign.title,
            "programme": i.campaign.programme.title,
            "organisation": i.organisation.name,
            "invited": _iso(i.created),
            "status": i.response.get_status_display() if hasattr(i, "response") else "",
            "submitted": _iso(i.response.submitted_at) if hasattr(i, "response") else None,
        }
        for i in Invitation.objects.filter(person=user).select_related(
            "campaign__programme", "organisation", "response"
        )
    ]
    needs_answers = [
        {
            "campaign": a.response.invitation.campaign.title,
            "topic": str(a.topic),
            "current_level": a.current_level,
            "required_level": a.required_level,
            "priority": a.get_priority_display() if a.priority else "",
            "challenges": a.challenges,
            "expectations": a.expectations,
        }
        for a in Answer.objects.filter(response__invitation__person=user)
        .select_related("response__invitation__campaign", "topic")
        .order_by("response__invitation__campaign_id", "topic__order", "topic__name")
    ]
    capacities = [
        {
            "campaign": p.campaign.title,
            "organisation": p.organisation.name,
            "staff_on_energy": p.staff_on_energy,
            "budget_band": p.get_budget_band_display(),
            "plan_status": p.get_plan_status_display(),
            "earlier_training": p.earlier_training,
            "updated": _iso(p.updated),
        }
        for p in OrganisationProfile.objects.filter(updated_by=user).select_related("campaign", "organisation")
    ]
    evaluations = [
        {
            "evaluation": i.evaluation.title,
            "programme": i.evaluation.programme.title,
            "invited": _iso(i.created),
            "anonymous": i.evaluation.anonymous,
        }
        for i in Invitee.objects.filter(person=user).select_related("evaluation__programme")
    ]
    evaluation_answers = [
        {
            "evaluation": v.submission.evaluation.title,
            "submitted_on": _iso(v.submission.submitted_on),
            "question": v.question.display_text,
            "number": v.number,
            "topic": str(v.topic) if v.topic_id else "",
            "text": v.text,
        }
        for v in AnswerValue.objects.filter(submission__invitee__person=user)
        .select_related("submission__evaluation", "question__questionnaire", "topic")
        .order_by("submission_id", "question__order", "pk")
    ]
    pairs = [
        {
            "programme": p.plan.programme.title,
            "trainee": p.trainee.person.full_name,
            "tutor": p.tutor.person.full_name,
            "trainee_answer": p.get_trainee_answer_display(),
            "tutor_answer": p.get_tutor_answer_display(),
        }
        for p in Pair.objects.filter(Q(trainee__person=user) | Q(tutor__person=user)).select_related(
            "plan__programme", "trainee__person", "tutor__person"
        )
    ]
    groups = [
        {
            "programme": m.group.plan.programme.title,
            "module": m.module.title,
            "group": m.group.number,
            "answer": m.get_answer_display(),
        }
        for m in GroupMember.objects.filter(enrolment__person=user).select_related("group__plan__programme", "module")
    ]
    attendance = [
        {"session": a.session.title, "starts_at": _iso(a.session.starts_at), "present": a.present}
        for a in Attendance.objects.filter(person=user).select_related("session")
    ]
    notifications = [
        {"kind": n.kind_label, "due": _iso(n.due_at), "state": n.get_state_display(), "sent": _iso(n.sent_at)}
        for n in Notification.objects.filter(recipient=user)
    ]
    materials = [
        {"title": m.title, "session": m.session.title, "added": _iso(m.created)}
        for m in Material.objects.filter(uploaded_by=user).select_related("session")
    ]
    swot = [
        {"kind": _("SWOT entry"), "text": e.text, "written": _iso(e.created)}
        for e in SwotEntry.objects.filter(author=user)
    ] + [
        {"kind": _("SWOT comment"), "text": c.text, "written": _iso(c.created)}
        for c in SwotComment.objects.filter(author=user)
    ]

    changes = [
        {
            "when": _iso(e.created),
            "programme": e.programme.title if e.programme_id else "",
            "action": e.get_action_display(),
            "object": f"{e.object_type_label}: {e.object_label}",
        }
        for e in AuditEntry.objects.filter(actor=user).select_related("programme")
    ]

    return [
        Section(
            "profile",
            _("Profile"),
            (
                ("full_name", _("Name")),
                ("email", _("E-mail")),
                ("languages", _("Languages")),
                ("job_title", _("Job title")),
                ("preferred_language", _("Preferred language")),
                ("date_joined", _("Joined")),
                ("last_login", _("Last login")),
            ),
            [profile],
        ),
        Section(
            "memberships",
            _("Memberships"),
            (("organisation", _("Organisation")), ("role", _("Role")), ("since", _("Since"))),
            memberships,
        ),
        Section("expertise", _("Expertise"), (("topic", _("Topic")), ("level", _("Level"))), expertise),
        Section(
            "enrolments",
            _("Enrolments"),
            (
                ("programme", _("Programme")),
                ("organisation", _("On behalf of")),
                ("role", _("Role")),
                ("approval", _("Approval")),
                ("acceptance", _("Acceptance")),
                ("enrolled", _("Enrolled")),
            ),
            enrolments,
        ),
        Section(
            "needs_assessment_invitations",
            _("Needs-assessment invitations"),
            (
                ("campaign", _("Questionnaire")),
                ("programme", _("Programme")),
                ("organisation", _("Organisation")),
                ("invited", _("Invited")),
                ("status", _("Status")),
                ("submitted", _("Submitted")),
            ),
            invitations,
        ),
        Section(
            "needs_assessment_answers",
            _("Needs-assessment answers"),
            (
                ("campaign", _("Questionnaire")),
                ("topic", _("Topic")),
                ("current_level", _("Current level")),
                ("required_level", _("Required level")),
                ("priority", _("Priority")),
                ("challenges", _("Challenges")),
                ("expectations", _("Expectations")),
            ),
            needs_answers,
        ),
        Section(
            "organisation_capacities",
            _("Organisation capacities you last updated"),
            (
                ("campaign", _("Questionnaire")),
                ("organisation", _("Organisation")),
                ("staff_on_energy", _("Staff on energy")),
                ("budget_band", _("Budget")),
                ("plan_status", _("Plan status")),
                ("earlier_training", _("Earlier training")),
                ("updated", _("Updated")),
            ),
            capacities,
        ),
        Section(
            "evaluation_invitations",
            _("Evaluation invitations"),
            (
                ("evaluation", _("Evaluation")),
                ("programme", _("Programme")),
                ("invited", _("Invited")),
                ("anonymous", _("Anonymous")),
            ),
            evaluations,
        ),
        Section(
            "evaluation_answers",
            _("Evaluation answers"),
            (
                ("evaluation", _("Evaluation")),
                ("submitted_on", _("Submitted on")),
                ("question", _("Question")),
                ("number", _("Number")),
                ("topic", _("Topic")),
                ("text", _("Text")),
            ),
            evaluation_answers,
        ),
        Section(
            "tutor_pairs",
            _("Tutor pairs"),
            (
                ("programme", _("Programme")),
                ("trainee", _("Trainee")),
                ("tutor", _("Tutor")),
                ("trainee_answer", _("Trainee's answer")),
                ("tutor_answer", _("Tutor's answer")),
            ),
            pairs,
        ),
        Section(
            "peer_groups",
            _("Peer groups"),
            (("programme", _("Programme")), ("module", _("Module")), ("group", _("Group")), ("answer", _("Answer"))),
            groups,
        ),
        Section(
            "attendance",
            _("Attendance"),
            (("session", _("Session")), ("starts_at", _("Starts")), ("present", _("Present"))),
            attendance,
        ),
        Section(
            "notifications",
            _("Notifications"),
            (
                ("kind", _("Kind")),
                ("due", pgettext_lazy("send time", "Due")),
                ("state", _("State")),
                ("sent", _("Sent")),
            ),
            notifications,
        ),
        Section(
            "materials",
            _("Materials you added"),
            (("title", _("Title")), ("session", _("Session")), ("added", _("Added"))),
            materials,
        ),
        Section(
            "changes",
            _("Changes you made to programmes, budgets and matching"),
            (("when", _("When")), ("programme", _("Programme")), ("action", _("Action")), ("object", _("What"))),
            changes,
        ),
        Section(
            "swot",
            _("SWOT entries and comments you wrote"),
            (("kind", _("Kind")), ("text", _("Text")), ("written", _("Written"))),
            swot,
        ),
    ]


def person_data_json(user: User) -> dict:
    """The download: one key per section, each a list of rows (the profile is one object)."""
    data = {}
    for section in person_data(user):
        rows = [{key: _plain(value) for key, value in row.items()} for row in section.rows]
        data[section.key] = rows[0] if section.key == "profile" else rows
    return data


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # lazy translations


def erased_email(user_id: int) -> str:
    return f"erased-{user_id}@invalid"


@transaction.atomic
def person_erase(*, user: User) -> User:
    """Remove what identifies `user` and keep their numbers.

    The person row stays (other rows point at it), renamed and unable to log in; the free texts
    they wrote are emptied; their evaluation responses lose the link to them; their levels,
    Likert answers, enrolments and attendance stay, so statistics do not change. Pending
    notifications to them are cancelled. Running it twice changes nothing more.
    """
    from assessments.models import Answer, Invitation, OrganisationProfile, new_secret
    from evaluation.models import AnswerValue, Invitee, Submission
    from logistics.models import SwotComment, SwotEntry
    from notifications.enums import NotificationState
    from notifications.models import Notification

    submissions = Submission.objects.filter(invitee__person=user)
    AnswerValue.objects.filter(submission__in=submissions).exclude(text="").update(text="")
    submissions.update(invitee=None)
    Invitee.objects.filter(person=user).update(draft={})
    Answer.objects.filter(response__invitation__person=user).update(challenges="", expectations="")
    OrganisationProfile.objects.filter(updated_by=user).update(updated_by=None)
    erased = str(_("(erased)"))
    SwotEntry.objects.filter(author=user).update(text=erased, author=None)
    SwotComment.objects.filter(author=user).update(text=erased, author=None)
    # Their personal links stop working: nobody holding an old e-mail can open the forms.
    for model in (Invitation, Invitee):
        links = list(model.objects.filter(person=user))
        for link in links:
            link.secret = new_secret()
        model.objects.bulk_update(links, ["secret"])
    Notification.objects.filter(recipient=user, state=NotificationState.PENDING).update(
        state=NotificationState.CANCELLED
    )
    Membership.objects.filter(user=user).delete()
    Expertise.objects.filter(user=user).delete()

    user.full_name = f"Erased person #{user.pk}"
    user.email = erased_email(user.pk)
    user.languages = []
    user.job_title = ""
    user.notification_opt_outs = []
    user.is_active = False
    user.calendar_token = new_calendar_token()  # the old feed address stops working
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return user
