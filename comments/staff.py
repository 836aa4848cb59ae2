"""Who a staff member is when they comment under their own account."""


def staff_display_name(user) -> str:
    """A staff member comments under their byline name when they have one."""
    profile = getattr(user, "author_profile", None)
    return (profile.name if profile else "") or user.get_full_name() or user.get_username()
