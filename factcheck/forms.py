"""Forms for the desk's pages. They validate shape only; the services decide what is allowed."""

from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from factcheck import uploads
from factcheck.models import Article, Claim, Outlet, Profile, Rating, Source


class ArticleAddForm(forms.Form):
    """Add an article by pasting text, uploading a file (factcheck.uploads), or giving a URL:
    exactly one."""

    text = forms.CharField(
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 12, "placeholder": _("Paste the article: headline first.")}
        ),
        label=_("Paste text"),
    )
    file = forms.FileField(
        required=False,
        label=_("Or upload a file"),
        help_text=format_lazy(_("An article as {kinds}."), kinds=uploads.DESCRIPTION),
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
    )
    url = forms.URLField(required=False, label=_("Or fetch from a URL"), assume_scheme="https")
    title = forms.CharField(
        required=False,
        max_length=500,
        label=_("Title"),
        help_text=_("Leave empty to use the headline."),
    )
    outlet = forms.CharField(
        required=False, max_length=200, label=_("Outlet"), help_text=_("Who published it.")
    )
    author = forms.CharField(required=False, max_length=300, label=_("Author"))
    published = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label=_("Published on")
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if not uploads.is_article_file(upload.name):
            raise forms.ValidationError(
                gettext("Upload an article as %(kinds)s.") % {"kinds": uploads.DESCRIPTION}
            )
        if upload.size > settings.FACTCHECK_MAX_ARTICLE_BYTES:
            raise forms.ValidationError(
                gettext("The file is %(size)s bytes; the limit is %(limit)s.")
                % {
                    "size": f"{upload.size:,}",
                    "limit": f"{settings.FACTCHECK_MAX_ARTICLE_BYTES:,}",
                }
            )
        return upload

    def clean(self):
        data = super().clean()
        given = [k for k in ("text", "file", "url") if data.get(k)]
        if not given and not self.errors:
            raise forms.ValidationError(_("Paste the text, upload a file, or give a URL."))
        if len(given) > 1:
            raise forms.ValidationError(_("Give the article one way only: text, a file, or a URL."))
        return data


class PlainSelect(forms.Select):
    """Django's <select>, written in Python: through the widget templates each <option> cost about
    300 Python calls, so the article list's outlet filter (one option per outlet) was a third of
    the page (bench/pages.py). Flat choices only (no groups: those go through Django's templates)."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = [choice for choice in self.choices]  # not list(): len() would COUNT the outlets
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        final_attrs = {"name": name, **self.build_attrs(self.attrs, attrs)}
        options = "".join(
            f'\n  <option value="{escape(option)}"'
            f"{' selected' if str(option) in selected else ''}>{escape(label)}</option>"
            for option, label in choices
        )
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}\n</select>")  # noqa: S308


class ArticleFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.order_by("name"),
        required=False,
        empty_label=_("All outlets"),
        label=_("Outlet"),
        widget=PlainSelect,
    )
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *Article.Status.choices],
        required=False,
        label=_("Status"),
        widget=PlainSelect,
    )


class PanelForm(forms.Form):
    """A form of the claim panel. All are built alike, `Form(data, claim=claim)`, so that one view
    helper (views.panel_action) serves every action of the panel."""

    def __init__(self, *args, claim: Claim, **kwargs):
        # Ids unique on a page that may show several claims' forms.
        kwargs.setdefault("auto_id", f"{type(self).__name__.lower()}-{claim.pk}-%s")
        super().__init__(*args, **kwargs)
        self.claim = claim


class VersionedForm(PanelForm):
    """Carries the version the user saw, so a concurrent change is detected, not overwritten."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DismissForm(VersionedForm):
    reason = forms.CharField(
        max_length=1000,
        label=_("Reason for dismissing"),
        widget=forms.TextInput(attrs={"placeholder": _("Reason to dismiss")}),
    )


class RewordForm(VersionedForm):
    wording = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Wording"))
    claimant = forms.CharField(required=False, max_length=300, label=_("Claimant"))


class ClaimantForm(VersionedForm):
    claimant = forms.CharField(
        max_length=300,
        label=_("Who made the claim"),
        error_messages={
            "required": _(
                "Say who made the claim: a person or an organisation, or the outlet when "
                "the article asserts it itself."
            ),
            "max_length": _("Keep the claimant's name to 300 characters at most."),
        },
    )


