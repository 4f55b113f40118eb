"""The desk's pages and one small view per HTMX action.

Every view checks access first, calls one service, and renders one template. An htmx request gets the
fragment it swaps (a template partial); a plain request gets the full page, and a plain POST redirects on
success, so every form works without JavaScript.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from factcheck import access, consensus, fetch, public_cache, selectors, services
from factcheck.claimreview import claim_review
from factcheck.forms import (
    ArticleAddForm,
    ArticleFilterForm,
    AssignForm,
    ClaimCreateForm,
    CommentForm,
    DismissForm,
    ImportForm,
    MergeForm,
    RatingForm,
    RewordForm,
    SourceForm,
    SplitForm,
    VerdictForm,
    VersionedForm,
)
from factcheck.models import Article, Claim, ClaimMatch, Comment, ImportBatch, Rating, Verdict
from factcheck.pagination import BadCursor, keyset_page, page_from_request
from factcheck.public_cache import public_read

PAGE_SIZE = 20


# --- Access helpers -------------------------------------------------------------------------------


def desk_member_required(view):
    """Signed-in reviewers and editors only: anonymous users go to sign in, others get 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not access.is_desk_member(request.user):
            raise PermissionDenied("This page is for the desk's reviewers and editors.")
        return view(request, *args, **kwargs)

    return wrapper


def editor_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not access.is_editor(request.user):
            raise PermissionDenied("Only editors can do this.")
        return view(request, *args, **kwargs)

    return wrapper


def _page(request: HttpRequest, queryset, prefix: str = ""):
    """A keyset page of `queryset` (factcheck.pagination) with the URLs of its neighbours, keeping
    the request's other parameters (filters, the other lists' cursors)."""
    page = page_from_request(request, queryset, prefix=prefix, size=PAGE_SIZE)

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
    """Template: factcheck/my_work.html. The queues of the signed-in user, each with a count and pages."""
    user = request.user
    if access.is_editor(user):
        queues = [
            ("candidates", "Candidates to triage", selectors.editor_candidates()),
            (
                "awaiting",
                "Reached quorum, waiting for a verdict",
                selectors.editor_awaiting_verdict(),
            ),
            ("disagreements", "Needs discussion", selectors.editor_disagreements()),
            ("published", "Recently published", selectors.recent_verdicts()),
        ]
    else:
        queues = [
            ("assigned", "Assigned to me, not yet rated", selectors.reviewer_assigned(user)),
            ("needed", "Still need ratings", selectors.reviewer_needing_ratings(user)),
        ]
    lists = [
        {"key": key, "title": title, "page": _page(request, qs, f"{key}_")}
        for key, title, qs in queues
    ]
    if access.is_editor(user):
        snapshot = consensus.desk_snapshot()
        for item in lists:
            if item["key"] in ("awaiting", "disagreements"):
                item["page"].object_list = list(item["page"].object_list)
                consensus.attach_proposals(item["page"].object_list, snapshot)
    return render(
        request, "factcheck/my_work.html", {"lists": lists, "quorum": settings.FACTCHECK_QUORUM}
    )


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
            if data["file"]:
                content, source = (
                    data["file"].read(),
                    {
                        "filename": data["file"].name,
                        "origin": Article.Origin.UPLOAD,
                    },
                )
            elif data["url"]:
                # Fetched before the transaction opens, so no database work waits on the network.
                fetched = fetch.fetch(
                    data["url"],
                    max_bytes=settings.FACTCHECK_MAX_ARTICLE_BYTES,
                    timeout=settings.FACTCHECK_FETCH_TIMEOUT,
                    allow_private=settings.FACTCHECK_FETCH_ALLOW_PRIVATE,
                )
                content, source = (
                    fetched.content,
                    {
                        "content_type": fetched.content_type,
                        "origin": Article.Origin.URL,
                        "url": fetched.url,
                    },
                )
            else:
                content, source = data["text"], {"origin": Article.Origin.PASTE}
            # A new outlet is kept only if the article is: one transaction for both.
            with transaction.atomic():
                outlet = (
                    services.outlet_get_or_create(name=data["outlet"]) if data["outlet"] else None
                )
                result = services.article_ingest(
                    content=content,
                    outlet=outlet,
                    title=data["title"],
                    author=data["author"],
                    published=data["published"],
                    created_by=request.user,
                    **source,
                )
        except fetch.FetchError as exc:
            form.add_error("url", str(exc))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if result.created:
                messages.success(
                    request, f"Article added with {result.article.claims.count()} candidate claims."
                )
            else:
                messages.info(request, "This article was already on the desk; here it is.")
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
    batch = get_object_or_404(ImportBatch.objects.select_related("outlet", "created_by"), pk=pk)
    items = batch.items.select_related("article").defer("content")
    context = {"batch": batch, "items": items}
    if request.htmx:
        return render(request, "factcheck/import_batch.html#progress", context)
    return render(request, "factcheck/import_batch.html", context)


