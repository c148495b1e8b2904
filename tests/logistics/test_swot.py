from dataclasses import dataclass

import pytest
from django.urls import reverse

from core.enums import Role
from core.models import Organisation, User
from logistics.models import Swot, SwotComment, SwotEntry
from programmes.enums import AcceptanceStatus, EnrolmentRole, Method
from programmes.models import Programme
from tests.factories import EnrolmentFactory, OrganisationFactory, ProgrammeFactory, SwotEntryFactory, member

pytestmark = pytest.mark.django_db


@dataclass
class PeerProgramme:
    programme: Programme
    town_one: Organisation
    town_two: Organisation
    peer_one: User
    peer_two: User


@pytest.fixture
def peers(world) -> PeerProgramme:
    """A peer programme of A with two partner towns, one peer each."""
    programme = ProgrammeFactory(title="Peer review A", organisation=world.a.coordinator_org, method=Method.PEER)
    town_one = OrganisationFactory(name="Town one", parent=world.a.coordinator_org)
    town_two = OrganisationFactory(name="Town two", parent=world.a.coordinator_org)
    peer_one = member(town_one, Role.LG_STAFF, full_name="Peer One")
    peer_two = member(town_two, Role.LG_STAFF, full_name="Peer Two")
    for person, town in [(peer_one, town_one), (peer_two, town_two)]:
        EnrolmentFactory(programme=programme, person=person, organisation=town, role=EnrolmentRole.PEER)
    return PeerProgramme(programme, town_one, town_two, peer_one, peer_two)


def _swot(peers, town) -> Swot:
    return Swot.objects.get_or_create(programme=peers.programme, organisation=town)[0]


def _page(client, peers):
    return client.get(reverse("logistics:swot", kwargs={"pk": peers.programme.pk}))


def test_peer_sees_a_card_per_partner_and_may_edit_only_their_own(client, peers):
    client.force_login(peers.peer_one)

    response = _page(client, peers)

    cards = [(card.swot.organisation.name, card.can_edit) for card, _entry, _comment in response.context["cards"]]
    assert (response.status_code, cards) == (200, [("Town one", True), ("Town two", False)])
    assert [quadrant.label for quadrant, _ in response.context["cards"][0][0].quadrants] == [
        "Strengths",
        "Weaknesses",
        "Opportunities",
        "Threats",
    ]


def test_coordinator_and_project_manager_of_the_programme_see_it(client, world, peers):
    for person in (world.a.coordinator, world.a.project_manager):
        client.force_login(person)
        assert _page(client, peers).status_code == 200


@pytest.mark.parametrize("outsider", ["employee", "tutor"])
def test_people_outside_the_peer_group_get_404(client, world, peers, outsider):
    client.force_login(world.a.people()[outsider])

    assert _page(client, peers).status_code == 404


def test_peer_who_declined_gets_404(client, peers):
    peers.programme.enrolments.filter(person=peers.peer_two).update(acceptance=AcceptanceStatus.DECLINED)
    client.force_login(peers.peer_two)

    assert _page(client, peers).status_code == 404


def test_tutoring_programme_has_no_swot(client, world):
    client.force_login(world.a.coordinator)

    assert client.get(reverse("logistics:swot", kwargs={"pk": world.a.programme.pk})).status_code == 404


def test_peer_adds_an_entry_to_their_own_organisation(client, peers):
    swot = _swot(peers, peers.town_one)
    client.force_login(peers.peer_one)

    response = client.post(
        reverse("logistics:swot_entry_create", kwargs={"pk": swot.pk}), {"quadrant": "threats", "text": "Elections"}
    )

    assert (response.status_code, response.url) == (302, swot.get_absolute_url())
    assert list(swot.entries.values_list("quadrant", "text", "author")) == [("threats", "Elections", peers.peer_one.pk)]


def test_peer_cannot_add_to_or_change_another_organisations_analysis(client, peers):
    other = _swot(peers, peers.town_two)
    entry = SwotEntryFactory(swot=other, author=peers.peer_two, text="Strong mayor")
    client.force_login(peers.peer_one)

    add = client.post(
        reverse("logistics:swot_entry_create", kwargs={"pk": other.pk}), {"quadrant": "strengths", "text": "x"}
    )
    edit = client.post(
        reverse("logistics:swot_entry_edit", kwargs={"pk": entry.pk}), {"quadrant": "weaknesses", "text": "Weak mayor"}
    )
    delete = client.post(reverse("logistics:swot_entry_delete", kwargs={"pk": entry.pk}))

    assert (add.status_code, edit.status_code, delete.status_code) == (404, 404, 404)
    assert list(other.entries.values_list("quadrant", "text")) == [("strengths", "Strong mayor")]


def test_peer_comments_on_another_organisations_analysis(client, peers):
    other = _swot(peers, peers.town_two)
    client.force_login(peers.peer_one)

    response = client.post(
        reverse("logistics:swot_comment_create", kwargs={"pk": other.pk}), {"text": "Have you tried a joint tender?"}
    )

    assert response.status_code == 302
    assert list(SwotComment.objects.values_list("swot", "author", "text")) == [
        (other.pk, peers.peer_one.pk, "Have you tried a joint tender?")
    ]


def test_coordinator_edits_any_entry(client, world, peers):
    entry = SwotEntryFactory(swot=_swot(peers, peers.town_two), author=peers.peer_two, text="Typo")
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("logistics:swot_entry_edit", kwargs={"pk": entry.pk}), {"quadrant": "strengths", "text": "Fixed"}
    )

    assert response.status_code == 302
    assert SwotEntry.objects.filter(pk=entry.pk).values_list("text", "author").get() == ("Fixed", peers.peer_two.pk)


def test_project_manager_reads_but_cannot_write(client, world, peers):
    swot = _swot(peers, peers.town_one)
    client.force_login(world.a.project_manager)

    entry = client.post(
        reverse("logistics:swot_entry_create", kwargs={"pk": swot.pk}), {"quadrant": "threats", "text": "x"}
    )
    comment = client.post(reverse("logistics:swot_comment_create", kwargs={"pk": swot.pk}), {"text": "x"})

    assert (entry.status_code, comment.status_code) == (404, 404)


def test_bad_entry_is_refused_with_the_input_kept(client, peers):
    swot = _swot(peers, peers.town_one)
    client.force_login(peers.peer_one)

    response = client.post(
        reverse("logistics:swot_entry_create", kwargs={"pk": swot.pk}), {"quadrant": "rumours", "text": "Gossip"}
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["quadrant"]
    assert 'value="Gossip"' in response.content.decode()
    assert swot.entries.count() == 0


def test_programme_page_links_peers_to_the_swot(client, peers):
    client.force_login(peers.peer_one)

    response = client.get(peers.programme.get_absolute_url())

    assert response.context["logistics"].swot_visible is True
    assert reverse("logistics:swot", kwargs={"pk": peers.programme.pk}) in response.content.decode()


def test_entry_of_a_deleted_account_stays_editable(client, world, peers):
    entry = SwotEntryFactory(swot=_swot(peers, peers.town_two), author=peers.peer_two, text="Typo")
    peers.peer_two.delete()
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("logistics:swot_entry_edit", kwargs={"pk": entry.pk}), {"quadrant": "threats", "text": "Fixed"}
    )

    assert response.status_code == 302
    assert SwotEntry.objects.filter(pk=entry.pk).values_list("quadrant", "text", "author").get() == (
        "threats",
        "Fixed",
        None,
    )
