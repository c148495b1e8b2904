from django.core.exceptions import PermissionDenied

from .enums import Role
from .scope import roles_of


class CoordinatorRequiredMixin:
    """Pages without an object (such as "new programme") that only coordinators may open."""

    def dispatch(self, request, *args, **kwargs):
        if not roles_of(request.user).has(Role.COORDINATOR):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