@require_safe
@desk_member_required
def article(request: HttpRequest, pk: int) -> HttpResponse:
    """Template: factcheck/article.html. The text with claims highlighted, the claim list, the panel."""
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    claims = selectors.article_claims(article)
    selected = None
    claim_id = request.GET.get("claim")
    if claim_id:
        if not (claim_id.isascii() and claim_id.isdigit()):
            raise Http404("No such claim.")
        selected = next((c for c in claims if c.pk == int(claim_id)), None)
        if selected is None:
            raise Http404("No such claim in this article.")
    context = {
        "article": article,
        "claims": claims,
        "paragraphs": selectors.highlight_segments(article.text, claims),
        "status_counts": _status_counts(claims),
        "selected": selected,
        "can_edit": access.is_editor(request.user),
        "create_form": ClaimCreateForm(),
    }
    if selected is not None:
        context.update(_panel_context(request, selected.pk))
    return render(request, "factcheck/article.html", context)


def _status_counts(claims):
    counts = {}
    for c in claims:
        counts[c.status] = counts.get(c.status, 0) + 1
    return [(value, label, counts.get(value, 0)) for value, label in Claim.Status.choices]


@require_POST
@editor_required
def claim_create(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor's text selection becomes a claim with exactly that span."""
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
            form.add_error(None, exc)
        else:
            url = f"{article.get_absolute_url()}?claim={claim.pk}"
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    messages.error(request, "Could not create the claim: " + " ".join(_form_errors(form)))
    url = article.get_absolute_url()
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _form_errors(form) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]


# --- Claim panel ----------------------------------------------------------------------------------


