"""The desk's pages and one small view per HTMX action.

Every view checks access first, calls one service, and renders one template. An htmx request gets the
fragment it swaps (a template partial); a plain request gets the full page, and a plain POST redirects on
success, so every form works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache, wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signals import setting_changed
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, push_url, reswap, retarget

from factcheck import access, consensus, i18n, public_cache, selectors, services, worker
from factcheck.claimreview import claim_review
from factcheck.context_processors import UnreadNotifications
from factcheck.forms import (
    ArticleAddForm,
    ArticleFilterForm,
    AssignForm,
    BulkAssignForm,
    ClaimantForm,
    ClaimCreateForm,
    CommentForm,
    DismissForm,
    ImportForm,
    MatchForm,
    MergeForm,
    PanelForm,
    PriorityForm,
    ProfileForm,
    RatingForm,
    RewordForm,
    SourceForm,
    SplitForm,
    TokenForm,
    UnassignForm,
    VerdictForm,
    VersionedForm,
)
from factcheck.models import (
    Article,
    Claim,
    ClaimMatch,
    ImportBatch,
    OutsideFactCheck,
)
from factcheck.pagination import (
    COUNT_CAP,
    BadCursor,
    capped_counts,
    keyset_page,
    page_from_request,
)
from factcheck.panel import CLAIM_PARTS, Notice, PanelView, Part, WorkspaceView, typed
from factcheck.public_cache import public_read
from factcheck.services.notifications import email_enabled
from factcheck.templatetags.rows import claim_rows, verdict_rows

PAGE_SIZE = 20


# --- Access helpers -------------------------------------------------------------------------------


def desk_member_required(view):
    """Signed-in reviewers and editors only: anonymous users go to sign in, others get 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not access.is_desk_member(request.user):
            raise PermissionDenied(_("This page is for the desk's reviewers and editors."))
        return view(request, *args, **kwargs)

    return wrapper


def editor_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not access.is_editor(request.user):
            raise PermissionDenied(_("Only editors can do this."))
        return view(request, *args, **kwargs)

    return wrapper


def _page(request: HttpRequest, queryset, prefix: str = "", count: tuple[int, bool] | None = None):
    """A keyset page of `queryset` (factcheck.pagination) with the URLs of its neighbours, keeping
    the request's other parameters (filters, the other lists' cursors)."""
    page = page_from_request(request, queryset, prefix=prefix, size=PAGE_SIZE, count=count)

    def url(**cursor):
        params = request.GET.copy()
        for key in (f"{prefix}after", f"{prefix}before"):
            params.pop(key, None)
        params.update({f"{prefix}{k}": v for k, v in cursor.items()})
        return f"?{params.urlencode()}"

    page.next_url = url(after=page.next_cursor) if page.next_cursor else None
    page.previous_url = url(before=page.previous_cursor) if page.previous_cursor else None
    return page


