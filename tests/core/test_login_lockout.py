from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "secret-pass-123"


def post_login(client, email, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def fail_logins(client, email, times, ip="10.0.0.1"):
    """Posts wrong passwords; the one that reaches the limit is answered with the lockout page."""
    return [post_login(client, email, "wrong-password", ip=ip).status_code for _ in range(times)]


@pytest.mark.django_db
def test_hundred_failures_lock_the_account_even_for_the_right_password(client):
    user = UserFactory(email="locked@example.org")

    statuses = fail_logins(client, user.email, settings.AXES_FAILURE_LIMIT)
    response = post_login(client, user.email, PASSWORD)

    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_ignores_the_case_of_the_address(client):
    user = UserFactory(email="locked@example.org")

    fail_logins(client, "LOCKED@example.org", settings.AXES_FAILURE_LIMIT)

    assert post_login(client, user.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_fewer_failures_and_a_success_start_the_count_again(client):
    user = UserFactory(email="person@example.org")

    fail_logins(client, user.email, settings.AXES_FAILURE_LIMIT - 1)
    assert post_login(client, user.email, PASSWORD).status_code == 302
    client.logout()
    fail_logins(client, user.email, settings.AXES_FAILURE_LIMIT - 1)

    assert post_login(client, user.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_locked_account_leaves_other_accounts_on_the_same_address_alone(client):
    locked = UserFactory(email="locked@example.org")
    colleague = UserFactory(email="colleague@example.org")

    fail_logins(client, locked.email, settings.AXES_FAILURE_LIMIT)
    response = post_login(client, colleague.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


@pytest.mark.django_db
def test_login_works_again_after_the_cool_off(client):
    user = UserFactory(email="locked@example.org")
    fail_logins(client, user.email, settings.AXES_FAILURE_LIMIT)
    # Attempts during the lockout must not push its end further away.
    post_login(client, user.email, "still-wrong")

    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=61))
    response = post_login(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_force_login_is_not_affected_by_a_lockout(client):
    user = UserFactory(email="locked@example.org")
    fail_logins(client, user.email, settings.AXES_FAILURE_LIMIT)

    client.force_login(user)

    assert client.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.django_db
def test_a_login_name_longer_than_any_address_is_refused_and_counted(client):
    response = post_login(client, "x" * 70_000, PASSWORD)

    assert (response.status_code, bool(response.context["form"].errors)) == (200, True)
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [("x" * 255, 1)]
