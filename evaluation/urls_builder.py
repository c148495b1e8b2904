"""URLs of the evaluation builder (included by evaluation/urls.py)."""

urlpatterns: list = []
