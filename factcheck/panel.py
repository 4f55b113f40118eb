"""The claim panel's view-model, and what else on the workspace shows the same claim.

`PanelView(claim_pk, user)` is built once per request from one selector call
(`selectors.claim_for_panel`). The panel's template parts (`templates/factcheck/claim.html`: header,
already checked, priority, editor tools, ratings, verdict, sources, discussion, history) read only from
it: the claim, `can_*` flags answered by `factcheck.access`, and the lists and forms each part shows.
Everything is computed on first use, so a response that renders two parts pays for those two.

An action re-renders the part its form sits in (the "primary" part) plus the other parts it changed,
sent out of band (`hx-swap-oob`). `Part` names them; `CLAIM_PARTS` are the parts that follow the claim
row itself (status, wording, version), re-sent whenever an action changed it. `WorkspaceUpdate` renders
the workspace's pieces around one claim (its list row, its highlight in the text, the status counts)
for the same out-of-band answer.

A form that failed comes back bound (what the user typed, with its errors), and a refusal comes back as
a `Notice` in the part of the form, with the text the user would otherwise lose.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django import forms as django_forms
from django.conf import settings
from django.utils.translation import gettext

from factcheck import access, consensus, selectors
from factcheck.forms import (
    AssignForm,
    ClaimantForm,
    CommentForm,
    DismissForm,
    RatingForm,
    RewordForm,
    SourceForm,
    SplitForm,
    VerdictForm,
)
from factcheck.models import Article, Claim, Comment, RatingLabel, Verdict

if TYPE_CHECKING:
    from factcheck.matching import store as matching_store


@dataclass(frozen=True)
class OutsideMatch:
    """An outside fact-check listed under "already checked", and whether this user may attach it."""

    match: matching_store.Match
    attached: bool
    can_attach: bool


class Part(enum.StrEnum):
    """The swappable parts of the panel. Each is `{% partialdef <value> %}` in claim.html, rendered
    with a root element `id="claim-<pk>-<value>"` that is always present (hidden when empty), so an
    out-of-band swap always finds its target."""

    HEADER = "header"
    CHECKED = "checked"
    PRIORITY = "priority"
    EDITOR = "editor"
    RATINGS = "ratings"
    VERDICT = "verdict"
    SOURCES = "sources"
    DISCUSSION = "discussion"
    HISTORY = "history"


# The parts that show something of the claim row (status, wording, priority, version): re-sent whenever
# an action changed the row. Only the discussion does not depend on it.
CLAIM_PARTS = frozenset(Part) - {Part.DISCUSSION}


@dataclass
class Notice:
    """A message in one part of the panel: an error the form cannot show next to a field, or a
    refusal because someone else changed the claim first (`conflict`). `kept` holds what the user
    typed when the form is no longer shown (e.g. the claim was split while they wrote a rationale), so
    nothing they wrote is lost: (label, text) pairs shown read-only, to copy."""

    message: str
    conflict: bool = False
    kept: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Neighbour:
    """An open claim next to this one in the text, to merge with."""

    pk: int
    wording: str
    is_before: bool


@dataclass
class CommentRow:
    """One comment of the thread with what the viewer may do to it. `edit_form` and `reply_form`
    are the forms that failed (bound, with their errors), else None: a fresh edit shows the
    comment's body and a fresh reply is empty, which the template writes without building a form
    for every comment."""

    comment: Comment
    depth: int
    can_edit: bool
    edit_form: CommentForm | None
    reply_form: CommentForm | None


class PartNotices:
    """`panel.notices.ratings` is the notice of the ratings part, or None: templates ask by part."""

    def __init__(self, notices: dict[Part, Notice] | None = None):
        self._notices = dict(notices or {})

    def __getattr__(self, name: str) -> Notice | None:
        try:
            return self._notices.get(Part(name))
        except ValueError:
            raise AttributeError(name) from None


class PanelView:
    """Everything the claim panel shows to one user, from one selector call.

    `bound` holds forms that failed, keyed by `form key` ("rating", "source", "comment",
    "reply-<comment pk>", "edit-<comment pk>", "dismiss", "reword", "claimant", "split", "assign",
    "verdict"):
    they are shown bound, with their errors, instead of fresh ones. `notices` maps a part to the
    message shown at its top. `in_workspace` says the panel sits beside the article text (the claim
    page shows a link back to it instead).
    """

    def __init__(
        self,
        claim_pk: int,
        user,
        *,
        in_workspace: bool = False,
        bound: dict[str, django_forms.Form] | None = None,
        notices: dict[Part, Notice] | None = None,
    ):
        self.claim: Claim = selectors.claim_for_panel(claim_pk, assignments=access.is_editor(user))
        self.user = user
        self.in_workspace = in_workspace
        self.bound = bound or {}
        self.notices = PartNotices(notices)

    def notify(self, part: Part, notice: Notice) -> None:
        """Show `notice` at the top of `part`."""
        self.notices._notices[part] = notice

    @cached_property
    def form_errors(self) -> dict[str, list[str]]:
        """Every error of each failed form, by form key: for forms that are only a button (select,
        merge, priority, match), whose errors have no field to sit next to."""
        return {
            key: [e for errors in form.errors.values() for e in errors]
            for key, form in self.bound.items()
        }

    # --- Who may do what (factcheck.access) --------------------------------------------------------

    @cached_property
    def is_editor(self) -> bool:
        return access.is_editor(self.user)

    @cached_property
    def can_rate(self) -> bool:
        return access.can_rate(self.user, self.claim)

    @cached_property
    def can_add_source(self) -> bool:
        return access.can_add_source(self.user, self.claim)

    @cached_property
    def can_comment(self) -> bool:
        return access.can_comment(self.user, self.claim)

    @cached_property
    def can_triage(self) -> bool:
        return access.can_triage(self.user, self.claim)

    @cached_property
    def can_select(self) -> bool:
        return access.can_select(self.user, self.claim)

    @cached_property
    def can_edit_claim(self) -> bool:
        return access.can_edit_claim(self.user, self.claim)

    @cached_property
    def can_write_verdict(self) -> bool:
        return access.can_write_verdict(self.user, self.claim)

    @cached_property
    def can_fix_claimant(self) -> bool:
        return access.can_fix_claimant(self.user, self.claim)

    @cached_property
    def sees_all_ratings(self) -> bool:
        return access.can_see_all_ratings(
            self.user, self.claim, own_rating_exists=self.own_rating is not None
        )

    # --- Header ----------------------------------------------------------------------------------

    @property
    def article(self) -> Article:
        return self.claim.article

    @property
    def is_dismissed(self) -> bool:
        return self.claim.status == Claim.Status.DISMISSED

    @cached_property
    def features(self) -> list[tuple[str, float]]:
        """What produced the check-worthiness score, largest contribution first."""
        return sorted(self.claim.features.items(), key=lambda kv: -abs(kv[1]))

    @cached_property
    def claimant_form(self) -> ClaimantForm:
        return self.bound.get("claimant") or ClaimantForm(
            claim=self.claim, initial={"claimant": self.claim.claimant}
        )

    @property
    def claimant_open(self) -> bool:
        """The claimant's fix stays open when it failed or was refused."""
        return "claimant" in self.bound

    @cached_property
    def _derivation(self) -> tuple[list[int], list[int]]:
        if not self.claim.has_derivation:
            return [], []
        return selectors.derivation(self.claim)

    @property
    def derived_from(self) -> list[int]:
        """The ids of the claims this one was split or merged from, in text order."""
        return self._derivation[0]

    @property
    def derived_claims(self) -> list[int]:
        """The ids of the claims that replaced this one (a split or a merge), in text order."""
        return self._derivation[1]

    @property
    def priority_at_top(self) -> bool:
        return self.claim.priority >= Claim.PRIORITY_MAX

    @property
    def priority_at_bottom(self) -> bool:
        return self.claim.priority <= Claim.PRIORITY_MIN

    # --- Already checked -------------------------------------------------------------------------
    # One list per kind of earlier check, each with its own item partial: today the desk's own
    # claims (`claim_matches`); outside fact-checks get a list and a partial beside it.

    @cached_property
    def claim_matches(self):
        """Published claims of the desk that may say the same, each with `can_decide` set."""
        if not self.claim.has_matches:
            return []
        matches = selectors.claim_matches(self.claim)
        for m in matches:
            m.can_decide = (
                self.can_edit_claim
                and m.status == m.Status.SUGGESTED
                and m.current_verdict is not None
            )
        return matches

    @cached_property
    def outside_matches(self) -> list[OutsideMatch]:
        """Other fact-checkers' reviews that may check this claim (the semantic matcher), best first,
        from FACTCHECK_MATCH_PANEL_THRESHOLD. Only for who may see every rating: another desk's
        verdict would tip a blind rating as much as a colleague's."""
        if not self.sees_all_ratings:
            return []
        from factcheck.matching import store as matching_store  # NumPy: loaded where used

        [found] = matching_store.lookup(
            [self.claim.wording],
            k=3,
            threshold=settings.FACTCHECK_MATCH_PANEL_THRESHOLD,
            language=self.claim.article.language,
            kinds=[matching_store.OUTSIDE],  # the desk's own verdicts are the stored suggestions
        )
        attached = {s.url for s in self.sources}
        can_attach = self.can_edit_claim and self.can_add_source
        return [
            OutsideMatch(
                match=m,
                attached=m.url in attached,
                can_attach=can_attach and m.url not in attached,
            )
            for m in found
        ]

    @property
    def has_checked(self) -> bool:
        return bool(self.claim_matches or self.outside_matches)

    # --- Ratings ---------------------------------------------------------------------------------

    @cached_property
    def _visible(self):
        return selectors.visible_ratings(self.user, self.claim)

    @cached_property
    def ratings(self):
        """The ratings this user may see (blind rating), with each rater's reliability for editors."""
        ratings = self._visible[0]
        proposal = self.proposal
        for r in ratings:
            r.is_own = r.reviewer_id == self.user.pk
            r.reliability = (
                proposal.accuracy.get(r.reviewer_id) if proposal and self.is_editor else None
            )
        return ratings

    @property
    def own_rating(self):
        return self._visible[1]

    @property
    def ratings_hidden(self) -> bool:
        return self._visible[2]

    @cached_property
    def agreement(self):
        """Quorum and the disagreement flag; None for a reviewer who may not see the others yet."""
        if not (self.is_editor or not self.ratings_hidden):
            return None
        return selectors.agreement_of(list(self.claim.ratings.all()))

    @cached_property
    def quorum_reached(self) -> bool:
        return selectors.agreement_of(list(self.claim.ratings.all())).reached

    @cached_property
    def snapshot(self):
        if self.sees_all_ratings and self.claim.ratings.all():
            return consensus.desk_snapshot()
        return None

    @cached_property
    def proposal(self):
        """What the ratings propose, only for who may see every rating (blind rating)."""
        if self.sees_all_ratings and self.claim.ratings.all():
            return consensus.claim_proposal(self.claim, self.snapshot)
        return None

    @cached_property
    def agreement_behind(self):
        return consensus.agreement_behind(self.claim, self.snapshot) if self.is_editor else []

    @property
    def min_shared(self) -> int:
        return consensus.MIN_SHARED

    @property
    def min_paired(self) -> int:
        return consensus.MIN_PAIRED_RATINGS

    @property
    def quorum(self) -> int:
        return settings.FACTCHECK_QUORUM

    @cached_property
    def scale_labels(self):
        return list(self.claim.rating_scale.labels.all())

    @cached_property
    def rating_choices(self) -> list[tuple[RatingLabel, str, bool]]:
        """The rating form's labels, (label, value, checked): worked out here once, not compared
        in the template on every option."""
        chosen = _chosen(self.rating_form, "label")
        return [(label, str(label.pk), str(label.pk) == chosen) for label in self.scale_labels]

    @cached_property
    def confidence_choices(self) -> list[tuple[str, str, bool]]:
        """The rating form's confidence options, (value, name, selected)."""
        chosen = _chosen(self.rating_form, "confidence")
        return [
            (str(value), name, str(value) == chosen)
            for value, name in self.rating_form.fields["confidence"].choices
        ]

    @cached_property
    def rating_form(self) -> RatingForm:
        if "rating" in self.bound:
            return self.bound["rating"]
        own = self.own_rating
        return RatingForm(
            claim=self.claim,
            initial={
                "label": own.label_id if own else None,
                "rationale": own.rationale if own else "",
                "confidence": own.confidence
                if own
                else RatingForm.base_fields["confidence"].initial,
            },
        )

    # --- Verdict ---------------------------------------------------------------------------------

    @cached_property
    def verdicts(self):
        return list(self.claim.verdicts.all())

    @cached_property
    def current_verdict(self):
        return next((v for v in self.verdicts if v.is_current), None)

    @property
    def shows_verdict(self) -> bool:
        return bool(self.verdicts) or self.can_write_verdict

    @cached_property
    def verdict_form(self) -> VerdictForm:
        if "verdict" in self.bound:
            return self.bound["verdict"]
        current = self.current_verdict
        if current:
            initial = {
                "label": current.label_id,
                "summary": current.summary,
                "claim_reviewed": current.claim_reviewed,
                "explanation": current.explanation,
                "sources": [s.pk for s in current.sources.all()],
            }
        else:
            # The label the ratings propose, else none: the editor has to choose. The evidence the
            # desk gathered starts ticked: unticked, a verdict published in a hurry rests on nothing
            # (no sources on its public page nor in its ClaimReview); the editor unticks what it
            # does not rest on.
            proposed = self.proposal.plain if self.proposal else None
            initial = {
                "label": proposed.pk if proposed else None,
                "claim_reviewed": self.claim.wording[:300],
                "sources": [s.pk for s in self.sources],
            }
        return VerdictForm(claim=self.claim, initial=initial)

    @cached_property
    def verdict_label_choices(self) -> list[tuple[str, str, bool]]:
        """The verdict form's labels, (value, name, selected)."""
        chosen = _chosen(self.verdict_form, "label")
        return [
            (str(label.pk), label.local_name, str(label.pk) == chosen)
            for label in self.scale_labels
        ]

    @property
    def claim_reviewed_advised(self) -> int:
        return Verdict.CLAIM_REVIEWED_ADVISED

    @cached_property
    def verdict_sources(self) -> list[tuple[object, bool]]:
        """The claim's sources, each with whether the verdict form has it ticked."""
        form = self.verdict_form
        value = form["sources"].value() or []
        ticked = {str(pk) for pk in value}
        return [(s, str(s.pk) in ticked) for s in self.sources]

    @property
    def verdict_form_open(self) -> bool:
        """Open when the user just sent it (it failed, or was refused), or when the quorum waits
        for a first verdict."""
        return "verdict" in self.bound or (self.quorum_reached and self.current_verdict is None)

    # --- Sources ---------------------------------------------------------------------------------

    @cached_property
    def _sources(self) -> tuple[list, int]:
        return selectors.visible_sources(
            self.user, self.claim, own_rating=self.own_rating is not None
        )

    @property
    def sources(self):
        """The sources this user may see: until they rate, a reviewer sees only their own (blind)."""
        return self._sources[0]

    @property
    def sources_hidden(self) -> int:
        """How many sources colleagues added are hidden from this user until they rate."""
        return self._sources[1]

    @cached_property
    def source_form(self) -> SourceForm:
        return self.bound.get("source") or SourceForm(claim=self.claim)

    @cached_property
    def stance_choices(self) -> list[tuple[str, str, bool]]:
        """The source form's stances, (value, name, selected)."""
        chosen = self.source_form["stance"].value()
        return [
            (value, name, chosen == value)
            for value, name in self.source_form.fields["stance"].choices
        ]

    # --- Discussion ------------------------------------------------------------------------------

    @cached_property
    def _comments(self) -> selectors.BlindComments:
        return selectors.visible_comments(
            self.user, self.claim, own_rating=self.own_rating is not None
        )

    @property
    def comments_hidden(self) -> int:
        """How many colleagues' comments are hidden from this user until they rate (blind)."""
        return self._comments.hidden

    @property
    def comments_addressed(self) -> int:
        """Of the hidden comments, those that mention this user or answer one of theirs."""
        return self._comments.addressed

    @cached_property
    def comments(self) -> list[CommentRow]:
        """The discussion this user may see: until they rate, a reviewer sees only their own
        comments (blind rating); a reply of theirs to a hidden comment shows at the top level."""
        rows = []
        for comment, depth in self._comments.rows:
            can_edit = access.can_edit_comment(self.user, comment)
            edit_form = self.bound.get(f"edit-{comment.pk}") if can_edit else None
            reply_form = self.bound.get(f"reply-{comment.pk}")
            rows.append(CommentRow(comment, depth, can_edit, edit_form, reply_form))
        return rows

    @cached_property
    def comment_form(self) -> CommentForm:
        return self.bound.get("comment") or CommentForm(claim=self.claim)

    # --- Editor tools ----------------------------------------------------------------------------

    @cached_property
    def neighbours(self) -> list[Neighbour]:
        """The open claims just before and after, to merge with (one query, for editors only)."""
        if not self.can_edit_claim:
            return []
        before, after = selectors.neighbours(self.claim)
        sides = [(before, True), (after, False)]
        return [Neighbour(side[0], side[1], is_before) for side, is_before in sides if side]

    @cached_property
    def assignments(self):
        """Who is assigned, by name; each `done` once they rated (shown to editors only)."""
        rows = sorted(
            self.claim.assignments.all(),
            key=lambda a: (a.reviewer.get_full_name() or a.reviewer.username).casefold(),
        )
        return rows

    @cached_property
    def dismiss_form(self) -> DismissForm:
        return self.bound.get("dismiss") or DismissForm(claim=self.claim)

    @cached_property
    def reword_form(self) -> RewordForm:
        return self.bound.get("reword") or RewordForm(
            claim=self.claim,
            initial={"wording": self.claim.wording, "claimant": self.claim.claimant},
        )

    @cached_property
    def split_form(self) -> SplitForm:
        return self.bound.get("split") or SplitForm(claim=self.claim)

    @property
    def split_max(self) -> int:
        return len(self.claim.quote) - 1

    @property
    def assign_form(self) -> AssignForm | None:
        """The assign form that failed (with its errors), else None: a fresh one is only its
        options (`reviewer_choices`), written out by the template."""
        return self.bound.get("assign")

    @cached_property
    def reviewer_choices(self) -> list[tuple[str, str, bool]]:
        """The assign form's options, (value, label, selected): each person by name with their open
        workload (selectors.assignable_reviewers, two plain queries), nobody chosen at first."""
        chosen = _chosen(self.bound["assign"], "reviewer") if "assign" in self.bound else ""
        people = [
            (
                str(person.pk),
                gettext("%(person)s — %(n)d open")
                % {"person": person.name, "n": person.open_assignments},
            )
            for person in selectors.assignable_reviewers()
        ]
        empty = AssignForm.base_fields["reviewer"].empty_label
        return [("", empty, False), *((pk, n, pk == chosen) for pk, n in people)]

    @property
    def editor_open(self) -> dict[str, bool]:
        """Which of the editor's folded forms to show open: the one that failed."""
        return {
            key: bool(self.bound[key].errors) for key in ("reword", "split") if key in self.bound
        }


