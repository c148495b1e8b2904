from .scope import roles_of


def navigation(request):
    """The roles of the user, for menus that show each role its own entries."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_roles": roles_of(user)}
