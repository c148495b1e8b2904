"""Data at network scale: thousands of organisations and people, with programmes, sessions,
needs assessments, evaluations, matches, budgets and risks, generated with bulk inserts.

Everything comes from one `random.Random(seed)`: the same seed and sizes give the same rows (see
`fingerprint`). Secrets (personal-link secrets, calendar keys) come from `secrets` and are left
out of the fingerprint, so nobody can predict a link from the seed. No signal is sent and no
per-row query is made; each table is written in batches.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction

from assessments.enums import CampaignKind, Priority, ResponseStatus
from assessments.models import Answer, Campaign, Invitation, Response
from budget.enums import CostCategory, FundingKind, FundingStatus
from budget.models import CostLine, FundingSource, ProgrammeBudget
from core.enums import OrganisationKind, PlanStatus, Role
from core.models import Expertise, Membership, Organisation, Topic, User
from evaluation.enums import Audience, QuestionKind
from evaluation.models import AnswerValue, Evaluation, Invitee, Question, Questionnaire, Receipt, Submission
from evaluation.services import default_questionnaire
from matching.models import MatchingPlan, Pair
from programmes.enums import (
    AcceptanceStatus,
    ApprovalStatus,
    Channel,
    EnrolmentRole,
    Method,
    ProgrammeStatus,
    SessionKind,
)
from programmes.models import Attendance, Enrolment, Programme, Session
from risks.enums import Barrier, RiskCategory, RiskStatus
from risks.models import Risk

BATCH = 2000
# A fixed "today" keeps the dates of a seed the same whenever it runs.
EPOCH = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)
EMAIL_DOMAIN = "example.org"
ORG_TAG = "(scale "  # in every generated organisation's name: "Municipality of Aldorf (scale 1-17)"

COUNTRIES = ["BE", "NL", "HR", "IT", "ES", "GR", "PL", "DE", "FR", "PT", "RO", "BG", "SI", "AT", "CZ", "HU"]
LANGUAGES = ["en", "nl", "hr", "it", "es", "el", "pl"]
TIME_ZONES = ["Europe/Brussels", "Europe/Amsterdam", "Europe/Rome", "Europe/Madrid", "Europe/Athens", "Europe/Warsaw"]
SYLLABLES = ["al", "ber", "dorf", "gen", "ham", "ka", "lo", "mar", "no", "pol", "ri", "sta", "ten", "vi", "za"]
FIRST = ["Ana", "Marko", "Eva", "Luca", "Sofia", "Jan", "Maria", "Pieter", "Elena", "Nikos", "Ines", "Tomasz"]
LAST = ["Horvat", "Rossi", "Jansen", "Garcia", "Papadopoulos", "Nowak", "Peeters", "Silva", "Kovac", "Bianchi"]


@dataclass(frozen=True)
class Sizes:
    organisations: int = 3_000
    people: int = 30_000
    programmes: int = 1_000
    sessions: int = 20_000
    responses: int = 60_000
    answers: int = 300_000

    def scaled(self, factor: float) -> Sizes:
        """Every size times `factor`, never below what one programme needs."""
        minimum = {"organisations": 2, "people": 10, "programmes": 1}
        return Sizes(
            **{f.name: max(minimum.get(f.name, 0), round(getattr(self, f.name) * factor)) for f in fields(self)}
        )


def scale_organisations():
    return Organisation.objects.filter(name__contains=ORG_TAG)


def scale_users():
    return User.objects.filter(email__startswith="scale-", email__endswith="@" + EMAIL_DOMAIN)


def has_scale_data(seed: int | None = None) -> bool:
    if seed is None:
        return scale_users().exists() or scale_organisations().exists()
    return (
        User.objects.filter(email__startswith=f"scale-{seed}-", email__endswith="@" + EMAIL_DOMAIN).exists()
        or Organisation.objects.filter(name__contains=f"{ORG_TAG}{seed}-").exists()
    )


@transaction.atomic
def scale_reset() -> None:
    """Delete every generated organisation and person, and what hangs on them."""
    organisations = scale_organisations()
    programmes = Programme.objects.filter(organisation__in=organisations)
    # Answers and invitations keep organisations with PROTECT: remove them first, the big tables in bulk.
    AnswerValue.objects.filter(submission__evaluation__programme__in=programmes)._raw_delete(AnswerValue.objects.db)
    Answer.objects.filter(response__invitation__campaign__programme__in=programmes)._raw_delete(Answer.objects.db)
    programmes.delete()
    scale_users().delete()
    organisations.delete()


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class Generator:
    """Builds the data table by table; each step keeps in memory only ids and small facts."""

    def __init__(self, *, seed: int, sizes: Sizes, password: str, out: Callable[[str], None] = lambda line: None):
        self.seed = seed
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.password_hash = make_password(password)
        self.out = out
        self.counts: dict[str, int] = {}
        self.tables: set[str] = set()
        self.topic_ids = list(
            Topic.objects.filter(is_active=True).order_by("order", "code").values_list("pk", flat=True)
        )

    # -- writing ---------------------------------------------------------------------------------

    def write(self, model: type[models.Model], rows, *, label: str | None = None) -> list:
        """bulk_create in batches; returns the saved objects (with their ids)."""
        started = time.monotonic()
        saved = []
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= BATCH * 5:
                saved += model.objects.bulk_create(chunk, batch_size=BATCH)
                chunk = []
        if chunk:
            saved += model.objects.bulk_create(chunk, batch_size=BATCH)
        self.tables.add(model._meta.db_table)
        label = label or model._meta.db_table
        self.counts[label] = self.counts.get(label, 0) + len(saved)
        self.out(f"  {label}: {len(saved):,} rows in {time.monotonic() - started:.1f}s")
        return saved

    def run(self) -> dict[str, int]:
        with transaction.atomic():
            self.organisations()
            self.people()
            self.programmes()
            self.sessions()
            self.assessments()
            self.evaluations()
            self.matching()
            self.budgets_and_risks()
        self.analyze()
        return self.counts

    def analyze(self) -> None:
        """Refresh the planner's statistics of every table written, as after any bulk load.

        Without them PostgreSQL plans the pages' queries from the empty tables' defaults until autovacuum
        gets round to them: the evaluation analysis scanned all 300,000 answers (56 ms) instead of
        reading one evaluation's through the index (20 ms).
        """
        started = time.monotonic()
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in sorted(self.tables):
                cursor.execute(f"ANALYZE {quote(table)}")
        self.out(f"  statistics of {len(self.tables)} tables refreshed in {time.monotonic() - started:.1f}s")

    # -- organisations and people ----------------------------------------------------------------

    def organisations(self) -> None:
        rng, n = self.rng, self.sizes.organisations
        coordinators = max(1, round(n / 100))
        rows = []
        for i in range(n):
            country = rng.choice(COUNTRIES)
            tag = f"{ORG_TAG}{self.seed}-{i + 1})"
            if i < coordinators:
                rows.append(
                    Organisation(
                        name=f"Energy Agency {_name(rng)} {tag}", kind=OrganisationKind.COORDINATOR, country=country
                    )
                )
            else:
                rows.append(
                    Organisation(
                        name=f"Municipality of {_name(rng)} {tag}",
                        kind=OrganisationKind.LOCAL_GOVERNMENT,
                        country=country,
                        population=int(rng.lognormvariate(9.5, 1.3)) + 200,
                        plan_status=rng.choice(PlanStatus.values),
                        co2_target_pct=Decimal(rng.choice([40, 40, 55, 55, 60, 70])) if rng.random() < 0.8 else None,
                    )
                )
        saved = self.write(Organisation, rows)
        self.coordinator_ids = [o.pk for o in saved[:coordinators]]
        self.municipality_ids = [o.pk for o in saved[coordinators:]] or self.coordinator_ids
        self.country_of = {o.pk: str(o.country) for o in saved}
        self.kind_of = {o.pk: o.kind for o in saved}
        parents = []
        for org in saved[coordinators:]:
            org.parent_id = rng.choice(self.coordinator_ids)
            parents.append(org)
        Organisation.objects.bulk_update(parents, ["parent"], batch_size=BATCH)
        self.children = defaultdict(list)
        for org in parents:
            self.children[org.parent_id].append(org.pk)

    def people(self) -> None:
        rng, n = self.rng, self.sizes.people
        users = []
        for i in range(n):
            languages = rng.sample(LANGUAGES, rng.randint(1, 3))
            users.append(
                User(
                    email=f"scale-{self.seed}-{i + 1}@{EMAIL_DOMAIN}",
                    full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {i + 1}",
                    password=self.password_hash,
                    languages=languages,
                    preferred_language=languages[0],
                    job_title=rng.choice(["Energy officer", "Climate adviser", "Planner", "Engineer", ""]),
                )
            )
        users = self.write(User, users)
        # Every coordinator organisation gets a coordinator and a project manager; then a tenth are tutors
        # (of coordinators or municipalities) and the rest municipal staff.
        memberships = []
        self.coordinator_of: dict[int, int] = {}  # organisation -> one coordinator user
        self.staff_by_org: dict[int, list[int]] = defaultdict(list)
        self.org_of: dict[int, int] = {}
        self.tutor_ids: list[int] = []
        self.staff_ids: list[int] = []
        heads = [(org, role) for org in self.coordinator_ids for role in (Role.COORDINATOR, Role.PROJECT_MANAGER)]
        for i, user in enumerate(users):
            if i < len(heads):
                org, role = heads[i]
                if role == Role.COORDINATOR:
                    self.coordinator_of[org] = user.pk
            elif rng.random() < 0.1:
                org, role = rng.choice(self.coordinator_ids + self.municipality_ids[:50]), Role.TUTOR
                self.tutor_ids.append(user.pk)
            else:
                org, role = rng.choice(self.municipality_ids), Role.LG_STAFF
                self.staff_by_org[org].append(user.pk)
                self.staff_ids.append(user.pk)
            self.org_of[user.pk] = org
            memberships.append(Membership(user_id=user.pk, organisation_id=org, role=role))
        self.write(Membership, memberships)
        if not self.tutor_ids:  # a tiny run still needs someone to teach
            self.tutor_ids = [users[-1].pk]
        if not self.staff_ids:
            self.staff_ids = [users[-1].pk]
        expertise = []
        for user_id in self.tutor_ids:
            for topic_id in rng.sample(self.topic_ids, min(len(self.topic_ids), rng.randint(2, 6))):
                expertise.append(Expertise(user_id=user_id, topic_id=topic_id, level=rng.randint(3, 5)))
        self.write(Expertise, expertise)

    # -- programmes and sessions -----------------------------------------------------------------

    def programmes(self) -> None:
        rng, n = self.rng, self.sizes.programmes
        rows = []
        for i in range(n):
            org = self.coordinator_ids[i % len(self.coordinator_ids)]
            start = EPOCH.date() + dt.timedelta(days=rng.randint(-540, 240))
            rows.append(
                Programme(
                    title=f"{rng.choice(['Energy', 'Climate', 'Heat', 'Mobility', 'Renovation'])} "
                    f"{rng.choice(['academy', 'exchange', 'coaching', 'twinning'])} {i + 1}",
                    organisation_id=org,
                    method=rng.choice(Method.values),
                    goals="Build the skills to write and carry out the sustainable energy and climate plan.",
                    start_date=start,
                    end_date=start + dt.timedelta(days=rng.randint(60, 360)),
                    status=ProgrammeStatus.values[i % len(ProgrammeStatus.values)],
                    created_by_id=self.coordinator_of[org],
                )
            )
        self.programme_list = self.write(Programme, rows)
        through = Programme.topics.through
        self.programme_topics = {}
        links = []
        for programme in self.programme_list:
            chosen = sorted(rng.sample(self.topic_ids, min(len(self.topic_ids), rng.randint(2, 5))))
            self.programme_topics[programme.pk] = chosen
            links += [through(programme_id=programme.pk, topic_id=topic_id) for topic_id in chosen]
        self.write(through, links, label="programmes_programme_topics")
        # Enrolments: a few tutors and a score of trainees, mostly from the municipalities the coordinator supports.
        enrolments = []
        for programme in self.programme_list:
            local = [u for org in self.children[programme.organisation_id] for u in self.staff_by_org[org]]
            pool = local if len(local) >= 20 else self.staff_ids
            trainees = rng.sample(pool, min(len(pool), rng.randint(12, 24)))
            tutors = rng.sample(self.tutor_ids, min(len(self.tutor_ids), rng.randint(2, 4)))
            for person, role in [(p, EnrolmentRole.TUTOR) for p in tutors] + [
                (p, EnrolmentRole.TRAINEE if programme.method != Method.PEER else EnrolmentRole.PEER) for p in trainees
            ]:
                if person in tutors and role != EnrolmentRole.TUTOR:
                    continue
                approved = rng.random() < 0.9
                enrolments.append(
                    Enrolment(
                        programme_id=programme.pk,
                        person_id=person,
                        organisation_id=self.org_of[person],
                        role=role,
                        approval=ApprovalStatus.APPROVED if approved else ApprovalStatus.PENDING,
                        approved_by_id=self.coordinator_of[programme.organisation_id] if approved else None,
                        approved_at=EPOCH - dt.timedelta(days=rng.randint(1, 400)) if approved else None,
                        acceptance=rng.choice([AcceptanceStatus.ACCEPTED] * 8 + [AcceptanceStatus.PENDING]),
                    )
                )
        enrolments = self.write(Enrolment, enrolments)
        self.enrolments = defaultdict(list)  # programme -> [(enrolment id, person, role)]
        for e in enrolments:
            self.enrolments[e.programme_id].append((e.pk, e.person_id, e.role))

    def sessions(self) -> None:
        rng, n = self.rng, self.sizes.sessions
        rows, people = [], []
        by_pk = {p.pk: p for p in self.programme_list}
        programme_ids = list(by_pk)
        for i in range(n):
            programme = by_pk[
                programme_ids[i % len(programme_ids)] if i < len(programme_ids) else rng.choice(programme_ids)
            ]
            day = programme.start_date + dt.timedelta(
                days=rng.randint(0, (programme.end_date - programme.start_date).days)
            )
            starts = dt.datetime.combine(day, dt.time(rng.choice([9, 10, 13, 14])), tzinfo=dt.UTC)
            minutes = rng.choice([60, 90, 120, 180, 240])
            kind = rng.choice(SessionKind.values)
            online = kind in (SessionKind.ONLINE_MEETING, SessionKind.EMAIL_EXCHANGE)
            rows.append(
                Session(
                    programme_id=programme.pk,
                    title=f"{SessionKind(kind).label} {i + 1}",
                    kind=kind,
                    topic_id=rng.choice(self.programme_topics[programme.pk]),
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(minutes=minutes),
                    planned_minutes=minutes,
                    time_zone=rng.choice(TIME_ZONES),
                    channel=Channel.VIDEO_CALL if online else Channel.IN_PERSON,
                    location="" if online else f"Town hall of {_name(rng)}",
                    online_url=f"https://meet.example.org/{self.seed}-{i + 1}" if online else "",
                    language=rng.choice(LANGUAGES),
                    capacity=rng.choice([None, 20, 30, 50]),
                )
            )
            enrolled = self.enrolments[programme.pk]
            tutors = [person for _, person, role in enrolled if role == EnrolmentRole.TUTOR]
            learners = [person for _, person, role in enrolled if role != EnrolmentRole.TUTOR]
            people.append(
                (
                    rng.sample(tutors, min(len(tutors), rng.randint(1, 2))),
                    rng.sample(learners, min(len(learners), rng.randint(5, 15))),
                )
            )
        saved = self.write(Session, rows)
        tutor_links, attendee_links, attendance = [], [], []
        self.past_sessions = []  # (session, programme, attendees present)
        for session, (tutors, attendees) in zip(saved, people, strict=True):
            tutor_links += [Session.tutors.through(session_id=session.pk, user_id=u) for u in tutors]
            attendee_links += [Session.attendees.through(session_id=session.pk, user_id=u) for u in attendees]
            if session.ends_at < EPOCH:
                present = [u for u in attendees if rng.random() < 0.85]
                attendance += [
                    Attendance(
                        session_id=session.pk,
                        person_id=u,
                        present=u in present,
                        marked_by_id=tutors[0] if tutors else None,
                        marked_at=session.ends_at,
                    )
                    for u in attendees
                ]
                self.past_sessions.append((session, present))
        self.write(Session.tutors.through, tutor_links, label="programmes_session_tutors")
        self.write(Session.attendees.through, attendee_links, label="programmes_session_attendees")
        self.write(Attendance, attendance)

    # -- needs assessment ------------------------------------------------------------------------

    def assessments(self) -> None:
        rng, total = self.rng, self.sizes.responses
        if not total:
            return
        per = -(-total // len(self.programme_list))  # responses per campaign, rounded up
        campaigns, plan = [], []
        left = total
        round_no = 0
        while left > 0 and round_no < 20:  # a small pool of staff is asked again in follow-up campaigns
            round_no += 1
            for programme in self.programme_list:
                if left <= 0:
                    break
                local = [u for org in self.children[programme.organisation_id] for u in self.staff_by_org[org]]
                pool = local if len(local) >= per else self.staff_ids
                answered = min(left, per, len(pool))
                invited = rng.sample(pool, min(len(pool), answered + answered // 10))
                left -= answered
                baseline = round_no == 1
                campaigns.append(
                    Campaign(
                        programme_id=programme.pk,
                        title=f"Needs assessment: {programme.title}" + ("" if baseline else f" ({round_no})"),
                        kind=CampaignKind.BASELINE if baseline else CampaignKind.FOLLOW_UP,
                        deadline=dt.datetime.combine(
                            programme.start_date if baseline else programme.end_date, dt.time(12), tzinfo=dt.UTC
                        ),
                        closed_at=EPOCH if programme.start_date < EPOCH.date() and rng.random() < 0.5 else None,
                    )
                )
                plan.append((programme, invited, answered))
        campaigns = self.write(Campaign, campaigns)
        baselines = {c.programme_id: c.pk for c in campaigns if c.kind == CampaignKind.BASELINE}
        follow_ups = [c for c in campaigns if c.kind == CampaignKind.FOLLOW_UP]
        for campaign in follow_ups:
            campaign.baseline_id = baselines[campaign.programme_id]
        Campaign.objects.bulk_update(follow_ups, ["baseline"], batch_size=BATCH)
        topic_links, invitations, answered_of = [], [], []
        for campaign, (programme, invited, answered) in zip(campaigns, plan, strict=True):
            topics = self.programme_topics[programme.pk]
            topic_links += [Campaign.topics.through(campaign_id=campaign.pk, topic_id=t) for t in topics]
            for k, person in enumerate(invited):
                invitations.append(
                    Invitation(
                        campaign_id=campaign.pk,
                        person_id=person,
                        organisation_id=self.org_of[person],
                        public_id=_uuid(rng),
                    )
                )
                answered_of.append((topics, k < answered))
        self.write(Campaign.topics.through, topic_links, label="assessments_campaign_topics")
        invitations = self.write(Invitation, invitations)
        responses, grids = [], []
        for invitation, (topics, answers) in zip(invitations, answered_of, strict=True):
            if not answers:
                continue
            submitted = rng.random() < 0.9
            responses.append(
                Response(
                    invitation_id=invitation.pk,
                    status=ResponseStatus.SUBMITTED if submitted else ResponseStatus.DRAFT,
                    submitted_at=EPOCH - dt.timedelta(days=rng.randint(1, 500)) if submitted else None,
                )
            )
            grids.append(topics)
        responses = self.write(Response, responses)
        self.write(Answer, self._grid_rows(responses, grids))

    def _grid_rows(self, responses, grids):
        rng = self.rng
        for response, topics in zip(responses, grids, strict=True):
            for topic_id in topics:
                current = rng.randint(1, 4)
                yield Answer(
                    response_id=response.pk,
                    topic_id=topic_id,
                    current_level=current,
                    required_level=min(5, current + rng.randint(0, 2)),
                    priority=rng.choice(Priority.values),
                    challenges=rng.choice(["", "No staff time.", "Data are missing.", "Procurement rules."]),
                )

    # -- evaluation ------------------------------------------------------------------------------

    def evaluations(self) -> None:
        rng, total = self.rng, self.sizes.answers
        if not total or not self.past_sessions:
            return
        questionnaires = {}
        for org in self.coordinator_ids:
            questionnaires[org] = default_questionnaire(
                organisation=Organisation(pk=org, kind=OrganisationKind.COORDINATOR), user=None
            )
        self.counts["evaluation_questionnaire"] = len(questionnaires)
        questions = defaultdict(list)
        for question in Question.objects.filter(questionnaire__in=questionnaires.values()).order_by("order", "pk"):
            questions[question.questionnaire_id].append(question)
        programme_of = {p.pk: p for p in self.programme_list}
        evaluations, plan = [], []
        made = 0
        round_no = 0
        while made < total and round_no < 50:  # a second round asks the same attendees again, later
            round_no += 1
            for session, present in self.past_sessions:
                if made >= total:
                    break
                if not present:
                    continue
                programme = programme_of[session.programme_id]
                questionnaire = questionnaires[programme.organisation_id]
                answers = {}  # person -> [(question, number, topic, text)]
                for person in present:
                    if made < total and rng.random() < 0.75:
                        rows = self._answers(questions[questionnaire.pk])[: total - made]
                        answers[person] = rows
                        made += len(rows)
                evaluations.append(
                    Evaluation(
                        programme_id=programme.pk,
                        session_id=session.pk,
                        questionnaire=questionnaire,
                        title=f"After {session.title}" + (f" ({round_no})" if round_no > 1 else ""),
                        audience=Audience.ATTENDEES,
                        anonymous=rng.random() < 0.3,
                        opens_at=session.ends_at + dt.timedelta(days=7 * (round_no - 1)),
                        closes_at=session.ends_at + dt.timedelta(days=7 * (round_no - 1) + 14),
                    )
                )
                plan.append((present, answers))
        evaluations = self.write(Evaluation, evaluations)
        invitees, invitee_plan = [], []
        for evaluation, (present, answers) in zip(evaluations, plan, strict=True):
            for person in present:
                org = self.org_of[person]
                invitees.append(
                    Invitee(
                        evaluation_id=evaluation.pk,
                        person_id=person,
                        organisation_id=org,
                        role=EnrolmentRole.TRAINEE,
                        public_id=_uuid(rng),
                    )
                )
                invitee_plan.append((evaluation, org, answers.get(person)))
        invitees = self.write(Invitee, invitees)
        receipts, submissions, submission_answers = [], [], []
        for invitee, (evaluation, org, answers) in zip(invitees, invitee_plan, strict=True):
            if answers is None:
                continue
            receipts.append(Receipt(invitee_id=invitee.pk))
            submissions.append(
                Submission(
                    evaluation_id=evaluation.pk,
                    invitee_id=None if evaluation.anonymous else invitee.pk,
                    organisation_kind=self.kind_of[org],
                    country=self.country_of[org],
                    role=invitee.role,
                    submitted_on=(evaluation.opens_at + dt.timedelta(days=rng.randint(0, 13))).date(),
                )
            )
            submission_answers.append(answers)
        self.write(Receipt, receipts)
        submissions = self.write(Submission, submissions)
        self.write(
            AnswerValue,
            (
                AnswerValue(submission_id=submission.pk, question_id=q, number=number, topic_id=topic, text=text)
                for submission, answers in zip(submissions, submission_answers, strict=True)
                for q, number, topic, text in answers
            ),
        )

    def _answers(self, questions: list[Question]) -> list[tuple]:
        """One person's answers to a questionnaire, as (question id, number, topic id, text)."""
        rng = self.rng
        mood = rng.random()
        rows = []
        for question in questions:
            if question.kind == QuestionKind.LIKERT:
                rows.append((question.pk, min(5, max(1, round(2.5 + 2.5 * mood + rng.uniform(-1, 1)))), None, ""))
            elif question.kind == QuestionKind.RECOMMEND:
                rows.append((question.pk, min(10, max(0, round(10 * mood + rng.uniform(-2, 2)))), None, ""))
            elif question.kind == QuestionKind.SUPPORT_TOPICS:
                rows += [(question.pk, t, t, "") for t in sorted(rng.sample(self.topic_ids, rng.randint(0, 2)))]
            elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                rows.append((question.pk, rng.randrange(max(1, len(question.options))), None, ""))
            elif rng.random() < 0.3:
                rows.append(
                    (question.pk, None, None, rng.choice(["More examples, please.", "Very useful.", "Too short."]))
                )
        return rows

    # -- matching, budget, risks -----------------------------------------------------------------

    def matching(self) -> None:
        rng = self.rng
        matched_statuses = {ProgrammeStatus.PLANNED, ProgrammeStatus.RUNNING, ProgrammeStatus.EVALUATION}
        programmes = [p for p in self.programme_list if p.method != Method.PEER and p.status in matched_statuses]
        plans = self.write(
            MatchingPlan,
            [MatchingPlan(programme_id=p.pk, published_at=EPOCH - dt.timedelta(days=30)) for p in programmes],
        )
        pairs = []
        for plan in plans:
            enrolled = self.enrolments[plan.programme_id]
            tutors = [e for e, _, role in enrolled if role == EnrolmentRole.TUTOR]
            if not tutors:
                continue
            topics = self.programme_topics[plan.programme_id]
            for enrolment, _, role in enrolled:
                if role == EnrolmentRole.TRAINEE:
                    pairs.append(
                        Pair(
                            plan_id=plan.pk,
                            trainee_id=enrolment,
                            tutor_id=rng.choice(tutors),
                            score=round(rng.uniform(0.4, 1.0), 3),
                            reasons=self._pair_reasons(topics),
                        )
                    )
        self.write(Pair, pairs)

    def _pair_reasons(self, topics: list[int]) -> dict:
        """Reasons shaped as the solver writes them (matching.scoring.Scored.reasons)."""
        rng = self.rng
        covered = []
        for topic in sorted(rng.sample(topics, rng.randint(1, len(topics)))):
            gap, weight = rng.randint(1, 3), rng.randint(1, 3)
            covered.append(
                {
                    "topic": topic,
                    "points": float(gap * weight),
                    "gap": gap,
                    "tutor_level": rng.randint(3, 5),
                    "weight": weight,
                }
            )
        return {"topics": covered, "languages": [rng.choice(LANGUAGES)], "same_country": rng.random() < 0.5}

    def budgets_and_risks(self) -> None:
        rng = self.rng
        self.write(ProgrammeBudget, [ProgrammeBudget(programme_id=p.pk) for p in self.programme_list])
        lines, funding, risks = [], [], []
        for programme in self.programme_list:
            for category in rng.sample(CostCategory.values, rng.randint(2, 5)):
                planned = Decimal(rng.randrange(500, 25_000, 50))
                shared = rng.random() < 0.1
                lines.append(
                    CostLine(
                        programme_id=programme.pk,
                        category=category,
                        description=f"{CostCategory(category).label} for {programme.title}",
                        planned_amount=planned,
                        actual_amount=(planned * Decimal(rng.choice(["0.8", "1.0", "1.1"]))).quantize(Decimal("0.01"))
                        if programme.status in (ProgrammeStatus.EVALUATION, ProgrammeStatus.CLOSED)
                        else None,
                        shared_with="Regional energy week" if shared else "",
                        shared_share_pct=Decimal(50) if shared else None,
                    )
                )
            funding.append(
                FundingSource(
                    programme_id=programme.pk,
                    kind=rng.choice(FundingKind.values),
                    name=rng.choice(["LIFE call", "Regional fund", "Own budget", "Partner contribution"]),
                    amount=Decimal(rng.randrange(10_000, 200_000, 1_000)),
                    status=rng.choice(FundingStatus.values),
                )
            )
            for code in rng.sample(Barrier.values, rng.randint(1, 3)):
                risks.append(
                    Risk(
                        programme_id=programme.pk,
                        code=code,
                        title=str(Barrier(code).label),
                        category=rng.choice(RiskCategory.values),
                        likelihood=rng.randint(1, 5),
                        impact=rng.randint(1, 5),
                        status=rng.choice(RiskStatus.values),
                        owner_id=self.coordinator_of[programme.organisation_id],
                    )
                )
        self.write(CostLine, lines)
        self.write(FundingSource, funding)
        self.write(Risk, risks)