def _panel_context(request: HttpRequest, pk: int, **forms) -> dict:
    claim = selectors.claim_for_panel(pk)
    user = request.user
    ratings, own, hidden = selectors.visible_ratings(user, claim)
    all_ratings = list(claim.ratings.all())
    verdicts = list(claim.verdicts.all())
    current = next((v for v in verdicts if v.is_current), None)
    is_editor = access.is_editor(user)
    agreement = selectors.agreement_of(all_ratings)
    # Blind rating: proposals only for those who may see every rating.
    sees_all = access.can_see_all_ratings(user, claim, own_rating_exists=own is not None)
    snapshot = consensus.desk_snapshot() if sees_all and all_ratings else None
    proposal = consensus.claim_proposal(claim, snapshot) if sees_all and all_ratings else None
    if proposal is not None and is_editor:
        for r in ratings:
            r.reliability = proposal.accuracy.get(r.reviewer_id)
    before, after = selectors.neighbours(claim) if is_editor else (None, None)
    verdict_initial = {}
    if current:
        verdict_initial = {
            "label": current.label,
            "summary": current.summary,
            "explanation": current.explanation,
            "sources": list(current.sources.all()),
            "expected_revision": current.revision,
        }
    context = {
        "claim": claim,
        "article": claim.article,
        "ratings": ratings,
        "own_rating": own,
        "ratings_hidden": hidden,
        "agreement": agreement if (is_editor or not hidden) else None,
        "verdicts": verdicts,
        "current_verdict": current,
        "comments": selectors.threaded_comments(claim),
        "is_editor": is_editor,
        # Triage actions apply to live or dismissed claims; verdicts to any claim not retired.
        "can_edit_claim": is_editor
        and claim.status in (Claim.Status.CANDIDATE, Claim.Status.SELECTED, Claim.Status.DISMISSED),
        "can_write_verdict": is_editor and not claim.is_retired,
        "can_rate": access.can_rate(user, claim),
        "can_add_source": access.can_add_source(user, claim),
        "neighbours": [n for n in (before, after) if n is not None],
        "assigned": [a.reviewer for a in claim.assignments.all()],
        "features": sorted(claim.features.items(), key=lambda kv: -abs(kv[1])),
        "rating_form": forms.get("rating_form")
        or RatingForm(
            claim=claim,
            initial={
                "label": own.label_id if own else None,
                "rationale": own.rationale if own else "",
                "confidence": own.confidence if own else 2,
                "version": own.version if own else None,
            },
        ),
        "source_form": forms.get("source_form") or SourceForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "dismiss_form": forms.get("dismiss_form")
        or DismissForm(initial={"version": claim.version}),
        "reword_form": forms.get("reword_form")
        or RewordForm(
            initial={"wording": claim.wording, "claimant": claim.claimant, "version": claim.version}
        ),
        "split_form": forms.get("split_form") or SplitForm(initial={"version": claim.version}),
        "assign_form": forms.get("assign_form") or AssignForm(reviewers=selectors.desk_members()),
        "verdict_form": forms.get("verdict_form")
        or VerdictForm(claim=claim, initial=verdict_initial),
        "quorum": settings.FACTCHECK_QUORUM,
        "conflict": forms.get("conflict"),
        "matches": selectors.claim_matches(claim),
        "triage_error": forms.get("triage_error"),
        "proposal": proposal,
        "agreement_behind": consensus.agreement_behind(claim, snapshot) if is_editor else [],
        "min_shared": consensus.MIN_SHARED,
        "snapshot": snapshot,
    }
    return context


def _render_panel(request: HttpRequest, pk: int, status: int = 200, **forms) -> HttpResponse:
    context = _panel_context(request, pk, **forms)
    if request.htmx:
        response = render(request, "factcheck/claim.html#panel", context, status=status)
        if status == 200:
            trigger_client_event(response, "claim-changed", {"id": pk})
        return response
    return render(request, "factcheck/claim.html", context, status=status)


@require_safe
@desk_member_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    """Template: factcheck/claim.html (#panel for htmx). The same content as page or fragment."""
    if not Claim.objects.filter(pk=pk).exists():
        raise Http404("No such claim.")
    context = _panel_context(request, pk)
    template = "factcheck/claim.html#panel" if request.htmx else "factcheck/claim.html"
    return render(request, template, context)


