import pytest

from core.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("huge", [10**30, -(10**30), 2**63])
def test_an_id_no_column_holds_matches_nothing_among_others(huge):
    person = UserFactory()

    assert list(User.objects.filter(pk__in=[huge, person.pk])) == [person]
    assert list(User.objects.filter(pk__in=[huge])) == []
