"""Reads of venues, session logistics, checklists and SWOT analyses, scoped to the user.

Who sees what: the coordinators of a programme's organisation edit its logistics and its
checklist, its project managers read them. The SWOT analyses of a peer programme are read by
them and by the programme's peers and facilitators; until matching creates peer groups, all
the peers of a programme are one group, so each of them sees every partner's analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.memo import per_object
from core.models import User
from core.scope import get_or_404, roles_of
from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole, Method
from programmes.models import Enrolment, Programme, Session
from programmes.selectors import programme_get, programmes_managed_by

from .enums import ChecklistSection, ChecklistStatus, Quadrant
from .models import (
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    SessionLogistics,
    Swot,
    SwotComment,
    SwotEntry,
    Venue,
)

PEER_METHODS = (Method.PEER, Method.BOTH)
PEER_ROLES = (EnrolmentRole.PEER, EnrolmentRole.FACILITATOR)


# Venues


def venues_for(user) -> QuerySet[Venue]:
    """The venues of the organisations a user coordinates."""
    return Venue.objects.filter(organisation_id__in=roles_of(user).coordinated).select_related("organisation")


def venue_get(user, pk) -> Venue:
    return get_or_404(venues_for(user), pk=pk)


def venue_choices(user, *, current_id: int | None = None) -> QuerySet[Venue]:
    """Venues to hold a session in: the user's, and the one already chosen (which another
    coordinator of the programme may have picked from their own list)."""
    return Venue.objects.filter(Q(organisation_id__in=roles_of(user).coordinated) | Q(pk=current_id)).order_by("name")


# Session logistics


def session_for_logistics(user, pk) -> Session:
    """A session of a programme the user coordinates, with its logistics and venue."""
    sessions = Session.objects.filter(programme__in=programmes_managed_by(user)).select_related(
        "programme", "programme__organisation", "logistics", "logistics__venue"
    )
    return get_or_404(sessions, pk=pk)


def logistics_of(session: Session) -> SessionLogistics:
    """The session's logistics, or a blank unsaved row at version 1 if none was saved yet."""
    try:
        return session.logistics
    except SessionLogistics.DoesNotExist:
        return SessionLogistics(session=session)


def participant_count(programme: Programme) -> int:
    """People who may come: enrolled, and neither they nor their organisation declined."""
    return (
        programme.enrolments.exclude(acceptance=AcceptanceStatus.DECLINED)
        .exclude(approval=ApprovalStatus.DECLINED)
        .count()
    )


def capacity_warnings(*, venue: Venue | None, headcount: int | None, participants: int) -> list[str]:
    """What does not fit in the venue: the catering headcount, or the programme's participants."""
    if venue is None or venue.capacity is None:
        return []
    warnings = []
    if headcount and headcount > venue.capacity:
        warnings.append(
            _("The catering headcount (%(headcount)s) exceeds the capacity of %(venue)s (%(capacity)s).")
            % {"headcount": headcount, "venue": venue.name, "capacity": venue.capacity}
        )
    if participants > venue.capacity:
        warnings.append(
            _("The programme has %(participants)s participants, more than the capacity of %(venue)s (%(capacity)s).")
            % {"participants": participants, "venue": venue.name, "capacity": venue.capacity}
        )
    return warnings


@dataclass(frozen=True)
class SessionRow:
    session: Session
    logistics: SessionLogistics
    warnings: list[str]


def programme_session_rows(programme: Programme) -> list[SessionRow]:
    """Each session of a programme with its logistics and capacity warnings, in two queries."""
    participants = participant_count(programme)
    sessions = programme.sessions.select_related("logistics", "logistics__venue").order_by("starts_at")
    rows = []
    for session in sessions:
        logistics = logistics_of(session)
        warnings = capacity_warnings(
            venue=logistics.venue, headcount=logistics.catering_headcount, participants=participants
        )
        rows.append(SessionRow(session, logistics, warnings))
    return rows


# Checklists


def checklist_programme_get(user, pk, *, manage: bool = False) -> Programme:
    """A programme whose checklist the user reads (its organisation's coordinators and project
    managers) or, with `manage`, edits (its coordinators)."""
    if manage:
        return programme_get(user, pk, manage=True)
    programmes = Programme.objects.filter(organisation_id__in=roles_of(user).managed)
    return get_or_404(programmes.select_related("organisation"), pk=pk)


