"""Every write to venues, session logistics, checklists and SWOT analyses."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import save_versioned
from core.models import Organisation, User
from notifications.services import Planned, dispatch_soon, notifications_cancel, notifications_plan
from programmes.models import Programme, Session

from .defaults import DEFAULT_ITEMS, DEFAULT_TEMPLATE_NAME
from .enums import ChecklistStatus
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
from .notifications import CHECKLIST_DUE
from .selectors import partner_organisation_ids

# The morning of the due date, in the site's time zone, when the owner of a task is reminded.
REMINDER_TIME = datetime.time(9, 0)


# Venues


@transaction.atomic
def venue_create(*, organisation: Organisation, **fields) -> Venue:
    venue = Venue(organisation=organisation, **fields)
    venue.full_clean()
    venue.save()
    return venue


@transaction.atomic
def venue_update(*, venue: Venue, **fields) -> Venue:
    for name, value in fields.items():
        setattr(venue, name, value)
    venue.full_clean()
    venue.save()
    return venue


# Session logistics

SESSION_LOGISTICS_FIELDS = [
    "venue",
    "equipment",
    "interpretation_languages",
    "interpretation_notes",
    "catering_headcount",
    "updated",
]


@transaction.atomic
def session_logistics_save(*, session: Session, expected_version: int | None = None, **fields) -> SessionLogistics:
    """Save the logistics of a session as loaded at `expected_version` (EditConflict if someone
    saved in between).

    A session without logistics is edited as a blank row at version 1, the version a new row
    starts with: of two people filling in the same empty form, the first creates and saves it,
    the second gets the conflict.
    """
    logistics, _created = SessionLogistics.objects.get_or_create(session=session)
    for name, value in fields.items():
        setattr(logistics, name, value)
    logistics.updated = timezone.now()
    if expected_version is None:
        logistics.full_clean()
        logistics.save()
        return logistics
    return save_versioned(logistics, expected_version=expected_version, fields=SESSION_LOGISTICS_FIELDS)


# Checklist templates


@transaction.atomic
def checklist_default_template(*, organisation: Organisation) -> ChecklistTemplate:
    """The organisation's default template, seeded with the standard items the first time it is needed.

    The items are written in the language active at that moment (the coordinator's), and are
    the organisation's own text from then on. Two first requests at once make one template.
    """
    template = ChecklistTemplate.objects.filter(organisation=organisation, is_default=True).first()
    if template is not None:
        return template
    name = str(DEFAULT_TEMPLATE_NAME)
    if ChecklistTemplate.objects.filter(organisation=organisation, name=name).exists():
        name = f"{name} ({_('default')})"
    try:
        with transaction.atomic():
            template = ChecklistTemplate.objects.create(organisation=organisation, name=name, is_default=True)
    except IntegrityError:
        return ChecklistTemplate.objects.get(organisation=organisation, is_default=True)
    items = [(section, title) for section, titles in DEFAULT_ITEMS.items() for title in titles]
    ChecklistTemplateItem.objects.bulk_create(
        ChecklistTemplateItem(template=template, section=section, title=str(title), order=order)
        for order, (section, title) in enumerate(items, start=1)
    )
    return template


@transaction.atomic
def checklist_template_create(
    *, organisation: Organisation, name: str, copy_from: ChecklistTemplate | None = None
) -> ChecklistTemplate:
    template = ChecklistTemplate(organisation=organisation, name=name)
    template.full_clean()
    template.save()
    if copy_from is not None:
        ChecklistTemplateItem.objects.bulk_create(
            ChecklistTemplateItem(template=template, section=item.section, title=item.title, order=item.order)
            for item in copy_from.items.all()
        )
    return template


@transaction.atomic
def checklist_template_item_create(*, template: ChecklistTemplate, **fields) -> ChecklistTemplateItem:
    item = ChecklistTemplateItem(template=template, **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def checklist_template_item_update(*, item: ChecklistTemplateItem, **fields) -> ChecklistTemplateItem:
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def checklist_template_item_delete(*, item: ChecklistTemplateItem) -> None:
    item.delete()


# Checklists


def _next_order(programme: Programme) -> int:
    return (programme.checklist_items.aggregate(last=Max("order"))["last"] or 0) + 1


@transaction.atomic
def checklist_create_from_template(*, programme: Programme, template: ChecklistTemplate) -> list[ChecklistItem]:
    """Copy a template's items into a programme's checklist, after the items it already has.

    An item whose section and title the checklist already holds is skipped, so applying a
    template twice adds nothing. Returns the items added.
    """
    existing = set(programme.checklist_items.values_list("section", "title"))
    order = _next_order(programme)
    items = []
    for template_item in template.items.order_by("order", "pk"):
        if (template_item.section, template_item.title) in existing:
            continue
        item = ChecklistItem(
            programme=programme, section=template_item.section, title=template_item.title, order=order + len(items)
        )
        # Uniqueness was checked against the titles just read; the database refuses a concurrent copy.
        item.full_clean(validate_unique=False, validate_constraints=False)
        items.append(item)
        existing.add((item.section, item.title))
    try:
        with transaction.atomic():
            return ChecklistItem.objects.bulk_create(items)
    except IntegrityError:
        raise ValidationError(
            _("Someone changed the checklist while the template was applied; apply it again.")
        ) from None


def checklist_item_due_at(item: ChecklistItem) -> datetime.datetime | None:
    if item.due_date is None:
        return None
    return datetime.datetime.combine(item.due_date, REMINDER_TIME, tzinfo=timezone.get_default_timezone())


@transaction.atomic
def checklist_item_plan_reminder(*, item: ChecklistItem) -> None:
    """Remind the owner on the morning of the due date, once per due date.

    A new owner or date moves the reminder; a done item, or one without owner or due date, or
    whose due date is past, has none, which cancels any still pending. A task due today is
    reminded at once if the morning is already past.
    """
    due_at = checklist_item_due_at(item)
    planned = []
    if item.owner_id and due_at and item.status != ChecklistStatus.DONE and item.due_date >= timezone.localdate():
        planned = [Planned(item.owner, item.due_date.isoformat(), due_at)]
    notifications_plan(kind=CHECKLIST_DUE.code, target=item, planned=planned, programme=item.programme)
    if planned and due_at <= timezone.now():
        dispatch_soon()


@transaction.atomic
def checklist_item_create(*, programme: Programme, **fields) -> ChecklistItem:
    item = ChecklistItem(programme=programme, order=_next_order(programme), **fields)
    item.full_clean()
    item.save()
    checklist_item_plan_reminder(item=item)
    return item


CHECKLIST_ITEM_FIELDS = ["section", "title", "owner", "due_date", "status", "procurement_status", "notes", "updated"]


@transaction.atomic
def checklist_item_update(*, item: ChecklistItem, expected_version: int | None = None, **fields) -> ChecklistItem:
    """Save an edit loaded at `expected_version` (EditConflict if someone saved in between) and
    re-plan the owner's reminder."""
    for name, value in fields.items():
        setattr(item, name, value)
    item.updated = timezone.now()
    if expected_version is None:
        item.full_clean()
        item.save()
    else:
        save_versioned(item, expected_version=expected_version, fields=CHECKLIST_ITEM_FIELDS)
    checklist_item_plan_reminder(item=item)
    return item


@transaction.atomic
def checklist_item_delete(*, item: ChecklistItem) -> None:
    notifications_cancel(target=item)
    item.delete()


# SWOT peer review


@transaction.atomic
def swots_ensure(*, programme: Programme) -> None:
    """Give every partner organisation of a peer programme its (empty) SWOT analysis."""
    have = set(programme.swots.values_list("organisation_id", flat=True))
    missing = partner_organisation_ids(programme) - have
    if missing:
        Swot.objects.bulk_create(
            [Swot(programme=programme, organisation_id=pk) for pk in sorted(missing)], ignore_conflicts=True
        )


@transaction.atomic
def swot_entry_create(*, swot: Swot, author: User, quadrant: str, text: str) -> SwotEntry:
    entry = SwotEntry(swot=swot, author=author, quadrant=quadrant, text=text)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def swot_entry_update(*, entry: SwotEntry, quadrant: str, text: str) -> SwotEntry:
    entry.quadrant, entry.text = quadrant, text
    entry.full_clean()
    entry.save(update_fields=["quadrant", "text"])
    return entry


@transaction.atomic
def swot_entry_delete(*, entry: SwotEntry) -> None:
    entry.delete()


@transaction.atomic
def swot_comment_create(*, swot: Swot, author: User, text: str) -> SwotComment:
    comment = SwotComment(swot=swot, author=author, text=text)
    comment.full_clean()
    comment.save()
    return comment
