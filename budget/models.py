from django.db import models  # noqa: F401 -- models are added with the feature