# --- Health and home ------------------------------------------------------------------------------


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """A trivial view for load balancers and benchmarks: no database, no session."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers that do not read the pages' <link rel="icon"> ask for /favicon.ico."""
    response = redirect(static("favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if access.is_desk_member(request.user):
        return redirect("factcheck:my_work")
    return redirect("factcheck:public_verdicts")


@require_safe
@desk_member_required
def my_work(request: HttpRequest) -> HttpResponse:
    """Template: factcheck/my_work.html. The queues of the signed-in user, each with a count and
    pages. Editors tick claims in the queues and assign them in bulk (`claims_assign`)."""
    return _render_my_work(request)


def _work_context(request: HttpRequest, *, header: bool = True) -> dict:
    """my_work.html's `lists` (each queue's key, title and page of rows with its count) and, with
    `header`, `unread_notifications` for the header (base.html), counted in the lists' query rather
    than in one of its own (context_processors.UnreadNotifications)."""
    user = request.user
    if access.is_editor(user):
        titles = (
            ("candidates", _("Candidates to triage")),
            ("awaiting", _("Reached quorum, waiting for a verdict")),
            ("disagreements", _("Needs discussion")),
            ("published", _("Recently published")),
        )
        queues = [
            (key, title, counted.all(), rows.all())
            for (key, title), (counted, rows) in zip(titles, _editor_queues(), strict=True)
        ]
    else:
        assigned = selectors.reviewer_assigned(user)
        needed = selectors.reviewer_needing_ratings(user)
        queues = [
            ("assigned", _("Assigned to me, not yet rated"), assigned, claim_rows(assigned)),
            ("needed", _("Still need ratings"), needed, claim_rows(needed)),
        ]
    # Every count the page shows in one query (each list counted on its own index, without the
    # joins its rows need), then one query per page of rows, loading what the rows show.
    counted = [qs for _, _, qs, _ in queues]
    caps = [COUNT_CAP] * len(counted)
    if header:
        counted.append(selectors.unread_notifications(user))
        caps.append(selectors.UNREAD_CAP)
    counts = capped_counts(counted, caps)
    context = {}
    if header:
        unread, capped = counts.pop()  # counted up to UNREAD_CAP + 1, as the header counts
        context["unread_notifications"] = UnreadNotifications(
            user, count=unread + 1 if capped else unread
        )
    lists = [
        {"key": key, "title": title, "page": _page(request, rows, f"{key}_", count)}
        for (key, title, _, rows), count in zip(queues, counts, strict=True)
    ]
    if access.is_editor(user):
        # The proposals of both queues that show them, in one go (one query).
        proposed = [
            claim
            for item in lists
            if item["key"] in ("awaiting", "disagreements")
            for claim in item["page"].object_list
        ]
        consensus.attach_proposals(proposed)
    context["lists"] = lists
    return context


@lru_cache(maxsize=1)
def _editor_queues() -> tuple[tuple[QuerySet, QuerySet], ...]:
    """The editor's queues (candidates, awaiting a verdict, disagreements, recently published), each
    as counted (the selector's queryset) and as its rows load it (rows.claim_rows,
    rows.verdict_rows: their columns join the article), built once a process: building them cost
    some 3,000 Python calls a page (bench/pages.py). Callers take a copy (`.all()`), so these are
    never run; forgotten when a setting changes (the quorum is in one of them)."""
    claims = (
        selectors.editor_candidates(),
        selectors.editor_awaiting_verdict(),
        selectors.editor_disagreements(),
    )
    verdicts = selectors.recent_verdicts()
    return (*((qs, claim_rows(qs)) for qs in claims), (verdicts, verdict_rows(verdicts)))


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _editor_queues.cache_clear()


def _render_my_work(
    request: HttpRequest, *, bulk_form: BulkAssignForm | None = None, status: int = 200
) -> HttpResponse:
    context = {**_work_context(request), "quorum": settings.FACTCHECK_QUORUM}
    if access.is_editor(request.user):
        context["bulk_form"] = bulk_form or BulkAssignForm()
    return render(request, "factcheck/my_work.html", context, status=status)


# --- Articles -------------------------------------------------------------------------------------


@require_safe
@desk_member_required
def article_list(request: HttpRequest) -> HttpResponse:
    """Template: factcheck/article_list.html (#results for htmx). Search, outlet and status filters."""
    form = ArticleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    outlet = filters.get("outlet")
    qs = selectors.article_list(
        search=filters.get("q", ""),
        outlet_id=outlet.pk if outlet else None,
        status=filters.get("status", ""),
    )
    context = {"form": form, "page": _page(request, qs), "query": request.GET.urlencode()}
    template = (
        "factcheck/article_list.html#results" if request.htmx else "factcheck/article_list.html"
    )
    return render(request, template, context)


@require_http_methods(["GET", "HEAD", "POST"])
@editor_required
def article_add(request: HttpRequest) -> HttpResponse:
    """Template: factcheck/article_add.html. Paste, upload or fetch; lands on the new workspace."""
    bound = request.method == "POST"
    form = ArticleAddForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.article_add(
                created_by=request.user,
                text=data["text"],
                file=data["file"],
                url=data["url"],
                outlet=data["outlet"],
                title=data["title"],
                author=data["author"],
                published=data["published"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if result.created:
                count = result.article.claims.count()
                messages.success(
                    request,
                    ngettext(
                        "Article added with %(count)d candidate claim.",
                        "Article added with %(count)d candidate claims.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.info(request, _("This article was already on the desk; here it is."))
            url = result.article.get_absolute_url()
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    status = 400 if request.method == "POST" else 200
    return render(request, "factcheck/article_add.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@editor_required
def import_new(request: HttpRequest) -> HttpResponse:
    """Template: factcheck/import_new.html. Upload many files; they are ingested in the background."""
    bound = request.method == "POST"
    form = ImportForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        try:
            batch = services.import_batch_create(
                files=[(f.name, f.read()) for f in form.cleaned_data["files"]],
                editor=request.user,
                outlet_name=form.cleaned_data["outlet"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect(batch.get_absolute_url())
    return render(
        request, "factcheck/import_new.html", {"form": form}, status=400 if bound else 200
    )


@require_safe
@desk_member_required
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """Template: factcheck/import_batch.html (#progress for htmx, which polls it until done)."""
    batch = get_object_or_404(selectors.import_batches(), pk=pk)
    items = batch.items.select_related("article").defer("content")
    retryable = (
        selectors.import_retryable_files(batch).count()
        if batch.status == ImportBatch.Status.DONE and batch.failed
        else 0
    )
    context = {
        "batch": batch,
        "items": items,
        "state": worker.batch_state(batch),
        "retryable": retryable,
        "can_retry": access.is_editor(request.user),
        "lease_seconds": settings.FACTCHECK_WORKER_LEASE_SECONDS,
    }
    if request.htmx:
        return render(request, "factcheck/import_batch.html#progress", context)
    return render(request, "factcheck/import_batch.html", context)


@require_POST
@editor_required
def import_batch_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue again the files of a finished import that failed for a reason other than their
    content; back to the batch's page, which follows them."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        n = services.import_batch_retry(batch=batch, editor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext("%(n)d file is queued again.", "%(n)d files are queued again.", n) % {"n": n},
        )
    return redirect(batch.get_absolute_url())


# --- The workspace: an article's text, its claims, and the open claim's panel ---------------------


@require_safe
@desk_member_required
def article(request: HttpRequest, pk: int) -> HttpResponse:
    """Template: factcheck/article.html. The text with claims highlighted, the claim list and status
    counts, and the panel of the claim named by `?claim=`."""
    article = get_object_or_404(selectors.articles(), pk=pk)
    claim_id = request.GET.get("claim")
    if claim_id and not (claim_id.isascii() and claim_id.isdigit()):
        raise Http404(_("No such claim."))
    return _render_workspace(request, article, int(claim_id) if claim_id else None)


def _render_workspace(
    request: HttpRequest,
    article: Article,
    selected_pk: int | None,
    *,
    create_form: ClaimCreateForm | None = None,
    bulk_form: BulkAssignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        workspace = WorkspaceView.page(article, request.user, selected_pk=selected_pk)
    except Claim.DoesNotExist:
        raise Http404(_("No such claim in this article.")) from None
    context = {
        "ws": workspace,
        "article": article,
        "create_form": create_form or ClaimCreateForm(),
    }
    if workspace.can_create_claims:
        context["bulk_form"] = bulk_form or BulkAssignForm(initial={"article": article.pk})
    if workspace.selected is not None:
        panel = PanelView(workspace.selected.pk, request.user, in_workspace=True)
        context.update(panel=panel, claim=panel.claim)
    return render(request, "factcheck/article.html", context, status=status)


@require_POST
@editor_required
def claim_create(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor's text selection (or typed offsets) becomes a claim with exactly that span.

    htmx: the new claim's panel, with the text around it, the list and the counts out of band; a
    refusal re-renders the create form (article.html#create) with its errors. Plain POST: to the
    workspace with the new claim open, or the workspace with the form's errors (400).
    """
    article = get_object_or_404(Article, pk=pk)
    form = ClaimCreateForm(request.POST)
    if form.is_valid():
        try:
            claim = services.claim_create(
                article=article,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                wording=form.cleaned_data["wording"],
                editor=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if not request.htmx:
                return redirect(_workspace_url(claim))
            claim = selectors.claims().get(pk=claim.pk)
            return _reshaped_response(request, claim, in_workspace=True, reset_create=True)
    if request.htmx:
        context = {"article": article, "create_form": form, "open": True}
        return render(request, "factcheck/article.html#create", context, status=400)
    return _render_workspace(request, article, None, create_form=form, status=400)


# --- The claim panel ------------------------------------------------------------------------------


@require_safe
@desk_member_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    """Template: factcheck/claim.html (#panel for htmx). The same content as page or fragment."""
    try:
        panel = PanelView(pk, request.user, in_workspace=_in_workspace(request, None))
    except Claim.DoesNotExist:
        raise Http404(_("No such claim.")) from None
    template = "factcheck/claim.html#panel" if request.htmx else "factcheck/claim.html"
    return render(request, template, {"panel": panel, "claim": panel.claim})


@require_safe
@desk_member_required
def claim_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Template: factcheck/claim_history.html (claim.html#timeline for htmx). Every change to the
    claim, its ratings (blind until the viewer has rated), sources and verdicts, newest first."""
    claim = get_object_or_404(selectors.claims(), pk=pk)
    context = {"claim": claim, "history": selectors.claim_history_for(request.user, claim)}
    if request.htmx:
        return render(request, "factcheck/claim.html#timeline", context)
    return render(request, "factcheck/claim_history.html", context)


def _claim_or_404(pk: int) -> Claim:
    return get_object_or_404(selectors.claims(), pk=pk)


def _in_workspace(request: HttpRequest, claim: Claim | None) -> bool:
    """Whether this htmx request comes from the workspace of the claim's article (HX-Current-URL):
    only there do the text, the list and the counts exist to be swapped out of band."""
    path = request.htmx.current_url_abs_path if request.htmx else None
    if not path:
        return False
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return False
    if match.view_name != "factcheck:article":
        return False
    return claim is None or match.kwargs.get("pk") == claim.article_id


def _workspace_url(claim: Claim) -> str:
    return f"{reverse('factcheck:article', args=[claim.article_id])}?claim={claim.pk}"


def panel_action(
    request: HttpRequest,
    claim: Claim,
    *,
    part: Part,
    form_class: type[PanelForm],
    allowed: Callable[[object, Claim], bool],
    run: Callable[[Claim, dict], object],
    key: str,
    changes: Iterable[Part] = (),
    reshapes: bool = False,
    refusal: Callable[[Claim], str] | None = None,
) -> HttpResponse:
    """Access → form → service → response: how every action of the claim panel runs.

    The view's decorator has checked the role (403). `allowed(user, claim)` checks the claim's state:
    False means it moved on since the user saw it (someone else published, split, dismissed it...),
    answered 409 with its current state (and `refusal(claim)` as the message, if given). The form
    is `form_class(request.POST, claim=claim)`; an invalid form, or a ValidationError from the
    service, is a 400 with the form re-rendered in its part (`key` names it in PanelView.bound),
    keeping what the user typed. `run(claim, data)` calls one service; a ConflictError from it is a
    409 like the above.

    Done: htmx gets its `part` back, and out of band the parts in `changes`, plus, when the claim row
    changed (its version moved), every part that shows it and the workspace around it. A plain POST
    is redirected to the claim page. With `reshapes` (split, merge), `run` returns the claim that
    replaces this one, whose whole panel opens instead.

    Every answer builds the panel once (PanelView), whatever it re-renders.
    """
    form = form_class(request.POST, claim=claim)
    if not allowed(request.user, claim):
        message = refusal(claim) if refusal else ""
        return _refused(
            request, claim, part=part, form=form, key=key, allowed=allowed, message=message
        )
    if form.is_valid():
        version = claim.version
        try:
            result = run(claim, form.cleaned_data)
        except services.ConflictError as exc:
            return _refused(
                request, claim, part=part, form=form, key=key, allowed=allowed, message=str(exc)
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if reshapes:
                if not request.htmx:
                    return redirect(_workspace_url(result))
                return _reshaped_response(
                    request,
                    result,
                    in_workspace=_in_workspace(request, claim),
                    span=(claim.start, claim.end),
                )
            if not request.htmx:
                return redirect(claim.get_absolute_url())
            in_workspace = _in_workspace(request, claim)
            panel = PanelView(claim.pk, request.user, in_workspace=in_workspace)
            parts = {part, *changes}
            row_changed = panel.claim.version != version
            if row_changed:
                parts |= CLAIM_PARTS
            around = WorkspaceView.around(panel.claim) if in_workspace and row_changed else None
            return _panel_response(request, panel, primary=part, parts=parts, workspace=around)
    panel = PanelView(
        claim.pk, request.user, in_workspace=_in_workspace(request, claim), bound={key: form}
    )
    return _panel_response(request, panel, primary=part, parts={part}, status=400)


def _refused(
    request: HttpRequest,
    claim: Claim,
    *,
    part: Part,
    form: PanelForm,
    key: str,
    allowed: Callable[[object, Claim], bool],
    message: str = "",
) -> HttpResponse:
    """409: someone else changed the claim first. The panel shows it as it now stands, the message
    where the user acted, and what they typed: in their form if it is still offered, else read-only
    to copy (a rationale written for a claim that was split meanwhile)."""
    in_workspace = _in_workspace(request, claim)
    panel = PanelView(claim.pk, request.user, in_workspace=in_workspace, bound={key: form})
    still_allowed = allowed(request.user, panel.claim)
    if not message:
        message = _(
            "While you were working, someone changed this claim: it is now “%(status)s”. "
            "Nothing was saved."
        ) % {"status": panel.claim.get_status_display()}
    panel.notify(part, Notice(message, conflict=True, kept=[] if still_allowed else typed(form)))
    around = WorkspaceView.around(panel.claim, reshaped=True) if in_workspace else None
    return _panel_response(
        request, panel, primary=part, parts=CLAIM_PARTS | {part}, workspace=around, status=409
    )


def _panel_response(
    request: HttpRequest,
    panel: PanelView,
    *,
    primary: Part,
    parts: Iterable[Part],
    workspace: WorkspaceView | None = None,
    status: int = 200,
) -> HttpResponse:
    """htmx: the `primary` part (swapped into the part the form sits in: its hx-target), the other
    `parts` and the workspace's pieces out of band. A plain request: the whole claim page, with the
    same status (a 400 or 409 shows the form's errors or the conflict in place)."""
    context = {"panel": panel, "claim": panel.claim}
    if not request.htmx:
        return render(request, "factcheck/claim.html", context, status=status)
    html = [render_to_string(f"factcheck/claim.html#{primary}", context, request)]
    oob = {**context, "oob": True}
    for part in Part:
        if part in parts and part != primary:
            html.append(render_to_string(f"factcheck/claim.html#{part}", oob, request))
    if workspace is not None:
        html.append(_workspace_oob(request, workspace))
    return HttpResponse("".join(html), status=status)


def _workspace_oob(request: HttpRequest, workspace: WorkspaceView) -> str:
    context = {"ws": workspace, "article": workspace.article, "oob": True}
    return render_to_string("factcheck/article.html#around", context, request)


def _reshaped_response(
    request: HttpRequest,
    claim: Claim,
    *,
    in_workspace: bool,
    span: tuple[int, int] | None = None,
    reset_create: bool = False,
) -> HttpResponse:
    """A claim was created, or replaced by a split or a merge: its whole panel, swapped for the open
    one, and the address bar names it. In the workspace, the text around `span`, the list and the
    counts come out of band (and the create form, emptied, after a create)."""
    panel = PanelView(claim.pk, request.user, in_workspace=in_workspace)
    context = {"panel": panel, "claim": panel.claim}
    html = [render_to_string("factcheck/claim.html#panel", context, request)]
    if in_workspace:
        html.append(_workspace_oob(request, WorkspaceView.around(claim, reshaped=True, span=span)))
        if reset_create:
            create = {"article": claim.article, "create_form": ClaimCreateForm(), "oob": True}
            html.append(render_to_string("factcheck/article.html#create", create, request))
    response = HttpResponse("".join(html))
    retarget(response, "#claim-panel")
    reswap(response, "outerHTML")
    push_url(response, _workspace_url(claim) if in_workspace else claim.get_absolute_url())
    return response


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# Each action below: the decorators check the method and the role (405, 403), `_claim_or_404` the
# claim (404), and `panel_action` does the rest.


@require_POST
@desk_member_required
def claim_rate(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit, or revise, one's own rating of the claim. A first rating lifts blind rating for the
    reviewer: colleagues' sources, comments and other desks' checks are sent with it."""

    def rate(claim, data):
        services.rating_submit(
            claim=claim,
            reviewer=request.user,
            label=data["label"],
            rationale=data["rationale"],
            confidence=data["confidence"],
            # The form carries the version of the rating it showed, blank when it showed none: a
            # rating submitted meanwhile (another tab) is then a conflict, not silently revised.
            expected_version=data["version"] or 0,
        )

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.RATINGS,
        form_class=RatingForm,
        key="rating",
        allowed=access.can_rate,
        run=rate,
        changes={Part.VERDICT, Part.HISTORY, Part.SOURCES, Part.DISCUSSION, Part.CHECKED},
    )


@require_POST
@desk_member_required
def claim_add_source(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a source (url, stance, what it says) to the claim."""

    def add(claim, data):
        services.source_add(
            claim=claim,
            user=request.user,
            url=data["url"],
            stance=data["stance"],
            title=data["title"],
            publisher=data["publisher"],
            passage=data["passage"],
        )

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.SOURCES,
        form_class=SourceForm,
        key="source",
        allowed=access.can_add_source,
        run=add,
        changes={Part.VERDICT, Part.HISTORY},
    )


@require_POST
@desk_member_required
def claim_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Comment on the claim, or reply to one of its comments (`parent`)."""
    parent_pk = request.POST.get("parent", "")
    key = f"reply-{parent_pk}" if parent_pk.isascii() and parent_pk.isdigit() else "comment"

    def comment(claim, data):
        parent = None
        if data.get("parent"):
            parent = selectors.comment_on(claim, data["parent"])
            if parent is None:
                raise ValidationError(_("That comment is not on this claim."))
        services.comment_add(claim=claim, author=request.user, body=data["body"], parent=parent)

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.DISCUSSION,
        form_class=CommentForm,
        key=key,
        allowed=access.can_comment,
        run=comment,
    )


@require_POST
@desk_member_required
def comment_edit(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    """Edit one's own comment (editors may edit any); the panel shows it as edited."""
    comment = get_object_or_404(
        selectors.comments_with_claim(),
        pk=comment_pk,
        claim_id=pk,
    )
    if not access.can_edit_comment(request.user, comment):
        raise PermissionDenied(_("You can only edit your own comments."))

    def edit(claim, data):
        services.comment_edit(comment=comment, user=request.user, body=data["body"])

    return panel_action(
        request,
        comment.claim,
        part=Part.DISCUSSION,
        form_class=CommentForm,
        key=f"edit-{comment.pk}",
        allowed=access.can_comment,
        run=edit,
    )


@require_POST
@editor_required
def claim_select(request: HttpRequest, pk: int) -> HttpResponse:
    """Select a candidate (or a dismissed claim) for checking."""

    def select(claim, data):
        services.claim_select(claim=claim, editor=request.user, expected_version=data["version"])

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.EDITOR,
        form_class=VersionedForm,
        key="select",
        allowed=access.can_select,
        run=select,
    )


@require_POST
@editor_required
def claim_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the claim aside, with the reason."""

    def dismiss(claim, data):
        services.claim_dismiss(
            claim=claim,
            editor=request.user,
            reason=data["reason"],
            expected_version=data["version"],
        )

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.EDITOR,
        form_class=DismissForm,
        key="dismiss",
        allowed=access.can_edit_claim,
        run=dismiss,
    )


@require_POST
@editor_required
def claim_reword(request: HttpRequest, pk: int) -> HttpResponse:
    """Change what is checked, and who said it."""

    def reword(claim, data):
        services.claim_reword(
            claim=claim,
            editor=request.user,
            wording=data["wording"],
            claimant=data["claimant"],
            expected_version=data["version"],
        )

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.EDITOR,
        form_class=RewordForm,
        key="reword",
        allowed=access.can_edit_claim,
        run=reword,
    )


@require_POST
@editor_required
def claim_claimant(request: HttpRequest, pk: int) -> HttpResponse:
    """Fix who made the claim (the panel's header)."""

    def fix(claim, data):
        services.claim_set_claimant(
            claim=claim,
            editor=request.user,
            claimant=data["claimant"],
            expected_version=data["version"],
        )

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.HEADER,
        form_class=ClaimantForm,
        key="claimant",
        allowed=access.can_fix_claimant,
        run=fix,
    )


@require_POST
@editor_required
def claim_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask a reviewer to rate the claim."""

    def assign(claim, data):
        services.assignment_create(claim=claim, reviewer=data["reviewer"], editor=request.user)

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.EDITOR,
        form_class=AssignForm,
        key="assign",
        allowed=access.can_edit_claim,
        run=assign,
    )


@require_POST
@editor_required
def claim_unassign(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the claim off a reviewer's list (not once they have rated it)."""

    def unassign(claim, data):
        services.assignment_remove(claim=claim, reviewer=data["reviewer"], editor=request.user)

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.EDITOR,
        form_class=UnassignForm,
        key="unassign",
        allowed=access.can_edit_claim,
        run=unassign,
    )


@require_POST
@editor_required
def claims_assign(request: HttpRequest) -> HttpResponse:
    """Assign the claims ticked in a list (the workspace's, or My work's queues) to one or more
    reviewers at once, in one transaction (services.assignments_create).

    Plain POST: back to the page it came from, with what happened (and each claim refused, with
    its reason) as messages; bad input re-renders that page with the form's errors and the ticks
    kept (400). htmx: the form again, with the report or its errors in place, and out of band the
    lists the assignment changed (the workspace's text, list and counts, and the open claim's
    panel; or My work's queues).
    """
    form = BulkAssignForm(request.POST)
    article = None
    article_pk = form["article"].value()
    if article_pk and str(article_pk).isascii() and str(article_pk).isdigit():
        article = Article.objects.filter(pk=int(article_pk)).select_related("outlet").first()
    report = None
    if form.is_valid():
        try:
            report = services.assignments_create(
                claims=form.cleaned_data["claims"],
                reviewers=form.cleaned_data["reviewers"],
                editor=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
    if report is None:
        if request.htmx:
            context = {"bulk_form": form, "article": article}
            return render(request, "factcheck/_bulk_assign.html#form", context, status=400)
        if article is not None:
            return _render_workspace(request, article, None, bulk_form=form, status=400)
        return _render_my_work(request, bulk_form=form, status=400)
    if not request.htmx:
        for level, text in report.messages():
            getattr(messages, level)(request, text)
        return redirect(_bulk_origin(request, article))
    fresh = BulkAssignForm(initial={"article": article.pk} if article else None)
    context = {"bulk_form": fresh, "article": article, "report": report}
    html = [render_to_string("factcheck/_bulk_assign.html#form", context, request)]
    html.append(_bulk_oob(request, article, report))
    return HttpResponse("".join(html))


def _bulk_origin(request: HttpRequest, article: Article | None) -> str:
    """Where a plain bulk assignment returns: the page it was sent from (same site only)."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return article.get_absolute_url() if article else reverse("factcheck:my_work")


def _bulk_oob(request: HttpRequest, article: Article | None, report) -> str:
    """After a bulk assignment (htmx): the lists it changed, out of band, with the ticks cleared."""
    current = urlsplit(request.htmx.current_url_abs_path or "")
    if article is None:
        # My work: the queues as the editor was paging them (the cursors are in the page's URL).
        request.GET = QueryDict(current.query)
        context = {**_work_context(request, header=False), "oob": True}
        return render_to_string("factcheck/my_work.html#queues", context, request)
    workspace = WorkspaceView.page(article, request.user)
    workspace.reshaped = True
    html = [_workspace_oob(request, workspace)]
    open_pk = QueryDict(current.query).get("claim", "")
    assigned = {c.pk for c in report.claims}
    if open_pk.isascii() and open_pk.isdigit() and int(open_pk) in assigned:
        panel = PanelView(int(open_pk), request.user, in_workspace=True)
        context = {"panel": panel, "claim": panel.claim, "oob": True}
        for part in Part:
            if part in CLAIM_PARTS:
                html.append(render_to_string(f"factcheck/claim.html#{part}", context, request))
    return "".join(html)


@require_POST
@editor_required
def claim_split(request: HttpRequest, pk: int) -> HttpResponse:
    """Split the claim in two; the first part's panel opens."""

    def split(claim, data):
        first, _second = services.claim_split(
            claim=claim, editor=request.user, at=data["at"], expected_version=data["version"]
        )
        return first

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.EDITOR,
        form_class=SplitForm,
        key="split",
        allowed=access.can_edit_claim,
        run=split,
        reshapes=True,
    )


@require_POST
@editor_required
def claim_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the claim with a neighbouring one; the merged claim's panel opens."""

    def merge(claim, data):
        other = data["other"]
        if not other.is_open:
            raise services.ConflictError(
                _(
                    "While you were working, claim %(number)s became “%(status)s”: it can no "
                    "longer be merged. Nothing was saved."
                )
                % {"number": other.pk, "status": other.get_status_display()},
                current=other,
            )
        return services.claim_merge(claims=[claim, other], editor=request.user)

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.EDITOR,
        form_class=MergeForm,
        key="merge",
        allowed=access.can_edit_claim,
        run=merge,
        reshapes=True,
    )


@require_POST
@editor_required
def claim_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the verdict, or a correction of the published one (the service decides which inside
    its lock, from the revision the editor saw)."""

    def publish(claim, data):
        return services.verdict_publish_or_correct(
            claim=claim,
            editor=request.user,
            label=data["label"],
            summary=data["summary"],
            claim_reviewed=data["claim_reviewed"],
            explanation=data["explanation"],
            sources=list(data["sources"]),
            expected_revision=data["expected_revision"],
            quorum_override_reason=data["quorum_override_reason"],
            correction_note=data["correction_note"],
        )

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.VERDICT,
        form_class=VerdictForm,
        key="verdict",
        allowed=access.can_write_verdict,
        run=publish,
        changes={Part.HISTORY},
    )


# --- Triage: queue priority, claims already checked -----------------------------------------------


@require_POST
@editor_required
def claim_priority(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the claim one step up or down the triage queue (POST `direction`: up or down)."""

    def reprioritise(claim, data):
        step = 1 if data["direction"] == "up" else -1
        services.claim_reprioritise(claim=claim, editor=request.user, step=step)

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.PRIORITY,
        form_class=PriorityForm,
        key="priority",
        allowed=access.can_edit_claim,
        run=reprioritise,
    )


def _match_or_404(pk: int, match_pk: int) -> ClaimMatch:
    return get_object_or_404(
        selectors.matches_with_claim(),
        pk=match_pk,
        claim_id=pk,
    )


def _undecided(match: ClaimMatch) -> Callable[[object, Claim], bool]:
    """The claim is open and the match not yet decided (by anyone)."""
    return lambda user, claim: (
        access.can_edit_claim(user, claim) and match.status == ClaimMatch.Status.SUGGESTED
    )


def _decided(match: ClaimMatch) -> Callable[[Claim], str]:
    def why(claim: Claim) -> str:
        if match.status == ClaimMatch.Status.SUGGESTED:
            return ""
        status = match.get_status_display().lower()
        if match.decided_by:
            return _("This match was already %(status)s by %(user)s.") % {
                "status": status,
                "user": match.decided_by,
            }
        return _("This match was already %(status)s.") % {"status": status}

    return why


@require_POST
@editor_required
def claim_match_confirm(request: HttpRequest, pk: int, match_pk: int) -> HttpResponse:
    """The claim is the same as one already checked: reuse that verdict (see the service)."""
    match = _match_or_404(pk, match_pk)

    def confirm(claim, data):
        services.claim_match_confirm(match=match, editor=request.user)

    return panel_action(
        request,
        match.claim,
        part=Part.CHECKED,
        form_class=MatchForm,
        key="match",
        allowed=_undecided(match),
        refusal=_decided(match),
        run=confirm,
        changes={Part.VERDICT, Part.SOURCES},
    )


@require_POST
@editor_required
def claim_attach_factcheck(request: HttpRequest, pk: int, factcheck_pk: int) -> HttpResponse:
    """Attach another fact-checker's review to the claim as a source, in one click (the service
    reads the stance from its rating; attaching twice is attaching once)."""
    factcheck = get_object_or_404(OutsideFactCheck, pk=factcheck_pk)

    def attach(claim, data):
        services.factcheck_attach(claim=claim, factcheck=factcheck, user=request.user)

    return panel_action(
        request,
        _claim_or_404(pk),
        part=Part.CHECKED,
        form_class=MatchForm,
        key="match",
        allowed=access.can_add_source,
        run=attach,
        changes={Part.SOURCES, Part.VERDICT, Part.HISTORY},
    )


@require_POST
@editor_required
def claim_match_reject(request: HttpRequest, pk: int, match_pk: int) -> HttpResponse:
    """Not the same claim; the rejection is remembered."""
    match = _match_or_404(pk, match_pk)

    def reject(claim, data):
        services.claim_match_reject(match=match, editor=request.user)

    return panel_action(
        request,
        match.claim,
        part=Part.CHECKED,
        form_class=MatchForm,
        key="match",
        allowed=_undecided(match),
        refusal=_decided(match),
        run=reject,
    )


# --- Public pages ---------------------------------------------------------------------------------
#
# The internet-facing traffic. What they show is rendered without the request and kept in the shared
# cache under the public version (factcheck.public_cache); the page around it is rendered for each
# request, without nonce or CSRF token for anonymous visitors so that HTTP caches may share it.

PUBLIC_INDEX_PARAMS = ("q", "after", "before")


def _public_index_fragment(*, search: str, after: str | None, before: str | None) -> dict:
    try:
        page = keyset_page(
            selectors.published_verdicts(search=search), after=after, before=before, size=PAGE_SIZE
        )
    except BadCursor:
        page = keyset_page(selectors.published_verdicts(search=search), size=PAGE_SIZE)

    def url(**cursor):
        return "?" + urlencode({**({"q": search} if search else {}), **cursor})

    page.next_url = url(after=page.next_cursor) if page.next_cursor else None
    page.previous_url = url(before=page.previous_cursor) if page.previous_cursor else None
    context = {"page": page, "q": search}
    return {"body": render_to_string("factcheck/public/verdict_list.html#body", context)}


def _public_verdict_fragment(claim_id: int) -> dict | None:
    try:
        claim = selectors.public_claim(claim_id)
    except Claim.DoesNotExist:
        return None
    revisions = list(claim.verdicts.all())
    current, first = revisions[0], revisions[-1]
    review = claim_review(current, first_published=first.published_at)
    context = {
        "desk_name": settings.FACTCHECK_DESK_NAME,
        "claim": claim,
        "article": claim.article,
        "verdict": current,
        "first": first,
        "corrections": [v for v in revisions if v.revision > 1],
        "claim_review": review,
        "review_language": review["inLanguage"],
        "scale_labels": list(claim.rating_scale.labels.all()),
    }
    template = "factcheck/public/verdict.html"
    return {
        "canonical": current.get_absolute_url(),
        **{
            part: render_to_string(f"{template}#{part}", context)
            for part in ("title", "head", "body")
        },
    }


def _public_page(request, template: str, parts: tuple, build) -> HttpResponse:
    """The page around a cached fragment, with 304s and cache headers (factcheck.public_cache)."""
    token = public_cache.version()
    # The fragment is rendered in the visitor's language (Accept-Language): one per language.
    parts = (*parts, translation.get_language(), request.scheme, request.get_host())
    shareable = public_cache.is_shareable(request)
    tag = public_cache.etag(parts, token=token) if shareable else None
    if tag is not None and (unchanged := public_cache.not_modified(request, tag)):
        return public_cache.set_cache_headers(unchanged, shareable=True, tag=tag)
    fragment = public_cache.cached(parts, build, token=token)
    if fragment is None:
        raise Http404(_("No published verdict here."))
    if "canonical" in fragment and request.path != fragment["canonical"]:
        return redirect(fragment["canonical"], permanent=True)
    context = {"fragment": fragment, **(public_cache.SHAREABLE_FRAME if shareable else {})}
    response = render(request, template, context)
    return public_cache.set_cache_headers(response, shareable=shareable, tag=tag)


@require_safe
@public_read
def public_verdicts(request: HttpRequest) -> HttpResponse:
    """Template: factcheck/public/verdict_list.html (#body cached). Published verdicts, with search."""
    search = request.GET.get("q", "").strip()
    after, before = request.GET.get("after") or None, request.GET.get("before") or None
    return _public_page(
        request,
        "factcheck/public/verdict_list.html",
        ("index", search, after, before),
        lambda: _public_index_fragment(search=search, after=after, before=before),
    )


@require_safe
@public_read
def public_verdict(request: HttpRequest, claim_id: int, slug: str) -> HttpResponse:
    """Template: factcheck/public/verdict.html (#title, #head, #body cached), with the ClaimReview
    JSON-LD. 404 unless published; another slug redirects to the canonical URL."""
    return _public_page(
        request,
        "factcheck/public/verdict.html",
        ("verdict", claim_id),
        lambda: _public_verdict_fragment(claim_id),
    )


# --- Desk health ----------------------------------------------------------------------------------


@require_safe
@editor_required
def desk_health(request: HttpRequest) -> HttpResponse:
    """Template: factcheck/desk_health.html. Editors only: agreement, reviewer reliability, verdicts
    and open work as charts, each with its data table."""
    health = consensus.desk_health()
    context = {
        "snapshot": health.snapshot,
        "desk_alpha": health.desk_alpha,
        "by_scale": health.by_scale,
        "by_outlet": health.by_outlet,
        "charts": consensus.desk_health_charts(health),
        "reliable": consensus.RELIABLE,
        "tentative": consensus.TENTATIVE,
        "min_shared": consensus.MIN_SHARED,
        "min_paired": consensus.MIN_PAIRED_RATINGS,
    }
    return render(request, "factcheck/desk_health.html", context)


# --- People: notifications and the profile --------------------------------------------------------


@require_safe
@desk_member_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """Template: factcheck/notifications.html. My notifications, newest first, in keyset pages;
    `?unread=1` shows the unread ones only."""
    unread_only = request.GET.get("unread") == "1"
    page = _page(request, selectors.notifications_of(request.user, unread_only=unread_only))
    # "Mark all read" covers what this page was built from: one arriving meanwhile stays unread.
    newest = page.object_list[0].pk if page.object_list and not page.has_previous else None
    return render(
        request,
        "factcheck/notifications.html",
        {"page": page, "unread_only": unread_only, "newest": newest},
    )


@require_safe
@desk_member_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open one of my notifications: it is marked read and I land on its claim (at the comment).

    A GET that changes something, on purpose: it must work as a link does (a click, a new tab, a
    link in an email). Its only effect is what following the link means anyway, "I have seen it";
    a request forged from another site is a top-level navigation that shows its recipient the
    claim (the session cookie is SameSite=Lax, so no image, frame or fetch can do it unseen), and
    repeating it changes nothing. A HEAD (a link checker) does not count as opening it. Someone
    else's notification is a 404.
    """
    notification = get_object_or_404(selectors.notifications_of(request.user), pk=pk)
    if request.method == "GET":
        services.notification_open(notification=notification, user=request.user)
    return redirect(notification.claim_url())


@require_POST
@desk_member_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    """Mark my notifications read, up to the newest one the page showed (`up_to`)."""
    up_to = request.POST.get("up_to", "")
    count = services.notifications_mark_all_read(
        user=request.user, up_to=int(up_to) if up_to.isascii() and up_to.isdigit() else None
    )
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked read.", "%(count)d notifications marked read.", count
        )
        % {"count": count},
    )
    return redirect("factcheck:notifications")


def _profile_context(request: HttpRequest, **extra) -> dict:
    user = request.user
    profile = selectors.profile_of(user)
    return {
        "form": ProfileForm(
            initial={
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "notification_email": profile.notification_email,
                "language": profile.language,
            }
        ),
        "email_enabled": email_enabled(),
        "digest_hour": settings.FACTCHECK_DIGEST_HOUR,
        "token_form": TokenForm(),
        "tokens": selectors.tokens_of(user),
        # The key of a token just created, shown on this one page and never again.
        "new_token_key": request.session.pop(NEW_TOKEN_SESSION_KEY, None),
        **extra,
    }


@require_http_methods(["GET", "HEAD", "POST"])
@desk_member_required
def profile(request: HttpRequest) -> HttpResponse:
    """Template: factcheck/profile.html. My name, email address and how I am emailed
    notifications."""
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                profile = services.profile_update(user=user, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                i18n.remember(request, profile.language)
                # The confirmation already in the language chosen.
                translation.activate(
                    profile.language or translation.get_language_from_request(request)
                )
                messages.success(request, _("Your profile is saved."))
                return redirect("factcheck:profile")
        return render(
            request, "factcheck/profile.html", _profile_context(request, form=form), status=400
        )
    return render(request, "factcheck/profile.html", _profile_context(request))


NEW_TOKEN_SESSION_KEY = "factcheck:new-token"


@require_POST
@desk_member_required
def token_create(request: HttpRequest) -> HttpResponse:
    """A new API token from the profile page. Its key goes through the session to the next page
    (after the redirect) once: a reload does not show it again."""
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = services.token_issue(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            request.session[NEW_TOKEN_SESSION_KEY] = {"key": key, "name": token.name}
            return redirect(reverse("factcheck:profile") + "#api-tokens")
    context = _profile_context(request, token_form=form)
    return render(request, "factcheck/profile.html", context, status=400)


@require_POST
@desk_member_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of my tokens: at once and for good."""
    token = get_object_or_404(selectors.tokens_of(request.user), pk=pk)
    services.token_revoke(user=request.user, token=token)
    messages.success(
        request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
    )
    return redirect(reverse("factcheck:profile") + "#api-tokens")
