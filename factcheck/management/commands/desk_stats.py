"""Print the desk's consensus figures: agreement, reviewer reliability, each claim's proposals.

Recomputes the whole desk first (the same computation as the background task, stored the same way), so
the figures are current and are the ones the desk health page and the API show.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from factcheck import consensus, tasks


class Command(BaseCommand):
    help = (
        "Recompute and print the desk's agreement (Krippendorff's alpha), reviewer reliability and "
        "the proposed verdict of every rated claim. --json for scripts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print one JSON object."
        )

    def handle(self, *args, as_json: bool = False, **options):
        snapshot = tasks.recompute_desk()
        stats = consensus.desk_stats()
        if as_json:
            self.stdout.write(_dumps(stats))
            return
        alpha = stats["alpha"]
        self.stdout.write(
            f"Krippendorff's alpha (ordinal): {_fmt(alpha)} — {_band(stats['alpha_band'])}; "
            f"{stats['alpha_claims']} claims, {stats['alpha_ratings']} ratings "
            f"(computed in {snapshot.duration_ms} ms)"
        )
        for month, figure in stats["by_month"].items():
            self.stdout.write(f"  {month}: {_fmt(figure['alpha'])} ({figure['claims']} claims)")
        self.stdout.write("Reviewers (ratings, shared, reliability):")
        for name, r in stats["reviewers"].items():
            note = "" if r["qualified"] else f"  (not weighted until {consensus.MIN_SHARED} shared)"
            self.stdout.write(
                f"  {name}: {r['ratings']}, {r['shared']}, {_fmt(r['reliability'])}{note}"
            )
        flagged = sum(1 for c in stats["claims"].values() if c["needs_discussion"])
        self.stdout.write(f"Claims: {len(stats['claims'])} rated, {flagged} need discussion.")


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.3f}"


def _band(band: str) -> str:
    return {
        "reliable": "reliable (≥ 0.800)",
        "tentative": "tentative (0.667–0.800)",
        "review": "below 0.667: review the rating guidelines",
        "none": f"too few ratings to tell (under {consensus.MIN_PAIRED_RATINGS} paired)",
    }[band]
