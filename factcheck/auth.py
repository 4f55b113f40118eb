"""Signing in and the signed-in user of each request.

`DeskBackend` is Django's ModelBackend with one difference: the user of a request is read with
the names of their groups, in one query (Django's own reads the user, then factcheck.access reads
the groups for the role: two queries on every page of the desk). Passwords, permissions and
inactive users are ModelBackend's, unchanged.

A session records the backend that signed it in: sessions opened under Django's ModelBackend (before
this backend replaced it in settings.AUTHENTICATION_BACKENDS) end once, and their owners sign in
again.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import StringAgg, Value

# Between group names in the query's answer: a character no group name holds (unit separator).
_SEPARATOR = "\x1f"


class DeskBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.annotate(
                group_names=StringAgg("groups__name", Value(_SEPARATOR), default=Value(""))
            ).get(pk=user_id)
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        # What factcheck.access would otherwise read with a query of its own (access._group_names).
        user._factcheck_groups = set(filter(None, user.group_names.split(_SEPARATOR)))
        return user
