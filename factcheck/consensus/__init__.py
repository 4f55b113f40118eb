"""Consensus among the desk's reviewers: proposed verdicts, agreement, reviewer reliability.

    rules     one claim: the proposal rule, the needs-discussion flag, vote weights, how to read alpha
              (plain Python: pages apply it on every request)
    compute   the whole desk at once: Krippendorff's alpha, one-coin Dawid–Skene, `compute_desk()`
              (NumPy, no Django)
    reports   the reads that pages, the API and the commands show, and what a recompute reads (Django)
    charts    the desk health page's SVG charts

The names below are re-exported here so that call sites read `consensus.claim_proposal(...)`. They are
loaded on first use (PEP 562 `__getattr__`): importing the package costs nothing, so Django's start-up
(which imports the views and services that use it) never loads NumPy, and `compute` runs without Django.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "rules": (
        "ACCURACY_FLOOR",
        "MIN_PAIRED_RATINGS",
        "MIN_SHARED",
        "RELIABLE",
        "TENTATIVE",
        "TIE_SHARE",
        "Vote",
        "claim_consensus",
        "needs_discussion",
        "propose",
        "reliability_band",
        "vote_weight",
    ),
    "compute": (
        "Alpha",
        "ClaimInfo",
        "Consensus",
        "DawidSkene",
        "compute_desk",
        "one_coin_dawid_skene",
        "ordinal_alpha",
        "reliability_data_alpha",
    ),
    "reports": (
        "NO_OUTLET",
        "SNAPSHOT_KEY",
        "AgreementFigure",
        "DeskHealth",
        "Proposal",
        "agreement_behind",
        "agreement_figure",
        "attach_proposals",
        "claim_proposal",
        "desk_figure",
        "desk_health",
        "desk_inputs",
        "desk_snapshot",
        "desk_snapshot_changed",
        "desk_stats",
    ),
    "charts": ("desk_health_charts",),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF})
