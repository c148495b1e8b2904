"""The one place that decides what a user may see and change.

Every view fetches the objects its URL names through these helpers. An object outside the
user's scope raises Http404, the same as a missing one, so nothing leaks that it exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from .enums import MANAGING_ROLES, Role
from .models import Membership, Organisation


@dataclass(frozen=True)
class Roles:
    """The organisations a user belongs to, per role; loaded once per request."""

    by_role: dict[str, frozenset[int]] = field(default_factory=dict)

    def orgs(self, *roles: str) -> frozenset[int]:
        ids: set[int] = set()
        for role in roles:
            ids |= self.by_role.get(role, frozenset())
        return frozenset(ids)

    @property
    def all_orgs(self) -> frozenset[int]:
        return self.orgs(*Role.values)

    @property
    def coordinated(self) -> frozenset[int]:
        return self.orgs(Role.COORDINATOR)

    @property
    def managed(self) -> frozenset[int]:
        """Organisations the user acts for: coordinator or project manager."""
        return self.orgs(*MANAGING_ROLES)

    def has(self, role: str) -> bool:
        return bool(self.by_role.get(role))


def roles_of(user) -> Roles:
    if not user.is_authenticated:
        return Roles()
    cached = getattr(user, "_mia_roles", None)
    if cached is None:
        by_role: dict[str, set[int]] = {}
        for role, org_id in Membership.objects.filter(user=user).values_list("role", "organisation_id"):
            by_role.setdefault(role, set()).add(org_id)
        cached = Roles({role: frozenset(ids) for role, ids in by_role.items()})
        user._mia_roles = cached
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles after memberships changed within a request."""
    user.__dict__.pop("_mia_roles", None)


def organisations_for(user) -> QuerySet[Organisation]:
    """Own organisations, those they coordinate, and those whose staff take part in their programmes."""
    roles = roles_of(user)
    from programmes.models import Enrolment  # programmes depends on core, not the reverse

    in_own_programmes = Enrolment.objects.filter(
        organisation=OuterRef("pk"), programme__organisation_id__in=roles.coordinated
    )
    return Organisation.objects.filter(
        Q(pk__in=roles.all_orgs) | Q(parent_id__in=roles.coordinated) | Q(Exists(in_own_programmes))
    )


def get_or_404(queryset: QuerySet, **lookup):
    """Fetch one object from an already scoped queryset; anything else is a 404."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def by_personal_link(queryset: QuerySet, public_id, secret: str):
    """The row of a personal link (`public_id` and `secret` columns), or None; the secret is compared
    in constant time, so a wrong one takes as long to refuse as a nearly right one."""
    import hmac

    row = queryset.filter(public_id=public_id).first()
    if row is None or not hmac.compare_digest(row.secret.encode(), str(secret).encode()):
        return None
    return row
