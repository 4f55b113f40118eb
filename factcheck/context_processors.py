from functools import cached_property

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from factcheck import access, selectors


class UnreadNotifications:
    """The signed-in desk member's unread notification count, for the header.

    Counted only when a template shows it (htmx fragments, which have no header, cost nothing) and
    then once per request, with one query (`selectors.unread_notification_count`), unless the view
    gives the `count` it already has (My work counts it with its lists). Prints as "99+" beyond
    the cap; false when there is nothing unread.
    """

    def __init__(self, user, count: int | None = None):
        self._user = user
        if count is not None:
            self.__dict__["count"] = count  # what the cached property would have read

    @cached_property
    def count(self) -> int:
        return selectors.unread_notification_count(self._user)

    def __bool__(self) -> bool:
        return self.count > 0

    def __str__(self) -> str:
        return f"{selectors.UNREAD_CAP}+" if self.count > selectors.UNREAD_CAP else str(self.count)


# What static/js/factcheck.js shows, rendered by base.html as JSON in the page's language.
JS_STRINGS = {
    "forbidden": _("You are not allowed to do that."),
    "failed": _(
        "The server could not do that (%(status)s). Nothing you typed was sent again: reload the "
        "page and try again."
    ),
    "unreachable": _("The server could not be reached. Check your connection and try again."),
    "split": pgettext_lazy("verb", "Split"),
    "split_here": _("Split here"),
    "copied": _("Copied"),
}


def desk(request: HttpRequest) -> dict:
    """The desk's name, the signed-in user's role and their unread notifications, for the header
    of every page."""
    user = getattr(request, "user", None)
    role = access.role_of(user) if user is not None else access.Role.ANONYMOUS
    member = role in (access.Role.REVIEWER, access.Role.EDITOR, access.Role.ADMIN)
    return {
        "desk_name": settings.FACTCHECK_DESK_NAME,
        "user_role": role,
        "user_is_desk_member": member,
        "user_is_editor": role in (access.Role.EDITOR, access.Role.ADMIN),
        "unread_notifications": UnreadNotifications(user) if member else None,
        "js_strings": JS_STRINGS,
    }