class SplitForm(VersionedForm):
    at = forms.IntegerField(min_value=1, label=_("Split after character"))


class MergeForm(PanelForm):
    other = forms.ModelChoiceField(
        queryset=Claim.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That claim no longer exists.")},
    )


_NOT_A_REVIEWER = _("That person is not a reviewer or editor of the desk (any more).")


class AssignForm(PanelForm):
    """The panel's "Assign": one reviewer, chosen by name; nobody is chosen until the editor does.
    The field checks what was sent against the desk's members; the options shown, with each
    person's workload, are `selectors.assignable_reviewers()` (PanelView.reviewer_choices)."""

    reviewer = forms.ModelChoiceField(
        queryset=None,
        label=_("Reviewer to assign"),
        empty_label=_("Choose a reviewer…"),
        error_messages={
            "required": _("Choose the reviewer to assign."),
            "invalid_choice": _NOT_A_REVIEWER,
        },
    )

    def __init__(self, *args, **kwargs):
        from factcheck import selectors

        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = selectors.desk_members()


class UnassignForm(PanelForm):
    reviewer = forms.ModelChoiceField(
        queryset=get_user_model().objects.all(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That person no longer exists.")},
    )


class ReviewerRow(NamedTuple):
    pk: int
    name: str
    workload: str
    idle: bool
    ticked: bool


class BulkAssignForm(forms.Form):
    """Assign several claims to one or more reviewers at once (the workspace list and My work).

    The claims' checkboxes sit in the list rows (`form="bulk-assign"`); the reviewers are chosen by
    name, with their open workload beside them. `article` says the form was sent from that
    article's workspace (else from My work), where its answer goes."""

    claims = forms.ModelMultipleChoiceField(
        queryset=Claim.objects.all(),
        error_messages={
            "required": _("Select the claims to assign: tick them in the list."),
            "invalid_choice": _("Claim %(value)s no longer exists."),
            "invalid_pk_value": _("“%(pk)s” is not a claim."),
        },
    )
    reviewers = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one reviewer."),
            "invalid_choice": _NOT_A_REVIEWER,
            "invalid_pk_value": _("“%(pk)s” is not a person."),
        },
    )
    article = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        from factcheck import selectors

        kwargs.setdefault("auto_id", "bulk-assign-%s")
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = selectors.desk_members()

    @cached_property
    def reviewer_rows(self) -> list[ReviewerRow]:
        """Each person who can be assigned, by name, with their open workload in words and whether
        the form has them ticked (worked out here: a translation tag per person in the template
        was most of the form's cost on My work)."""
        from factcheck import selectors

        ticked = {str(v) for v in (self["reviewers"].value() or [])}
        return [
            ReviewerRow(
                pk=person.pk,
                name=person.name,
                workload=ngettext("%(n)s open", "%(n)s open", person.open_assignments)
                % {"n": person.open_assignments},
                idle=not person.open_assignments,
                ticked=str(person.pk) in ticked,
            )
            for person in selectors.assignable_reviewers()
        ]

    @cached_property
    def ticked_claims(self) -> set[str]:
        return {str(v) for v in (self["claims"].value() or [])}


class PriorityForm(PanelForm):
    direction = forms.ChoiceField(
        choices=[("up", _("Move up")), ("down", _("Move down"))],
        error_messages={"required": _("Say whether to move the claim up or down.")},
    )


class MatchForm(PanelForm):
    """Confirming or rejecting a suggested match carries nothing but the claim and the match."""


class ClaimCreateForm(forms.Form):
    start = forms.IntegerField(min_value=0, label=_("Start"))
    end = forms.IntegerField(min_value=1, label=_("End"))
    wording = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Wording (optional)")
    )


class RatingForm(VersionedForm):
    label = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Label"),
        error_messages={"required": _("Choose a label from the scale.")},
    )
    rationale = forms.CharField(
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": _("What did you check, and what did it show?")}
        ),
        label=_("Rationale"),
        error_messages={"required": _("Explain your rating: the rationale is required.")},
    )
    confidence = forms.TypedChoiceField(
        choices=Rating.Confidence.choices,
        coerce=int,
        initial=Rating.Confidence.MEDIUM,
        label=_("Confidence"),
    )

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, claim=claim, **kwargs)
        self.fields["label"].queryset = claim.rating_scale.labels.all()


