"""Load the demo desk: the seed articles, demo users, and the seed article's claims in every workflow state.

Idempotent: a second run finds everything in place and changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from factcheck import access, services, uploads
from factcheck.models import Article, Claim, Profile, Rating, RatingLabel, Source, Verdict

User = get_user_model()
SEEDS = Path(settings.BASE_DIR) / "seeds"

DEMO_USERS = [
    ("reviewer1", "Rosa", "Reviewer", access.Role.REVIEWER),
    ("reviewer2", "Ravi", "Reviewer", access.Role.REVIEWER),
    ("editor", "Elena", "Editor", access.Role.EDITOR),
    # Works on the desk in Spanish (her profile's language).
    ("revisora", "Lucía", "Revisora", access.Role.REVIEWER),
]
DEMO_LANGUAGES = {"revisora": "es"}

# The demo workflow on the seed article: claims are found by a phrase of their quote.
LIMA_GROUP = "https://en.wikipedia.org/wiki/Lima_Group"
UPRISING = "https://en.wikipedia.org/wiki/2019_Venezuelan_uprising_attempt"
DEMO_SOURCES = {
    "Established in 2017": [
        (
            LIMA_GROUP,
            "Lima Group",
            "Wikipedia",
            "supports",
            "The Lima Group was established on 8 August 2017 in Lima, Peru.",
        ),
    ],
    "eleven of the group": [
        (
            LIMA_GROUP,
            "Lima Group",
            "Wikipedia",
            "context",
            "Most members of the group recognised Juan Guaidó as acting president in early 2019.",
        ),
    ],
    "botched coup attempt in April": [
        (
            UPRISING,
            "2019 Venezuelan uprising attempt",
            "Wikipedia",
            "context",
            "On 30 April 2019 Guaidó called for an uprising, which failed to dislodge Maduro.",
        ),
    ],
}


class Command(BaseCommand):
    help = (
        "Load the seed articles and demo users (reviewer1, reviewer2, editor, revisora, admin) with "
        "a demo workflow."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Create demo users even when DEBUG is off."
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo users with known passwords while DEBUG is off. "
                "Use --force if this really is a demo server."
            )
        password = settings.FACTCHECK_DEMO_PASSWORD
        users = self._users(password)
        articles = self._articles(users["editor"])
        seed = articles[0] if articles else None
        if seed is not None:
            self._workflow(seed, users)
        spanish = next((a for a in articles if a.language == "es"), None)
        if spanish is not None:
            self._spanish_workflow(spanish, users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo desk ready: {Article.objects.count()} article(s), {Claim.objects.count()} claim(s), "
                f"{Verdict.objects.filter(is_current=True).count()} published verdict(s). "
                f"Users reviewer1, reviewer2, editor, revisora (in Spanish), admin "
                f"(password: {password})."
            )
        )

    def _users(self, password: str) -> dict:
        users = {
            username: services.desk_member_ensure(
                username=username, role=role, password=password, first_name=first, last_name=last
            )
            for username, first, last, role in DEMO_USERS
        }
        users["admin"] = services.desk_member_ensure(
            username="admin", role=access.Role.ADMIN, password=password
        )
        for username, language in DEMO_LANGUAGES.items():
            user = users[username]
            # Once, when the demo creates the account: a profile saved since is its owner's choice.
            if not Profile.objects.filter(user=user).exists():
                services.profile_update(
                    user=user,
                    first_name=user.first_name,
                    last_name=user.last_name,
                    email=user.email,
                    notification_email=Profile.Email.EACH,
                    language=language,
                )
        return users

    def _manifest(self) -> dict:
        path = SEEDS / "manifest.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def _articles(self, editor) -> list[Article]:
        manifest = self._manifest()
        articles = []
        for path in sorted(SEEDS.iterdir()):
            if not uploads.is_article_file(path.name):
                continue
            meta = manifest.get(path.name, {})
            outlet = None
            if meta.get("outlet"):
                outlet = services.outlet_get_or_create(
                    name=meta["outlet"], homepage=meta.get("homepage", "")
                )
                if meta.get("outlet_notes") and not outlet.notes:
                    outlet.notes = meta["outlet_notes"]
                    outlet.state_affiliated = bool(meta.get("state_affiliated"))
                    services.outlet_save(outlet=outlet, editor=editor)
            result = services.article_ingest(
                content=path.read_bytes(),
                filename=path.name,
                origin=Article.Origin.DEMO,
                outlet=outlet,
                url=meta.get("url", ""),
                created_by=editor,
            )
            articles.append(result.article)
        return articles

    def _claim(self, article: Article, phrase: str) -> Claim | None:
        return (
            article.claims.filter(quote__contains=phrase)
            .exclude(status__in=Claim.RETIRED)
            .order_by("start")
            .first()
        )

    def _label(self, claim: Claim, slug: str) -> RatingLabel:
        return claim.rating_scale.labels.get(slug=slug)

    def _rate(self, claim: Claim, reviewer, slug: str, rationale: str, confidence=2) -> None:
        if not Rating.objects.filter(claim=claim, reviewer=reviewer).exists():
            services.rating_submit(
                claim=claim,
                reviewer=reviewer,
                label=self._label(claim, slug),
                rationale=rationale,
                confidence=confidence,
            )

    def _sources(self, claim: Claim, phrase: str, user) -> list[Source]:
        for url, title, publisher, stance, passage in DEMO_SOURCES.get(phrase, []):
            if not claim.sources.filter(url=url).exists():
                services.source_add(
                    claim=claim,
                    user=user,
                    url=url,
                    stance=stance,
                    title=title,
                    publisher=publisher,
                    passage=passage,
                )
        return list(claim.sources.all())

    @transaction.atomic
    def _workflow(self, article: Article, users: dict) -> None:
        r1, r2, editor = users["reviewer1"], users["reviewer2"], users["editor"]

        # 1. Published: both reviewers agree closely, the editor publishes.
        claim = self._claim(article, "Established in 2017")
        if claim is not None and not claim.verdicts.exists():
            services.assignment_create(claim=claim, reviewer=r1, editor=editor)
            services.assignment_create(claim=claim, reviewer=r2, editor=editor)
            sources = self._sources(claim, "Established in 2017", r1)
            self._rate(
                claim,
                r1,
                "true",
                "The Lima Declaration of 8 August 2017 founded the group; "
                "its members are Latin American and Caribbean states and Canada.",
                3,
            )
            self._rate(
                claim,
                r2,
                "mostly-true",
                "Founding year and membership check out; membership "
                "has changed since, so the description is slightly dated.",
                2,
            )
            services.comment_add(
                claim=claim,
                author=r2,
                body="@reviewer1 membership changed after 2019 — worth a line in the explanation?",
            )
            services.verdict_publish(
                claim=claim,
                editor=editor,
                label=self._label(claim, "true"),
                summary="The Lima Group was founded in 2017 by countries of the Americas, Canada included.",
                claim_reviewed="The Lima Group was established in 2017.",
                explanation="The group was created by the **Lima Declaration** of 8 August 2017. Its members "
                "are Latin American and Caribbean states and Canada, as the article says.",
                sources=sources,
            )

        # 2. Published, then corrected: the correction note stays visible.
        claim = self._claim(article, "eleven of the group")
        if claim is not None and not claim.verdicts.exists():
            services.assignment_create(claim=claim, reviewer=r1, editor=editor)
            services.assignment_create(claim=claim, reviewer=r2, editor=editor)
            sources = self._sources(claim, "eleven of the group", r2)
            self._rate(
                claim,
                r1,
                "mostly-true",
                "Eleven members backed Guaidó in early 2019; the month is arguable.",
                2,
            )
            self._rate(
                claim,
                r2,
                "half-true",
                "Recognition came in January for most members; "
                "February is when they met in Ottawa.",
                2,
            )
            services.verdict_publish(
                claim=claim,
                editor=editor,
                label=self._label(claim, "half-true"),
                summary="Eleven members did back Guaidó, but most recognised him in January.",
                claim_reviewed="Eleven Lima Group members recognised Guaidó in February.",
                explanation="Most Lima Group members recognised Guaidó in January 2019; the February "
                "meeting confirmed it.",
                sources=sources,
            )
            services.verdict_correct(
                claim=claim,
                editor=editor,
                label=self._label(claim, "mostly-true"),
                summary="Eleven members backed Guaidó in early 2019; the month is a detail.",
                explanation="Eleven of the fourteen members backed Guaidó in early 2019. Recognition "
                "began in January and was confirmed at the February meeting, so the article's month "
                "is imprecise but its substance holds.",
                correction_note="The first version rated this Half true on the month alone; the desk "
                "agreed the substance of the claim is accurate.",
                sources=sources,
                expected_revision=1,
            )

        # 3. Rated with disagreement, waiting for the editor.
        claim = self._claim(article, "botched coup attempt in April")
        if claim is not None and claim.status != Claim.Status.PUBLISHED:
            services.assignment_create(claim=claim, reviewer=r1, editor=editor)
            services.assignment_create(claim=claim, reviewer=r2, editor=editor)
            self._sources(claim, "botched coup attempt in April", r1)
            self._rate(
                claim,
                r1,
                "mostly-true",
                "There was a failed uprising on 30 April; “coup” is the article's framing.",
                2,
            )
            self._rate(
                claim,
                r2,
                "mostly-false",
                "Calling it a coup is contested and the stalemate "
                "is a characterisation, not a fact.",
                1,
            )

        # 4. Assigned to reviewer1, not yet rated.
        claim = self._claim(article, "invitations to 100 countries")
        if claim is not None and claim.status == Claim.Status.CANDIDATE:
            services.assignment_create(claim=claim, reviewer=r1, editor=editor)

        # 5. Dismissed: speculation, not a checkable claim.
        claim = self._claim(article, "It remains to be seen")
        if claim is not None and claim.status == Claim.Status.CANDIDATE:
            services.claim_dismiss(
                claim=claim, editor=editor, reason="Speculation, nothing to check."
            )

    @transaction.atomic
    def _spanish_workflow(self, article: Article, users: dict) -> None:
        """The Spanish seed article: a claim rated in Spanish and published with a Spanish verdict,
        so that the public pages and the ClaimReview show a review in Spanish (inLanguage "es")."""
        revisora, r1, editor = users["revisora"], users["reviewer1"], users["editor"]
        claim = self._claim(article, "25.000 pasajeros")
        if claim is None or claim.verdicts.exists():
            return
        services.assignment_create(claim=claim, reviewer=revisora, editor=editor)
        services.assignment_create(claim=claim, reviewer=r1, editor=editor)
        self._rate(
            claim,
            revisora,
            "half-true",
            "La cifra de 25.000 pasajeros es una proyección del ministerio para la primera etapa, "
            "no un conteo: el tramo acaba de abrir.",
            2,
        )
        self._rate(
            claim,
            r1,
            "half-true",
            "The ministry's own estimate; no ridership count has been published yet.",
            2,
        )
        services.verdict_publish(
            claim=claim,
            editor=editor,
            label=self._label(claim, "half-true"),
            summary="Los 25.000 pasajeros diarios son una proyección oficial, todavía sin medir.",
            explanation="El Ministerio de Transportes y Comunicaciones estima 25.000 pasajeros al día "
            "para el primer tramo de la Línea 2. Es una proyección: el tramo abrió esta semana y la "
            "Autoridad de Transporte Urbano aún no publicó conteos de pasajeros, así que la cifra no "
            "puede darse como un dato.",
        )