def checklist_item_managed(user, pk) -> ChecklistItem:
    items = ChecklistItem.objects.filter(programme__in=programmes_managed_by(user))
    return get_or_404(items.select_related("programme", "programme__organisation", "owner"), pk=pk)


OVERDUE = "overdue"


def checklist_items(programme: Programme, *, status: str = "") -> QuerySet[ChecklistItem]:
    """A programme's checklist items, optionally of one status or only the overdue ones."""
    items = programme.checklist_items.select_related("owner").order_by("order", "pk")
    if status == OVERDUE:
        return items.exclude(status=ChecklistStatus.DONE).filter(due_date__lt=timezone.localdate())
    if status:
        return items.filter(status=status)
    return items


@dataclass
class SectionGroup:
    section: ChecklistSection
    items: list = field(default_factory=list)


def group_by_section(items) -> list[SectionGroup]:
    """Items under the sections in their fixed order; every section appears, even empty."""
    groups = {section: SectionGroup(ChecklistSection(section)) for section in ChecklistSection.values}
    for item in items:
        groups[item.section].items.append(item)
    return list(groups.values())


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@per_object
def checklist_progress(programme: Programme) -> Progress:
    """Checklist items in all, done and overdue, in one query; shared within a page's request (the
    programme page's logistics section and its overdue-items readiness check both read it)."""
    counts = programme.checklist_items.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ChecklistStatus.DONE)),
        overdue=Count("pk", filter=~Q(status=ChecklistStatus.DONE) & Q(due_date__lt=timezone.localdate())),
    )
    return Progress(**counts)