@require_safe
@desk_member_required
def claim_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Template: factcheck/claim_history.html (claim.html#history for htmx). Every change to the
    claim, its ratings (blind until the viewer has rated), sources and verdicts, newest first."""
    claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
    own = Rating.objects.filter(claim=claim, reviewer=request.user).exists()
    show_ratings = access.can_see_all_ratings(request.user, claim, own_rating_exists=own)
    context = {"claim": claim, "history": selectors.claim_history(claim, show_ratings=show_ratings)}
    if request.htmx:
        return render(request, "factcheck/claim.html#history", context)
    return render(request, "factcheck/claim_history.html", context)


def claim_action(form_class, *, editor_only: bool = False, form_key: str):
    """Wrap a claim action: access check, form validation, the service call, and the response.

    The wrapped function gets (request, claim, cleaned_data) and calls one service. Success: the panel
    fragment for htmx, a redirect for plain POSTs. Failure: the panel with the form's errors, status 400
    (409 for a conflict with someone else's change).
    """

    def decorator(action):
        @wraps(action)
        @require_POST
        @(editor_required if editor_only else desk_member_required)
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            claim = get_object_or_404(
                Claim.objects.select_related("article", "rating_scale"), pk=pk
            )
            kwargs = {"claim": claim} if form_class in (RatingForm, VerdictForm) else {}
            if form_class is AssignForm:
                kwargs = {"reviewers": selectors.desk_members()}
            form = form_class(request.POST, **kwargs)
            status = 400
            conflict = None
            if form.is_valid():
                try:
                    action(request, claim, form.cleaned_data)
                except ValidationError as exc:
                    _add_errors(form, exc)
                except services.ConflictError as exc:
                    conflict = str(exc)
                    status = 409
                else:
                    if request.htmx:
                        return _render_panel(request, pk)
                    return redirect(claim.get_absolute_url())
            return _render_panel(
                request, pk, status=status, **{form_key: form, "conflict": conflict}
            )

        return view

    return decorator


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _version(data) -> int | None:
    return data.get("version")


@claim_action(RatingForm, form_key="rating_form")
def claim_rate(request, claim, data):
    services.rating_submit(
        claim=claim,
        reviewer=request.user,
        label=data["label"],
        rationale=data["rationale"],
        confidence=data["confidence"],
        expected_version=_version(data),
    )


@claim_action(SourceForm, form_key="source_form")
def claim_add_source(request, claim, data):
    services.source_add(
        claim=claim,
        user=request.user,
        url=data["url"],
        stance=data["stance"],
        title=data["title"],
        publisher=data["publisher"],
        passage=data["passage"],
    )


@claim_action(CommentForm, form_key="comment_form")
def claim_comment(request, claim, data):
    parent = None
    if data.get("parent"):
        parent = Comment.objects.filter(pk=data["parent"], claim=claim).first()
        if parent is None:
            raise ValidationError({"parent": "That comment is not on this claim."})
    services.comment_add(claim=claim, author=request.user, body=data["body"], parent=parent)


@require_POST
@desk_member_required
def comment_edit(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    """Edit one's own comment (editors may edit any); the panel shows it as edited."""
    comment = get_object_or_404(Comment, pk=comment_pk, claim_id=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_edit(
                comment=comment, user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if request.htmx:
                return _render_panel(request, pk)
            return redirect(reverse("factcheck:claim", args=[pk]))
    return _render_panel(request, pk, status=400, comment_form=form)


@claim_action(DismissForm, editor_only=True, form_key="dismiss_form")
def claim_dismiss(request, claim, data):
    services.claim_dismiss(
        claim=claim, editor=request.user, reason=data["reason"], expected_version=_version(data)
    )


@claim_action(VersionedForm, editor_only=True, form_key="dismiss_form")
def claim_select(request, claim, data):
    services.claim_select(claim=claim, editor=request.user, expected_version=_version(data))


@claim_action(RewordForm, editor_only=True, form_key="reword_form")
def claim_reword(request, claim, data):
    services.claim_reword(
        claim=claim,
        editor=request.user,
        wording=data["wording"],
        claimant=data["claimant"],
        expected_version=_version(data),
    )


@claim_action(AssignForm, editor_only=True, form_key="assign_form")
def claim_assign(request, claim, data):
    services.assignment_create(claim=claim, reviewer=data["reviewer"], editor=request.user)


@require_POST
@editor_required
def claim_split(request: HttpRequest, pk: int) -> HttpResponse:
    """Split into two claims; the first part's panel opens."""
    claim = get_object_or_404(Claim, pk=pk)
    form = SplitForm(request.POST)
    if form.is_valid():
        try:
            first, _ = services.claim_split(
                claim=claim,
                editor=request.user,
                at=form.cleaned_data["at"],
                expected_version=_version(form.cleaned_data),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        except services.ConflictError as exc:
            return _render_panel(request, pk, status=409, split_form=form, conflict=str(exc))
        else:
            return _to_workspace(request, first)
    return _render_panel(request, pk, status=400, split_form=form)


@require_POST
@editor_required
def claim_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge with a neighbouring claim; the merged claim's panel opens."""
    claim = get_object_or_404(Claim, pk=pk)
    form = MergeForm(request.POST)
    if form.is_valid():
        try:
            merged = services.claim_merge(
                claims=[claim, form.cleaned_data["other"]], editor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return _to_workspace(request, claim)
        return _to_workspace(request, merged)
    messages.error(request, "Choose a claim to merge with.")
    return _to_workspace(request, claim)


def _to_workspace(request, claim: Claim) -> HttpResponse:
    url = f"{reverse('factcheck:article', args=[claim.article_id])}?claim={claim.pk}"
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_POST
@editor_required
def claim_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the verdict, or a correction when one is already published."""
    claim = get_object_or_404(Claim.objects.select_related("rating_scale"), pk=pk)
    form = VerdictForm(request.POST, claim=claim)
    if form.is_valid():
        data = form.cleaned_data
        common = dict(
            claim=claim,
            editor=request.user,
            label=data["label"],
            summary=data["summary"],
            explanation=data["explanation"],
            sources=list(data["sources"]),
        )
        try:
            if Verdict.objects.filter(claim=claim, is_current=True).exists():
                services.verdict_correct(
                    **common,
                    correction_note=data["correction_note"],
                    expected_revision=data["expected_revision"],
                )
            else:
                services.verdict_publish(
                    **common, quorum_override_reason=data["quorum_override_reason"]
                )
        except ValidationError as exc:
            _add_errors(form, exc)
        except services.ConflictError as exc:
            return _render_panel(request, pk, status=409, verdict_form=form, conflict=str(exc))
        else:
            if request.htmx:
                return _render_panel(request, pk)
            return redirect(claim.get_absolute_url())
    return _render_panel(request, pk, status=400, verdict_form=form)


# --- Triage: queue priority, claims already checked -----------------------------------------------


def _triage_done(request: HttpRequest, claim: Claim) -> HttpResponse:
    if request.htmx:
        return _render_panel(request, claim.pk)
    return redirect(claim.get_absolute_url())


@require_POST
@editor_required
def claim_priority(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the claim one step up or down the triage queue (POST `direction`: up or down)."""
    claim = get_object_or_404(Claim, pk=pk)
    step = {"up": 1, "down": -1}.get(request.POST.get("direction", ""))
    try:
        if step is None:
            raise ValidationError("Say whether to move the claim up or down.")
        services.claim_reprioritise(claim=claim, editor=request.user, step=step)
    except ValidationError as exc:
        return _render_panel(request, pk, status=400, triage_error=" ".join(exc.messages))
    return _triage_done(request, claim)


@require_POST
@editor_required
def claim_match_confirm(request: HttpRequest, pk: int, match_pk: int) -> HttpResponse:
    """The claim is the same as one already checked: reuse that verdict (see the service)."""
    match = get_object_or_404(ClaimMatch.objects.select_related("claim"), pk=match_pk, claim_id=pk)
    try:
        services.claim_match_confirm(match=match, editor=request.user)
    except ValidationError as exc:
        return _render_panel(request, pk, status=400, triage_error=" ".join(exc.messages))
    return _triage_done(request, match.claim)


@require_POST
@editor_required
def claim_match_reject(request: HttpRequest, pk: int, match_pk: int) -> HttpResponse:
    """Not the same claim; the rejection is remembered."""
    match = get_object_or_404(ClaimMatch.objects.select_related("claim"), pk=match_pk, claim_id=pk)
    try:
        services.claim_match_reject(match=match, editor=request.user)
    except ValidationError as exc:
        return _render_panel(request, pk, status=400, triage_error=" ".join(exc.messages))
    return _triage_done(request, match.claim)


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
    context = {
        "desk_name": settings.FACTCHECK_DESK_NAME,
        "claim": claim,
        "article": claim.article,
        "verdict": current,
        "first": first,
        "corrections": [v for v in revisions if v.revision > 1],
        "claim_review": claim_review(current, first_published=first.published_at),
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
    parts = (*parts, request.scheme, request.get_host())
    shareable = public_cache.is_shareable(request)
    tag = public_cache.etag(parts, token=token) if shareable else None
    if tag is not None and (unchanged := public_cache.not_modified(request, tag)):
        return public_cache.set_cache_headers(unchanged, shareable=True, tag=tag)
    fragment = public_cache.cached(parts, build, token=token)
    if fragment is None:
        raise Http404("No published verdict here.")
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
    }
    return render(request, "factcheck/desk_health.html", context)
