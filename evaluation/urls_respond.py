"""URLs of the evaluation respond (included by evaluation/urls.py)."""

urlpatterns: list = []
