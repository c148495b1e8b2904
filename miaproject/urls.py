from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

admin.site.site_header = "MIA – tutoring and peer support"

urlpatterns = [
    path("", include("core.urls")),
    path("programmes/", include("programmes.urls")),
    path("assessments/", include("assessments.urls")),
    path("matching/", include("matching.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    path("logistics/", include("logistics.urls")),
    path("budget/", include("budget.urls")),
    path("risks/", include("risks.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

# The database out of reach answers 503 "try again in a minute" instead of the bare 500 page.
handler500 = "core.errors.server_error"
