from django.conf import settings
from django.http import HttpRequest

from factcheck import access


def desk(request: HttpRequest) -> dict:
    """The desk's name and the signed-in user's role, for the header of every page."""
    user = getattr(request, "user", None)
    role = access.role_of(user) if user is not None else access.Role.ANONYMOUS
    return {
        "desk_name": settings.FACTCHECK_DESK_NAME,
        "user_role": role,
        "user_is_desk_member": role
        in (access.Role.REVIEWER, access.Role.EDITOR, access.Role.ADMIN),
        "user_is_editor": role in (access.Role.EDITOR, access.Role.ADMIN),
    }
