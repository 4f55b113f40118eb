"""Named people of the desk, used across the suite: an editor, two reviewers, and an outsider."""

import pytest

from tests.factories import (
    ARTICLE_TEXT,
    EditorFactory,
    OutletFactory,
    ReviewerFactory,
    UserFactory,
    make_article,
)


@pytest.fixture
def editor(db):
    return EditorFactory(username="elena")


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(username="rosa")


@pytest.fixture
def reviewer2(db):
    return ReviewerFactory(username="ravi")


@pytest.fixture
def outsider(db):
    """Signed in, but neither reviewer nor editor."""
    return UserFactory(username="oscar")


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "root", "root@example.org", "pw-for-tests-only"
    )


@pytest.fixture
def outlet(db):
    return OutletFactory(name="Daily Example")


@pytest.fixture
def article(db, outlet):
    return make_article(ARTICLE_TEXT, outlet=outlet)