class SourceForm(PanelForm):
    url = forms.CharField(max_length=2000, label=_("URL"))
    title = forms.CharField(required=False, max_length=500, label=_("Title"))
    publisher = forms.CharField(required=False, max_length=300, label=_("Publisher"))
    passage = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Quoted passage")
    )
    stance = forms.ChoiceField(choices=Source.Stance.choices, label=_("Stance"))


class CommentForm(PanelForm):
    body = forms.CharField(
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("Markdown; @username to mention.")}
        ),
        label=_("Comment"),
        error_messages={"required": _("Write something first: the comment is empty.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class VerdictForm(PanelForm):
    # No default label: the panel proposes the ratings' label, else the editor must choose one.
    label = forms.ModelChoiceField(
        queryset=None,
        empty_label=_("Choose a label…"),
        label=_("Label"),
        error_messages={
            "required": _("Choose the verdict's label."),
            "invalid_choice": _("That label is not on this claim's scale; choose another."),
        },
    )
    summary = forms.CharField(
        max_length=300,
        label=_("One-line summary"),
        error_messages={"required": _("Write a one-line summary of the verdict.")},
    )
    claim_reviewed = forms.CharField(
        max_length=300,
        label=_("Claim reviewed"),
        help_text=_("The claim as search results show it: keep it under 75 characters."),
        error_messages={
            "required": _("Say which claim was reviewed, in a short line: search results show it.")
        },
    )
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label=_("Explanation"),
        help_text=_("Markdown: **bold**, *italic*, [links](https://…), lists."),
        error_messages={"required": _("Explain the verdict.")},
    )
    sources = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label=_("Rests on")
    )
    quorum_override_reason = forms.CharField(
        required=False,
        widget=forms.TextInput(),
        label=_("Publish below quorum because…"),
    )
    correction_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Correction note (shown publicly)"),
    )
    expected_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, claim=claim, **kwargs)
        self.fields["label"].queryset = claim.rating_scale.labels.all()
        self.fields["sources"].queryset = claim.sources.all()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type="file" multiple>."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": uploads.ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if not isinstance(data, list | tuple):
            return [single(data, initial)]
        cleaned = []
        for upload in data:
            try:
                cleaned.append(single(upload, initial))
            except forms.ValidationError as error:
                # Among many files, say which one: "The submitted file is empty" alone is no help.
                name = getattr(upload, "name", "")
                if not name:
                    raise
                raise forms.ValidationError([f"{name}: {m}" for m in error.messages]) from None
        return cleaned


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Article files"),
        help_text=format_lazy(_("Each as {kinds}."), kinds=uploads.DESCRIPTION),
    )
    outlet = forms.CharField(
        required=False, max_length=200, help_text=_("Who published them, if one outlet.")
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit = settings.FACTCHECK_MAX_ARTICLE_BYTES
        for upload in files:
            if not uploads.is_article_file(upload.name):
                raise forms.ValidationError(
                    gettext("%(name)s: upload articles as %(kinds)s.")
                    % {"name": upload.name, "kinds": uploads.DESCRIPTION}
                )
            if upload.size > limit:
                raise forms.ValidationError(
                    gettext("%(name)s is %(size)s bytes; the limit is %(limit)s per file.")
                    % {"name": upload.name, "size": f"{upload.size:,}", "limit": f"{limit:,}"}
                )
        return files


# --- People: the profile ---------------------------------------------------------------------------


def _language_choices():
    return [("", _("Same as my browser")), *settings.LANGUAGES]


class ProfileForm(forms.Form):
    first_name = forms.CharField(max_length=150, required=False, label=_("First name"))
    last_name = forms.CharField(max_length=150, required=False, label=_("Last name"))
    email = forms.EmailField(
        required=False, label=_("Email address"), help_text=_("Where notifications are emailed.")
    )
    notification_email = forms.ChoiceField(
        choices=Profile.Email.choices,
        widget=forms.RadioSelect,
        label=_("Email me about notifications"),
    )
    language = forms.ChoiceField(
        choices=_language_choices,
        required=False,
        label=_("Language of the desk"),
        help_text=_("The language of these pages and of your emails."),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Token name",
        help_text="What will use it, e.g. “CMS sync” or “tipline bot”.",
    )
