import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.models import Organisation

from .enums import Method, ProgrammeStatus
from .models import Programme


class ProgrammeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProgrammeStatus.choices)
    method = django_filters.ChoiceFilter(label=_("Method"), choices=Method.choices)
    organisation = django_filters.ModelChoiceFilter(label=_("Organisation"), queryset=Organisation.objects.none())
    # Choices: the countries of the organisations listed (set in __init__), not all 249 of them.
    country = django_filters.ChoiceFilter(label=_("Country"), field_name="organisation__country", choices=[])
    active_from = django_filters.DateFilter(
        label=_("Running on or after"),
        field_name="end_date",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    active_until = django_filters.DateFilter(
        label=_("Running on or before"),
        field_name="start_date",
        lookup_expr="lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Programme
        fields = ["q", "status", "method", "organisation", "country", "active_from", "active_until"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        # One query for both choices. The organisation list then asks for these ids only: rendered
        # through a server-side cursor, the query `organisations` stands for is planned for a fast
        # start and scans every organisation against every programme (~30 ms at network scale).
        rows = list(organisations.order_by().values_list("pk", "country"))
        self.filters["organisation"].queryset = Organisation.objects.filter(pk__in=[pk for pk, _ in rows])
        present = {country for _, country in rows}
        self.filters["country"].extra["choices"] = [(code, name) for code, name in countries if code in present]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(goals__icontains=value))
