"""Lookups that the whole project uses in place of Django's own."""

from django.db import models
from django.db.models.lookups import In


@models.IntegerField.register_lookup
class IntegerIn(In):
    """`in` on an integer column: a value the column cannot hold matches no row.

    Django treats such values so for `exact` and the comparisons, not for `in`, where SQLite's
    driver fails on them: a form posting a huge id to a multiple choice of objects was a 500.
    """

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [value for value in self.rhs if not isinstance(value, int) or _within(value, low, high)]
        return super().process_rhs(compiler, connection)


def _within(value: int, low: int | None, high: int | None) -> bool:
    return (low is None or low <= value) and (high is None or value <= high)
