"""URLs of the evaluation analysis (included by evaluation/urls.py)."""

urlpatterns: list = []