def _chosen(form: django_forms.Form, name: str) -> str:
    """The value of a choice field as the form shows it (what was sent, else the initial value), as
    text to compare with the options' values; "" when nothing is chosen."""
    value = form[name].value()
    return "" if value is None else str(value)


def typed(form: django_forms.Form) -> list[tuple[str, str]]:
    """What the user typed into the form's text fields, as (label, text), for a `Notice` to keep."""
    kept = []
    for name, form_field in form.fields.items():
        value = form.data.get(form.add_prefix(name), "")
        if (
            isinstance(form_field, django_forms.CharField)
            and not form_field.widget.is_hidden
            and isinstance(value, str)
            and value.strip()
        ):
            kept.append((str(form[name].label), value))
    return kept


# --- The workspace ---------------------------------------------------------------------------------


def status_counts(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(status, label, count) for every claim status, in the order of the workflow."""
    return [(value, label, counts.get(value, 0)) for value, label in Claim.Status.choices]


class WorkspaceView:
    """An article's workspace (article.html): its text cut into highlighted segments, the claims
    list, the status counts, and which claim is open.

    `page()` builds the whole page. `around()` builds the pieces that show one claim, to send out of
    band after an action on it: the paragraphs of the text around it, its row in the list (the
    whole list after a change of shape: a claim created, split or merged), and the counts. A
    paragraph is identified by its span, which depends on the article text alone (it never changes),
    so a swap finds its target whatever else changed on the page meanwhile. `around()` costs two
    queries (the claims near the span, the counts), the same for 3 claims or 300.
    """

    def __init__(self, article: Article, *, selected, paragraphs, listed, counts, reshaped=True):
        self.article = article
        self.selected = selected
        self.paragraphs = paragraphs
        self.listed = listed
        self.counts = counts
        # Around one claim: the whole list after a change of shape, else that claim's row.
        self.reshaped = reshaped

    @classmethod
    def page(cls, article: Article, user, *, selected_pk: int | None = None) -> WorkspaceView:
        """The whole workspace; Claim.DoesNotExist if `selected_pk` is not a claim of the article."""
        claims = selectors.article_claims(article)
        selected = None
        if selected_pk is not None:
            selected = next((c for c in claims if c.pk == selected_pk), None)
            if selected is None:
                raise Claim.DoesNotExist(f"No claim {selected_pk} in this article.")
        view = cls(
            article,
            selected=selected,
            paragraphs=selectors.highlight_segments(article.text, claims),
            listed=[c for c in claims if c.status not in _UNLISTED],
            counts=status_counts(Counter(c.status for c in claims)),
        )
        view.can_create_claims = access.is_editor(user)
        return view

    @classmethod
    def around(
        cls, claim: Claim, *, reshaped: bool = False, span: tuple[int, int] | None = None
    ) -> WorkspaceView:
        """The pieces that show `claim` (and the text over `span`, if it covers more)."""
        article = claim.article
        start, end = span or (claim.start, claim.end)
        start, end = min(start, claim.start), max(end, claim.end)
        spans = selectors.paragraphs_around(article.text, start, end)
        nearby = selectors.claims_overlapping(article, spans[0][0], spans[-1][1]) if spans else []
        paragraphs = selectors.highlight_segments(article.text, nearby, paragraphs=spans)
        if reshaped:
            claims = selectors.article_claims(article)
            listed = [c for c in claims if c.status not in _UNLISTED]
            counts = Counter(c.status for c in claims)
        else:
            listed = [claim] if claim.status not in _UNLISTED else []
            counts = selectors.article_status_counts(article)
        return cls(
            article,
            selected=claim,
            paragraphs=paragraphs,
            listed=listed,
            counts=status_counts(counts),
            reshaped=reshaped,
        )


# Split and merged claims live on in their history and their replacements, not in the list.
_UNLISTED = (Claim.Status.SPLIT, Claim.Status.MERGED)
