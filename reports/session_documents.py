"""The printed documents of one session: its attendance sheet, the certificates of participation of
those who came, and the report of its evaluation.

Each is a `reports.documents.Document`, registered when the module is imported (from the reports
app's `ready()`). They are for the programme organisation's coordinators and project managers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from core.models import Membership, User
from core.scope import get_or_404, roles_of
from evaluation import analysis
from evaluation.models import Evaluation, Invitee, Question, Submission
from evaluation.views_analysis import result_chart
from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole
from programmes.models import Attendance, Enrolment, Session

from .documents import Document, register

PEOPLE_PER_PAGE = 20
QUESTIONS_PER_PAGE = 3
# Text answers printed per question; the export has every one.
TEXT_ANSWERS_PRINTED = 500


def _fingerprint(*parts) -> str:
    """A short digest of the values a document shows (64 characters, the cache column's size)."""
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def _managed(user) -> Q:
    return Q(programme__organisation_id__in=roles_of(user).managed)


def _logo(organisation):
    """The organisation's logo file, or None (not every installation has logos)."""
    logo = getattr(organisation, "logo", None)
    return logo if logo and getattr(logo, "name", "") else None


# --------------------------------------------------------------------------- sessions


def _sessions() -> QuerySet[Session]:
    return Session.objects.select_related("programme", "programme__organisation", "topic")


def session_get(user, pk) -> Session:
    """A session whose programme the user's organisation runs (coordinator or project manager); 404 otherwise."""
    return get_or_404(_sessions().filter(_managed(user)), pk=pk)


def session_load(pk) -> Session:
    return _sessions().get(pk=pk)


def _with_organisation(people: QuerySet[User], session: Session) -> QuerySet[User]:
    """Annotate ``organisation_name``: the organisation a person is enrolled for in the session's
    programme, else (a tutor from outside) the first one they work for."""
    enrolled_for = Enrolment.objects.filter(programme_id=session.programme_id, person_id=OuterRef("pk"))
    works_for = Membership.objects.filter(user_id=OuterRef("pk")).order_by("organisation__name")
    name = Coalesce(
        Subquery(enrolled_for.values("organisation__name")[:1]),
        Subquery(works_for.values("organisation__name")[:1]),
        Value(""),
    )
    return people.annotate(organisation_name=name)


def attendance_people(session: Session) -> QuerySet[User]:
    """Who signs the attendance sheet, by organisation then name, in one query.

    The session's chosen attendees or, when nobody is chosen, the programme's approved trainees
    and peers; and its tutors (``is_tutor``). Whoever declined the programme is left out."""
    tutoring = Session.tutors.through.objects.filter(session_id=session.pk, user_id=OuterRef("pk"))
    attending = Session.attendees.through.objects.filter(session_id=session.pk, user_id=OuterRef("pk"))
    chosen = Session.attendees.through.objects.filter(session_id=session.pk)
    enrolled = Enrolment.objects.filter(programme_id=session.programme_id, person_id=OuterRef("pk"))
    participating = enrolled.filter(
        approval=ApprovalStatus.APPROVED, role__in=[EnrolmentRole.TRAINEE, EnrolmentRole.PEER]
    )
    declined = enrolled.filter(acceptance=AcceptanceStatus.DECLINED)
    people = User.objects.filter(
        (Q(Exists(tutoring)) | Q(Exists(attending)) | (Q(Exists(participating)) & ~Q(Exists(chosen))))
        & ~Q(Exists(declined))
    ).annotate(is_tutor=Exists(tutoring))
    return _with_organisation(people, session).order_by("organisation_name", "full_name", "email")


def present_people(session: Session) -> QuerySet[User]:
    """Who was marked present at the session, by name, with their organisation."""
    present = Attendance.objects.filter(session_id=session.pk, person_id=OuterRef("pk"), present=True)
    return _with_organisation(User.objects.filter(Exists(present)), session).order_by("full_name", "email")


def _session_header(session: Session) -> list:
    programme = session.programme
    return [session.pk, session.updated, programme.pk, programme.updated, programme.organisation.name]


def attendance_fingerprint(session: Session) -> str:
    """Changes with the session, its tutors and attendees, and the programme's enrolments (3 queries)."""
    attendees = Session.attendees.through.objects.filter(session_id=session.pk).aggregate(n=Count("pk"), last=Max("pk"))
    tutors = Session.tutors.through.objects.filter(session_id=session.pk).aggregate(n=Count("pk"), last=Max("pk"))
    enrolments = Enrolment.objects.filter(programme_id=session.programme_id).aggregate(
        n=Count("pk"), created=Max("created"), approved=Max("approved_at"), answered=Max("accepted_at")
    )
    return _fingerprint("attendance", *_session_header(session), attendees, tutors, enrolments)


@dataclass(frozen=True)
class Signatory:
    number: int
    name: str
    organisation: str
    is_tutor: bool


def attendance_context(session: Session, progress=lambda percent: None) -> dict:
    people = attendance_people(session).values_list("full_name", "email", "organisation_name", "is_tutor")
    rows = [
        Signatory(number, name or email, organisation, is_tutor)
        for number, (name, email, organisation, is_tutor) in enumerate(people.iterator(chunk_size=2000), start=1)
    ]
    progress(40)
    return {"session": session, "programme": session.programme, "people": rows}


def attendance_pages(session: Session) -> int:
    return 1 + attendance_people(session).count() // PEOPLE_PER_PAGE


# --------------------------------------------------------------------------- certificates


def certificates_fingerprint(session: Session) -> str:
    """Changes with the session, the programme and the attendance marks (1 query)."""
    marks = Attendance.objects.filter(session_id=session.pk).aggregate(
        present=Count("pk", filter=Q(present=True)), marked=Max("marked_at"), last=Max("pk")
    )
    logo = _logo(session.programme.organisation)
    return _fingerprint("certificates", *_session_header(session), marks, logo.name if logo else "")


def certificates_context(session: Session, progress=lambda percent: None) -> dict:
    people = present_people(session).values_list("full_name", "email", "organisation_name")
    organisation = session.programme.organisation
    logo = _logo(organisation)
    return {
        "session": session,
        "programme": session.programme,
        "issuer": organisation,
        "logo": logo.name if logo else "",
        "people": [{"name": name or email, "organisation": org} for name, email, org in people],
    }


def certificates_pages(session: Session) -> int:
    return max(1, Attendance.objects.filter(session_id=session.pk, present=True).count())


def certificates_uploads(session: Session) -> tuple[str, ...]:
    logo = _logo(session.programme.organisation)
    return (logo.name,) if logo else ()


# --------------------------------------------------------------------------- evaluation report


def _evaluations() -> QuerySet[Evaluation]:
    return Evaluation.objects.select_related("programme", "programme__organisation", "session", "questionnaire")


def evaluation_get(user, pk) -> Evaluation:
    """An evaluation of a programme the user's organisation runs (coordinator or project manager); 404 otherwise."""
    return get_or_404(_evaluations().filter(_managed(user)), pk=pk)


def evaluation_load(pk) -> Evaluation:
    return _evaluations().get(pk=pk)


def evaluation_fingerprint(evaluation: Evaluation) -> str:
    """Changes with the invitees, their receipts, the responses and the questions (3 queries)."""
    people = Invitee.objects.filter(evaluation_id=evaluation.pk).aggregate(
        n=Count("pk"), answered=Count("receipt"), last=Max("pk")
    )
    responses = Submission.objects.filter(evaluation_id=evaluation.pk).aggregate(n=Count("pk"), last=Max("pk"))
    questions = list(
        Question.objects.filter(questionnaire_id=evaluation.questionnaire_id)
        .order_by("pk")
        .values_list("pk", "text", "kind", "options", "target_mean", "section__title", "section__order", "order")
    )
    header = [evaluation.pk, evaluation.title, evaluation.anonymous, evaluation.opens_at, evaluation.closes_at]
    header += [evaluation.closed_at, evaluation.questionnaire_id, evaluation.questionnaire.title]
    header += [evaluation.session.updated if evaluation.session else "", evaluation.programme.updated]
    return _fingerprint("session_evaluation", *header, people, responses, questions)


def evaluation_context(evaluation: Evaluation, progress=lambda percent: None) -> dict:
    """The analysis page's figures and charts, every text answer up to a limit, and no names."""
    result = analysis.evaluation_analysis(evaluation, text_cap=TEXT_ANSWERS_PRINTED)
    progress(30)
    return {
        "evaluation": evaluation,
        "programme": evaluation.programme,
        "session": evaluation.session,
        "analysis": result,
        # core.charts escapes every text it is given
        "results": [(row, mark_safe(result_chart(row))) for row in result.results],
        "targets": [row for row in result.results if row.met is not None],
    }


def evaluation_pages(evaluation: Evaluation) -> int:
    questions = Question.objects.filter(questionnaire_id=evaluation.questionnaire_id).count()
    return 2 + questions // QUESTIONS_PER_PAGE


# --------------------------------------------------------------------------- the registry


def _name(prefix: str, obj, title: str) -> str:
    return f"{prefix}-{obj.pk}-{slugify(title)[:60]}".rstrip("-")


ATTENDANCE = register(
    Document(
        code="attendance",
        template="reports/attendance.html",
        get_object=session_get,
        load=session_load,
        fingerprint=attendance_fingerprint,
        context=attendance_context,
        filename=lambda session: _name("attendance", session, session.title),
        estimate_pages=attendance_pages,
    )
)

CERTIFICATES = register(
    Document(
        code="certificates",
        template="reports/certificates.html",
        get_object=session_get,
        load=session_load,
        fingerprint=certificates_fingerprint,
        context=certificates_context,
        filename=lambda session: _name("certificates", session, session.title),
        estimate_pages=certificates_pages,
        allowed_uploads=certificates_uploads,
    )
)

SESSION_EVALUATION = register(
    Document(
        code="session_evaluation",
        template="reports/session_evaluation.html",
        get_object=evaluation_get,
        load=evaluation_load,
        fingerprint=evaluation_fingerprint,
        context=evaluation_context,
        filename=lambda evaluation: _name("evaluation", evaluation, evaluation.title),
        estimate_pages=evaluation_pages,
    )
)
