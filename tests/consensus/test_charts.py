"""The agreement charts: the axis covers every alpha shown, and too few ratings show no alpha."""

import pytest

from factcheck.consensus import charts
from factcheck.consensus.rules import RELIABLE, TENTATIVE, reliability_band


def _chart(months):
    return charts.alpha_over_time(
        "agreement",
        "Agreement over time",
        "",
        months,
        reliable=RELIABLE,
        tentative=TENTATIVE,
        headers=[],
        rows=[],
    )


def _axis_bottom(chart) -> float:
    # The horizontal axis line: the month labels sit under it.
    return max(line.y1 for line in chart.lines if line.css == "axis-line")


@pytest.mark.parametrize("alpha", [-0.3, -0.05, -0.2, -0.61, -1.0, 0.1])
def test_every_point_sits_on_the_axis_above_the_month_labels(alpha):
    chart = _chart([("2026-09", 0.9, 12, 30), ("2026-10", alpha, 8, 20)])
    bottom = _axis_bottom(chart)
    top = min(line.y1 for line in chart.lines if line.css == "axis-line")
    assert all(top <= p.y <= bottom for p in chart.points)
    ticks = [float(t.text) for t in chart.texts if t.css == "tick" and t.anchor == "end"]
    assert min(ticks) <= alpha and max(ticks) == 1.0
    assert min(ticks) > alpha - 0.2  # no wasted room below the lowest value
    labels = [t for t in chart.texts if t.css == "tick" and t.text.startswith("2026-")]
    assert all(label.y > bottom for label in labels)


def test_the_axis_starts_at_zero_when_every_alpha_is_positive():
    chart = _chart([("2026-09", 0.7, 12, 30)])
    ticks = [float(t.text) for t in chart.texts if t.css == "tick" and t.anchor == "end"]
    assert min(ticks) == 0.0


def test_a_month_with_too_few_ratings_says_so_instead_of_a_point():
    chart = _chart([("2026-09", 0.9, 12, 30), ("2026-10", -0.5, 2, 4)])
    assert len(chart.points) == 1
    assert [t.text for t in chart.texts if t.css == "few"] == ["too few ratings"]
    # Its alpha does not stretch the axis either.
    ticks = [float(t.text) for t in chart.texts if t.css == "tick" and t.anchor == "end"]
    assert min(ticks) == 0.0


@pytest.mark.parametrize(
    ("alpha", "ratings", "band"),
    [(0.9, 9, "none"), (0.9, 10, "reliable"), (-0.4, 40, "review"), (None, 50, "none")],
)
def test_under_ten_paired_ratings_the_band_is_too_few(alpha, ratings, band):
    assert reliability_band(alpha, ratings) == band


def test_the_chart_speaks_the_readers_language():
    from django.utils import translation

    months = [("2026-09", 0.9, 12, 30), ("2026-10", 0.5, 2, 3)]
    with translation.override("es"):
        texts = " | ".join(t.text for t in _chart(months).texts)
    assert "fiable ≥" in texts and "provisional ≥" in texts
    assert "revisar las pautas" in texts and "muy pocas calificaciones" in texts
    assert "reliable" not in texts and "too few ratings" not in texts
