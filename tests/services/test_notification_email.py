"""Notifications by email: each one (sent by the worker once the change commits), the daily digest
(once per person per day, however many runs), and the schedule that keeps the digest going."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from factcheck import services, tasks
from factcheck.apps import schedule_daily_digest
from factcheck.models import DigestRun, Notification, Profile
from factcheck.services import notifications
from tests.factories import live_claim, reinstall_migration_rows

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def claim(article, reviewer2):
    """A claim ravi has rated: the comments that mention him are no longer blind to him, so his
    notifications (and emails) carry their words."""
    claim = live_claim(article, "40,000")
    label = claim.rating_scale.labels.get(slug="false")
    services.rating_submit(claim=claim, reviewer=reviewer2, label=label, rationale="Checked.")
    return claim


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the services leave for after the commit (the email task), as the commit would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def _choose(user, choice):
    services.profile_update(
        user=user,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        notification_email=choice,
    )


def _mention(commit, claim, author, body):
    return commit(services.comment_add, claim=claim, author=author, body=body)


# --- Each notification --------------------------------------------------------------------------


def test_a_mention_is_emailed_when_the_comment_commits(commit, claim, reviewer, reviewer2):
    _mention(commit, claim, reviewer, "@ravi is the 40,000 figure sourced?")
    [message] = mail.outbox
    note = Notification.objects.get(recipient=reviewer2)
    assert message.to == ["ravi@example.org"]
    assert message.subject.startswith("[Factcheck Desk] rosa mentioned you in a comment: “")
    assert "@ravi is the 40,000 figure sourced?" in message.body
    assert claim.wording[:40] in message.body
    assert f"http://127.0.0.1:8000/notifications/{note.pk}/" in message.body
    assert "http://127.0.0.1:8000/profile/" in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert note.emailed_at is not None


def test_nothing_is_emailed_before_the_change_commits(claim, reviewer, reviewer2):
    services.comment_add(claim=claim, author=reviewer, body="@ravi look")
    assert mail.outbox == []


def test_a_burst_of_notifications_is_one_email(commit, article, editor, reviewer):
    claims = list(article.claims.order_by("start")[:3])

    def assign_all():
        for claim in claims:
            services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)

    commit(assign_all)
    [message] = mail.outbox
    assert message.subject == "[Factcheck Desk] 3 new notifications"
    assert message.body.count("elena asked you to rate a claim") == 3


def test_the_worker_sends_nothing_twice(commit, claim, reviewer, reviewer2):
    _mention(commit, claim, reviewer, "@ravi look")
    assert notifications.email_pending(user_id=reviewer2.pk) == 0
    tasks.send_notification_emails.enqueue(user_id=reviewer2.pk)
    assert len(mail.outbox) == 1


def test_a_notification_read_before_the_worker_runs_is_not_emailed(claim, reviewer, reviewer2):
    services.comment_add(claim=claim, author=reviewer, body="@ravi look")
    services.notification_open(notification=Notification.objects.get(), user=reviewer2)
    assert notifications.email_pending(user_id=reviewer2.pk) == 0
    assert mail.outbox == []


@pytest.mark.parametrize("choice", [Profile.Email.NONE, Profile.Email.DAILY])
def test_people_who_chose_otherwise_get_no_email_each_time(
    commit, claim, reviewer, reviewer2, choice
):
    _choose(reviewer2, choice)
    _mention(commit, claim, reviewer, "@ravi look")
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_people_without_an_email_address_get_no_email(commit, claim, reviewer, reviewer2):
    reviewer2.email = ""
    reviewer2.save()
    _mention(commit, claim, reviewer, "@ravi look")
    assert mail.outbox == []


def test_turning_email_on_does_not_send_the_backlog(commit, claim, reviewer, reviewer2, editor):
    _choose(reviewer2, Profile.Email.NONE)
    _mention(commit, claim, reviewer, "@ravi old news")
    _choose(reviewer2, Profile.Email.EACH)
    _mention(commit, claim, editor, "@ravi new")
    [message] = mail.outbox
    assert "@ravi new" in message.body and "old news" not in message.body


def test_a_failed_send_is_given_back_for_the_next_email(
    commit, claim, reviewer, reviewer2, editor, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as m:
        m.setattr("django.core.mail.EmailMessage.send", refuse)
        services.comment_add(claim=claim, author=reviewer, body="@ravi first")
        with pytest.raises(ConnectionRefusedError):
            notifications.email_pending(user_id=reviewer2.pk)
    assert Notification.objects.get().emailed_at is None
    _mention(commit, claim, editor, "@ravi second")
    [message] = mail.outbox
    assert "@ravi first" in message.body and "@ravi second" in message.body


@override_settings(MAILERS={})
def test_a_desk_without_a_mailer_sends_nothing_and_queues_nothing(
    commit, claim, reviewer, reviewer2, django_capture_on_commit_callbacks
):
    assert not notifications.email_enabled()
    with django_capture_on_commit_callbacks() as callbacks:
        services.comment_add(claim=claim, author=reviewer, body="@ravi look")
    assert callbacks == []
    assert notifications.email_pending(user_id=reviewer2.pk) == 0


@pytest.fixture
def migrated_rows(transactional_db):
    """A test that really commits starts from a flushed database: put back what migrate installed."""
    reinstall_migration_rows()


@override_settings(TASKS=DB_TASKS)
def test_the_background_worker_sends_the_email(migrated_rows, reviewer, reviewer2, article):
    """Through django-tasks-db and its worker, as in production: the comment commits, its email is
    enqueued on commit, and `db_worker` (which opens its own transactions) sends it."""
    from django_tasks_db.models import DBTaskResult

    claim = live_claim(article, "40,000")
    services.comment_add(claim=claim, author=reviewer, body="@ravi look")
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path__endswith="send_notification_emails").exists()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    [message] = mail.outbox
    assert message.to == ["ravi@example.org"]
    assert Notification.objects.get().emailed_at is not None


# --- The daily digest -----------------------------------------------------------------------------


@pytest.fixture
def daily(reviewer2):
    _choose(reviewer2, Profile.Email.DAILY)
    return reviewer2


def test_the_digest_lists_what_was_not_read(claim, reviewer, editor, daily):
    services.comment_add(claim=claim, author=reviewer, body="@ravi one")
    services.comment_add(claim=claim, author=editor, body="@ravi two")
    services.comment_add(claim=claim, author=reviewer, body="@ravi read already")
    services.notification_open(notification=Notification.objects.latest("id"), user=daily)
    assert notifications.digest_run(day=date(2026, 12, 1)) == 1
    [message] = mail.outbox
    assert message.subject == "[Factcheck Desk] Your daily digest: 2 notifications"
    assert "@ravi one" in message.body and "@ravi two" in message.body
    assert "read already" not in message.body
    assert "daily digest" in message.body


def test_a_second_run_of_the_same_day_sends_nothing(claim, reviewer, daily):
    services.comment_add(claim=claim, author=reviewer, body="@ravi one")
    notifications.digest_run(day=date(2026, 12, 1))
    services.comment_add(claim=claim, author=reviewer, body="@ravi arrived after the digest")
    assert notifications.digest_run(day=date(2026, 12, 1)) == 0
    assert len(mail.outbox) == 1
    # The next day's digest has only what arrived since.
    assert notifications.digest_run(day=date(2026, 12, 2)) == 1
    assert "arrived after the digest" in mail.outbox[1].body
    assert "@ravi one" not in mail.outbox[1].body


def test_a_digest_with_nothing_new_is_not_sent(daily):
    assert notifications.digest_run(day=date(2026, 12, 1)) == 0
    assert mail.outbox == []


def test_a_failed_digest_leaves_its_notifications_for_the_next(claim, reviewer, daily, monkeypatch):
    services.comment_add(claim=claim, author=reviewer, body="@ravi one")

    def refuse(self, *args, **kwargs):
        raise OSError("mail server down")

    with monkeypatch.context() as m:
        m.setattr("django.core.mail.EmailMessage.send", refuse)
        assert notifications.digest_run(day=date(2026, 12, 1)) == 0
    assert Profile.objects.get(user=daily).digest_sent_on is None
    assert notifications.digest_run(day=date(2026, 12, 1)) == 1
    assert "@ravi one" in mail.outbox[0].body


def test_people_who_want_each_email_are_not_in_the_digest(claim, reviewer, reviewer2, daily):
    other = Profile.objects.get(user=daily)
    other.notification_email = Profile.Email.EACH
    other.save()
    services.comment_add(claim=claim, author=reviewer, body="@ravi one")
    assert notifications.digest_run(day=date(2026, 12, 1)) == 0


# --- The digest's schedule --------------------------------------------------------------------------


@override_settings(TIME_ZONE="Europe/Paris", FACTCHECK_DIGEST_HOUR=7)
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 12, 1, 5, 59), datetime(2026, 12, 1, 7, 0)),
        (datetime(2026, 12, 1, 7, 0), datetime(2026, 12, 2, 7, 0)),
        (datetime(2026, 12, 1, 23, 30), datetime(2026, 12, 2, 7, 0)),
        # The night the clocks change: still 7 o'clock desk time.
        (datetime(2026, 3, 28, 12, 0), datetime(2026, 3, 29, 7, 0)),
    ],
)
def test_the_next_digest_is_at_the_digest_hour_of_the_desks_time(now, expected):
    paris = ZoneInfo("Europe/Paris")
    slot = notifications.next_digest_time(now.replace(tzinfo=paris))
    assert slot == expected.replace(tzinfo=paris)


@override_settings(TASKS=DUMMY_TASKS)
def test_a_digest_run_schedules_the_next_day_once(daily):
    backend = tasks.send_daily_digests.get_backend()
    notifications.digest_run(day=date(2026, 12, 1))
    [scheduled] = backend.results
    assert scheduled.task.name == "send_daily_digests"
    assert scheduled.task.run_after == notifications.next_digest_time()  # after now, not `day`
    assert scheduled.kwargs == {"day": scheduled.task.run_after.date().isoformat()}
    # A duplicate run of the same day (a second chain, a retried task) schedules nothing.
    notifications.digest_run(day=date(2026, 12, 1))
    assert len(backend.results) == 1
    assert DigestRun.objects.get().day == date(2026, 12, 1)


@override_settings(TASKS=DUMMY_TASKS)
def test_choosing_the_digest_and_migrating_make_sure_it_is_scheduled(
    reviewer2, django_capture_on_commit_callbacks
):
    backend = tasks.send_daily_digests.get_backend()
    with django_capture_on_commit_callbacks(execute=True):
        _choose(reviewer2, Profile.Email.DAILY)
    schedule_daily_digest(sender=None)
    assert [r.task.name for r in backend.results] == ["send_daily_digests"] * 2
    assert len({r.task.run_after for r in backend.results}) == 1  # the same slot: they collapse


def test_without_a_task_backend_that_can_wait_nothing_is_scheduled(daily):
    # The tests' immediate backend runs tasks at once; scheduling a day ahead is skipped.
    assert notifications.digest_schedule() is None
