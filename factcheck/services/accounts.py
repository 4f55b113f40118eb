"""Desk accounts: a named reviewer or editor, made once (the demo desk and set-up scripts)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from factcheck import access

User = get_user_model()

ROLE_GROUPS = {access.Role.REVIEWER: access.REVIEWER_GROUP, access.Role.EDITOR: access.EDITOR_GROUP}


@transaction.atomic
def desk_member_ensure(
    *, username: str, role: str, password: str, first_name: str = "", last_name: str = ""
):
    """The desk member of that username, created in the role's group (or as a superuser for
    `access.Role.ADMIN`) if new. An existing account is returned as it is: its password and
    groups are its owner's."""
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    email = f"{username}@example.org"
    if role == access.Role.ADMIN:
        return User.objects.create_superuser(username, email, password)
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[access.Role(role)]))
    return user