# -- fingerprints ------------------------------------------------------------------------------------

# Values that are random on purpose (secrets) or set by the clock (auto_now) stay out.
SKIPPED = {"secret", "calendar_token", "family", "created", "updated", "last_login", "date_joined", "password"}
FINGERPRINTED = [
    Organisation,
    User,
    Membership,
    Expertise,
    Programme,
    Programme.topics.through,
    Enrolment,
    Session,
    Session.tutors.through,
    Session.attendees.through,
    Attendance,
    Campaign,
    Invitation,
    Response,
    Answer,
    Questionnaire,
    Evaluation,
    Invitee,
    Receipt,
    Submission,
    AnswerValue,
    MatchingPlan,
    Pair,
    ProgrammeBudget,
    CostLine,
    FundingSource,
    Risk,
]


def fingerprint() -> dict[str, str]:
    """A hash per table of the data in the database. Ids count from each table's smallest id, so two
    runs of one seed into clean databases give equal hashes whatever the sequences had reached."""
    base = {}
    for model in [*FINGERPRINTED, Topic, Question]:
        base[model] = model.objects.aggregate(low=models.Min("pk"))["low"] or 0
    result = {}
    for model in FINGERPRINTED:
        columns, shifts = [], []
        for field in model._meta.concrete_fields:
            if field.name in SKIPPED or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue
            columns.append(field.attname)
            if field.primary_key:
                shifts.append(base[model])
            elif field.is_relation:
                shifts.append(base.get(field.related_model, 0))
            else:
                shifts.append(None)
        digest = hashlib.sha256()
        for row in model.objects.order_by("pk").values_list(*columns).iterator(chunk_size=5000):
            values = [v - s if s is not None and v is not None else v for v, s in zip(row, shifts, strict=True)]
            digest.update(repr(values).encode())
        result[model._meta.db_table] = digest.hexdigest()
    return result
