"""Two coordinators edit the same session: the second save is refused, showing what changed."""

import pytest
from django.urls import reverse

from core.concurrency import EditConflict, save_versioned
from programmes.models import Session

pytestmark = pytest.mark.django_db


def test_save_with_the_loaded_version_bumps_it(world):
    session = world.a.session
    session.title = "Renamed"

    save_versioned(session, expected_version=1, fields=["title"])

    assert list(Session.objects.filter(pk=session.pk).values_list("title", "version")) == [("Renamed", 2)]


def test_stale_save_is_refused_and_names_the_change(world):
    first, second = Session.objects.get(pk=world.a.session.pk), Session.objects.get(pk=world.a.session.pk)
    first.title = "Moved to Tienen"
    save_versioned(first, expected_version=1, fields=["title", "location"])
    second.location = "Leuven"

    with pytest.raises(EditConflict) as conflict:
        save_versioned(second, expected_version=1, fields=["title", "location"])

    assert conflict.value.changes == {"title": "Moved to Tienen", "venue or address": "Town hall"}
    assert list(Session.objects.filter(pk=world.a.session.pk).values_list("title", "location")) == [
        ("Moved to Tienen", "Town hall")
    ]


def test_second_editor_sees_a_conflict_message_and_keeps_input(client, world):
    client.force_login(world.a.coordinator)
    url = reverse("programmes:session_edit", kwargs={"pk": world.a.session.pk})
    loaded = client.get(url).context["form"].initial["version"]
    data = {
        "title": "Workshop A",
        "starts_at": "2030-03-01T10:00",
        "ends_at": "2030-03-01T12:00",
        "location": "Room 1",
        "version": loaded,
    }
    client.post(url, data | {"location": "Room 2"})

    response = client.post(url, data | {"location": "Room 3"})

    assert response.status_code == 400
    assert "Someone else saved this while you were editing" in response.content.decode()
    assert "Room 2" in response.content.decode() and 'value="Room 3"' in response.content.decode()
    assert Session.objects.get(pk=world.a.session.pk).location == "Room 2"
