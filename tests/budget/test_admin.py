import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import CostLineFactory, FundingSourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", list(apps.get_app_config("budget").get_models()))
def test_every_budget_model_has_admin_with_search_and_filters(admin_client, world, model):
    CostLineFactory(programme=world.a.programme)
    FundingSourceFactory(programme=world.a.programme)
    model_admin = admin.site._registry[model]
    url = reverse(f"admin:budget_{model._meta.model_name}_changelist")

    response = admin_client.get(url, {"q": "x"})

    assert (response.status_code, bool(model_admin.search_fields), bool(model_admin.list_filter)) == (200, True, True)
