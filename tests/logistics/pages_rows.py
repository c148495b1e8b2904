"""Rows for the logistics pages of tests/pages.py, and the objects tests/test_access.py names."""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.enums import Role
from logistics.enums import ChecklistSection, ChecklistStatus
from logistics.models import Swot
from logistics.services import checklist_default_template
from programmes.enums import EnrolmentRole, Method

from ..factories import (
    ChecklistItemFactory,
    ChecklistTemplateFactory,
    ChecklistTemplateItemFactory,
    EnrolmentFactory,
    OrganisationFactory,
    ProgrammeFactory,
    SwotCommentFactory,
    SwotEntryFactory,
    VenueFactory,
    member,
)
from ..world import World


def peer_swot(world: World) -> Swot:
    """The SWOT analysis of A's municipality in a peer programme of A, where A's employee is a peer."""
    swot = Swot.objects.filter(
        programme__organisation=world.a.coordinator_org, organisation=world.a.municipality
    ).first()
    if swot is None:
        programme = ProgrammeFactory(title="Peer programme A", organisation=world.a.coordinator_org, method=Method.PEER)
        EnrolmentFactory(
            programme=programme, person=world.a.employee, organisation=world.a.municipality, role=EnrolmentRole.PEER
        )
        swot = Swot.objects.create(programme=programme, organisation=world.a.municipality)
    return swot


def default_template_pk(world: World) -> int:
    return checklist_default_template(organisation=world.a.coordinator_org).pk


def venues(world: World, n: int):
    for _ in range(n):
        VenueFactory(organisation=world.a.coordinator_org)


def checklist_items(world: World, n: int):
    """Items in every section, with owners, some overdue, some procurement."""
    sections = ChecklistSection.values
    today = timezone.localdate()
    for i in range(n):
        section = sections[i % len(sections)]
        ChecklistItemFactory(
            programme=world.a.programme,
            section=section,
            owner=member(world.a.coordinator_org, Role.COORDINATOR),
            due_date=today + datetime.timedelta(days=i % 7 - 3),
            status=ChecklistStatus.values[i % 3],
            procurement_status="tender_published" if section == ChecklistSection.PROCUREMENT else "",
        )


def owners(world: World, n: int):
    for _ in range(n):
        member(world.a.coordinator_org, Role.PROJECT_MANAGER)


def templates(world: World, n: int):
    for _ in range(n):
        ChecklistTemplateItemFactory(template=ChecklistTemplateFactory(organisation=world.a.coordinator_org))


def default_template_items(world: World, n: int):
    template = checklist_default_template(organisation=world.a.coordinator_org)
    for _ in range(n):
        ChecklistTemplateItemFactory(template=template)


def swot_rows(world: World, n: int):
    """More partner organisations, each with an entry and a comment by one of its peers."""
    programme = peer_swot(world).programme
    for _ in range(n):
        organisation = OrganisationFactory(parent=world.a.coordinator_org)
        peer = member(organisation, Role.LG_STAFF)
        EnrolmentFactory(programme=programme, person=peer, organisation=organisation, role=EnrolmentRole.PEER)
        swot = Swot.objects.create(programme=programme, organisation=organisation)
        SwotEntryFactory(swot=swot, author=peer)
        SwotCommentFactory(swot=swot, author=peer)


def venue(world: World):
    return VenueFactory(organisation=world.a.coordinator_org)


def checklist_item(world: World):
    return ChecklistItemFactory(programme=world.a.programme)


def template(world: World):
    return ChecklistTemplateFactory(organisation=world.a.coordinator_org)


def template_item(world: World):
    return ChecklistTemplateItemFactory(template=template(world))


def swot_entry(world: World):
    return SwotEntryFactory(swot=peer_swot(world))