def owner_choices(programme: Programme) -> QuerySet[User]:
    """Who may own a task: the staff of the programme's organisation and its participants."""
    enrolled = Enrolment.objects.filter(programme=programme, person=OuterRef("pk"))
    return (
        User.objects.filter(Q(memberships__organisation=programme.organisation_id) | Q(Exists(enrolled)))
        .filter(is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("full_name", "email")
    )


def templates_for(user) -> QuerySet[ChecklistTemplate]:
    """The checklist templates of the organisations a user coordinates, with their item counts."""
    return (
        ChecklistTemplate.objects.filter(organisation_id__in=roles_of(user).coordinated)
        .select_related("organisation")
        .annotate(item_count=Count("items"))
        .order_by("organisation__name", "-is_default", "name")
    )


def template_managed(user, pk) -> ChecklistTemplate:
    templates = ChecklistTemplate.objects.filter(organisation_id__in=roles_of(user).coordinated)
    return get_or_404(templates.select_related("organisation"), pk=pk)


def template_item_managed(user, pk) -> ChecklistTemplateItem:
    items = ChecklistTemplateItem.objects.filter(template__organisation_id__in=roles_of(user).coordinated)
    return get_or_404(items.select_related("template", "template__organisation"), pk=pk)


def template_items(template: ChecklistTemplate) -> QuerySet[ChecklistTemplateItem]:
    return template.items.order_by("order", "pk")


# SWOT peer review


def _peer_enrolments() -> QuerySet[Enrolment]:
    """Enrolments as peer or facilitator that neither the person nor their organisation declined."""
    return (
        Enrolment.objects.filter(role__in=PEER_ROLES)
        .exclude(acceptance=AcceptanceStatus.DECLINED)
        .exclude(approval=ApprovalStatus.DECLINED)
    )


def partner_organisation_ids(programme: Programme) -> set[int]:
    """The organisations taking part in a peer programme through their peers."""
    return set(
        _peer_enrolments()
        .filter(programme=programme, role=EnrolmentRole.PEER)
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def swot_programmes_for(user) -> QuerySet[Programme]:
    """Peer programmes whose SWOT analyses a user reads: the owning organisation's coordinators
    and project managers, and the programme's peers and facilitators."""
    if not user.is_authenticated:
        return Programme.objects.none()
    peer = _peer_enrolments().filter(programme=OuterRef("pk"), person=user)
    return Programme.objects.filter(method__in=PEER_METHODS).filter(
        Q(organisation_id__in=roles_of(user).managed) | Q(Exists(peer))
    )


def swot_programme_get(user, pk) -> Programme:
    return get_or_404(swot_programmes_for(user).select_related("organisation"), pk=pk)


def _coordinated_or_own_organisation_peer(user, prefix: str) -> Q:
    """The user coordinates the programme, or takes part in it as a peer for the analysed organisation."""
    own = _peer_enrolments().filter(
        programme=OuterRef(f"{prefix}programme"), organisation=OuterRef(f"{prefix}organisation"), person=user
    )
    return Q(**{f"{prefix}programme__organisation_id__in": roles_of(user).coordinated}) | Q(Exists(own))


def swot_editable(user, pk) -> Swot:
    """A SWOT analysis the user may add entries to."""
    swots = Swot.objects.filter(programme__method__in=PEER_METHODS).filter(
        _coordinated_or_own_organisation_peer(user, "")
    )
    return get_or_404(swots.select_related("programme", "organisation"), pk=pk)


def swot_entry_editable(user, pk) -> SwotEntry:
    """An entry the user may change: one of their own organisation's analysis, or any as coordinator."""
    entries = SwotEntry.objects.filter(swot__programme__method__in=PEER_METHODS).filter(
        _coordinated_or_own_organisation_peer(user, "swot__")
    )
    return get_or_404(entries.select_related("swot", "swot__programme", "swot__organisation"), pk=pk)


def swot_commentable(user, pk) -> Swot:
    """A SWOT analysis the user may comment on: any peer of its programme, and its coordinators."""
    peer = _peer_enrolments().filter(programme=OuterRef("programme"), person=user)
    swots = Swot.objects.filter(programme__method__in=PEER_METHODS).filter(
        Q(programme__organisation_id__in=roles_of(user).coordinated) | Q(Exists(peer))
    )
    return get_or_404(swots.select_related("programme", "organisation"), pk=pk)


@dataclass(frozen=True)
class SwotAccess:
    coordinator: bool
    peer_organisations: frozenset[int]  # those the user takes part for, as peer or facilitator

    @property
    def can_comment(self) -> bool:
        return self.coordinator or bool(self.peer_organisations)

    def can_edit(self, swot: Swot) -> bool:
        return self.coordinator or swot.organisation_id in self.peer_organisations


def swot_access(user, programme: Programme) -> SwotAccess:
    enrolments = _peer_enrolments().filter(programme=programme, person=user)
    organisations = enrolments.values_list("organisation_id", flat=True)
    return SwotAccess(
        coordinator=programme.organisation_id in roles_of(user).coordinated,
        peer_organisations=frozenset(organisations),
    )


@dataclass
class SwotCard:
    swot: Swot
    quadrants: list[tuple[Quadrant, list[SwotEntry]]]
    can_edit: bool


def programme_swot_cards(programme: Programme, access: SwotAccess) -> list[SwotCard]:
    """One card per partner organisation, entries by quadrant and comments, in three queries."""
    swots = (
        programme.swots.select_related("organisation")
        .prefetch_related(
            Prefetch("entries", queryset=SwotEntry.objects.select_related("author").order_by("created", "pk")),
            Prefetch("comments", queryset=SwotComment.objects.select_related("author").order_by("created", "pk")),
        )
        .order_by("organisation__name")
    )
    cards = []
    for swot in swots:
        by_quadrant = {quadrant: [] for quadrant in Quadrant.values}
        for entry in swot.entries.all():
            by_quadrant[entry.quadrant].append(entry)
        quadrants = [(Quadrant(value), entries) for value, entries in by_quadrant.items()]
        cards.append(SwotCard(swot, quadrants, access.can_edit(swot)))
    return cards


# The programme page


@dataclass(frozen=True)
class ProgrammeSection:
    progress: Progress | None  # None for those who do not read the checklist
    sessions: list[SessionRow]
    can_manage: bool
    swot_visible: bool


def programme_section(user, programme: Programme) -> dict:
    """What the logistics section of the programme page shows to this user."""
    roles = roles_of(user)
    managed = programme.organisation_id in roles.managed
    swot_visible = programme.method in PEER_METHODS and (
        managed or _peer_enrolments().filter(programme=programme, person=user).exists()
    )
    section = ProgrammeSection(
        progress=checklist_progress(programme) if managed else None,
        sessions=programme_session_rows(programme) if managed else [],
        can_manage=programme.organisation_id in roles.coordinated,
        swot_visible=swot_visible,
    )
    return {"logistics": section}
