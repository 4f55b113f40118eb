"""Server-side charts for the desk health page: plain geometry that templates/factcheck/desk_health.html
draws as inline SVG (presentation attributes only, so the nonce-based CSP needs no exception).

Colours are the Okabe–Ito palette, safe for the common forms of colour blindness. Every chart carries
its data as a table too, for screen readers and for anyone who would rather read numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import median
from typing import TYPE_CHECKING

from django.utils.translation import gettext, ngettext

from factcheck.consensus.rules import MIN_SHARED, RELIABLE, TENTATIVE, reliability_band
from factcheck.models import name_in

if TYPE_CHECKING:
    from factcheck.consensus.reports import DeskHealth

# Okabe & Ito (2008), "Color Universal Design".
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
BLACK = "#000000"
GREY = "#999999"
# Fills dark enough for white text on top; the others take black text.
_DARK = {BLUE, VERMILLION, GREEN, BLACK}

# Worst to best, for ordinal scales of each size.
_ORDINAL = {
    2: [VERMILLION, BLUE],
    3: [VERMILLION, YELLOW, BLUE],
    4: [VERMILLION, ORANGE, SKY_BLUE, BLUE],
    5: [VERMILLION, ORANGE, YELLOW, SKY_BLUE, BLUE],
    6: [PURPLE, VERMILLION, ORANGE, YELLOW, SKY_BLUE, BLUE],
}


def label_colour(value: int | None, n_values: int) -> str:
    """The colour of a label by its place on its scale (grey for labels outside the scale)."""
    if value is None or n_values < 2:
        return GREY
    palette = _ORDINAL.get(n_values) or _ORDINAL[6]
    index = round((value - 1) * (len(palette) - 1) / (n_values - 1))
    return palette[max(0, min(index, len(palette) - 1))]


def text_colour(fill: str) -> str:
    return "#ffffff" if fill in _DARK else "#000000"


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str = ""
    opacity: float = 1.0


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"
    css: str = "label"
    fill: str = "#1a1a1a"
    rotate: int = 0


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str = "grid"


@dataclass
class Point:
    x: float
    y: float
    title: str = ""


@dataclass
class Chart:
    """One SVG chart and the table behind it."""

    key: str
    title: str
    description: str
    width: int
    height: int
    headers: list[str]
    rows: list[list]
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def empty(self) -> bool:
        return not self.rows


WIDTH = 560
ROW = 28
LEFT = 140
RIGHT = 50
TOP = 16


def _axis(value: float, n: int = 5) -> tuple[float, list[float]]:
    """A round top for an axis from 0 to `value`, and its ticks (at most n + 1, on round steps)."""
    if value <= 0:
        return 1, [0, 1]
    for step in (
        0.1,
        0.2,
        0.25,
        0.5,
        1,
        2,
        5,
        10,
        20,
        25,
        50,
        100,
        200,
        250,
        500,
        1000,
        2000,
        2500,
    ):
        if value / step <= n:
            break
    else:
        step = 10 ** len(str(int(value / n)))
    if float(value).is_integer() and step < 1:
        step = 1
    top = step * -(-value // step)
    ticks = [round(step * i, 6) for i in range(round(top / step) + 1)]
    return top, ticks


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def horizontal_bars(
    key: str,
    title: str,
    description: str,
    bars: list[tuple[str, float, str]],
    *,
    axis: str,
    headers: list[str],
    rows: list[list],
    colour: str = BLUE,
) -> Chart:
    """One bar per (name, value, note): the name on the left, the value and note at the bar's end."""
    height = TOP + ROW * len(bars) + 44
    chart = Chart(key, title, description, WIDTH, height, headers, rows)
    longest = max((len(f"{_fmt(v)} · {note}") for _, v, note in bars), default=0)
    span = WIDTH - LEFT - max(RIGHT, 12 + 7 * longest)
    top, ticks = _axis(max((v for _, v, _ in bars), default=0))
    bottom = TOP + ROW * len(bars)
    for tick in ticks:
        x = LEFT + span * tick / top
        chart.lines.append(Line(x, TOP - 4, x, bottom, "grid"))
        chart.texts.append(Text(x, bottom + 16, _fmt(tick), "middle", "tick"))
    chart.texts.append(Text(LEFT + span / 2, bottom + 36, axis, "middle", "axis"))
    for i, (name, value, note) in enumerate(bars):
        y = TOP + ROW * i
        w = span * value / top
        chart.rects.append(Rect(LEFT, y + 4, w, ROW - 8, colour, f"{name}: {_fmt(value)} {note}"))
        chart.texts.append(Text(LEFT - 8, y + ROW / 2 + 4, _short(name, 20), "end", "label"))
        chart.texts.append(
            Text(LEFT + w + 6, y + ROW / 2 + 4, f"{_fmt(value)}{' · ' + note if note else ''}")
        )
    chart.lines.append(Line(LEFT, TOP - 4, LEFT, bottom, "axis-line"))
    return chart


def stacked_bars(
    key: str,
    title: str,
    description: str,
    groups: list[tuple[str, list[tuple[str, int, str]]]],
    *,
    axis: str,
    headers: list[str],
    rows: list[list],
) -> Chart:
    """One bar per group, split into (segment name, count, colour) segments, with a legend."""
    legend: dict[str, str] = {}
    for _, segments in groups:
        for name, _, colour in segments:
            legend.setdefault(name, colour)
    legend_rows = -(-len(legend) // 3)
    top_pad = TOP + 22 * legend_rows + 6
    height = top_pad + ROW * len(groups) + 44
    chart = Chart(key, title, description, WIDTH, height, headers, rows)
    chart.legend = list(legend.items())
    for n, (name, colour) in enumerate(chart.legend):
        x = LEFT + (n % 3) * 125
        y = TOP + 22 * (n // 3)
        chart.rects.append(Rect(x, y, 14, 14, colour, name))
        chart.texts.append(Text(x + 19, y + 12, _short(name, 16), css="legend"))
    top, ticks = _axis(max((sum(c for _, c, _ in s) for _, s in groups), default=0))
    span = WIDTH - LEFT - RIGHT
    bottom = top_pad + ROW * len(groups)
    for tick in ticks:
        x = LEFT + span * tick / top
        chart.lines.append(Line(x, top_pad - 4, x, bottom, "grid"))
        chart.texts.append(Text(x, bottom + 16, _fmt(tick), "middle", "tick"))
    chart.texts.append(Text(LEFT + span / 2, bottom + 36, axis, "middle", "axis"))
    for i, (group, segments) in enumerate(groups):
        y = top_pad + ROW * i
        x = LEFT
        for name, count, colour in segments:
            w = span * count / top
            chart.rects.append(Rect(x, y + 4, w, ROW - 8, colour, f"{group}: {name} {count}"))
            if w >= 18:
                chart.texts.append(
                    Text(
                        x + w / 2,
                        y + ROW / 2 + 4,
                        str(count),
                        "middle",
                        "inbar",
                        text_colour(colour),
                    )
                )
            x += w
        chart.texts.append(Text(LEFT - 8, y + ROW / 2 + 4, _short(group, 20), "end", "label"))
        total = sum(c for _, c, _ in segments)
        chart.texts.append(Text(x + 6, y + ROW / 2 + 4, str(total), css="value"))
    chart.lines.append(Line(LEFT, top_pad - 4, LEFT, bottom, "axis-line"))
    return chart


def alpha_over_time(
    key: str,
    title: str,
    description: str,
    months: list[tuple[str, float | None, int, int]],
    *,
    reliable: float,
    tentative: float,
    headers: list[str],
    rows: list[list],
) -> Chart:
    """Alpha per month as a line over the three bands (reliable, tentative, review the guidelines).

    `months` are (month, alpha, claims, paired ratings). A month with too few paired ratings
    (rules.MIN_PAIRED_RATINGS) gets no point, only "too few ratings" over its month. The axis goes
    down to the lowest alpha shown (a multiple of 0.2, at least 0), so every point sits above the
    month labels."""
    height = 260
    left, right, top_y, bottom = 48, 128, 14, height - 48
    chart = Chart(key, title, description, WIDTH, height, headers, rows)
    shown = [
        (month, a, n) if reliability_band(a, ratings) != "none" else (month, None, n)
        for month, a, n, ratings in months
    ]
    known = [a for _, a, _ in shown if a is not None]
    # Down to a multiple of 0.2: -0.3 draws on an axis from -0.4. (Alpha is at least -1 in practice;
    # the floor keeps any lower value on the axis too.)
    low = min(0.0, math.floor(min(known, default=0.0) * 5 + 1e-9) / 5)

    def y_of(a: float) -> float:
        return bottom - (bottom - top_y) * (a - low) / (1 - low)

    span = WIDTH - left - right
    reliable_word, tentative_word = gettext("reliable"), gettext("tentative")
    bands = [
        (1.0, reliable, GREEN, 0.16, f"{reliable_word} ≥ {reliable:.2f}"),
        (reliable, tentative, YELLOW, 0.35, f"{tentative_word} ≥ {tentative:.3f}"),
        (tentative, low, VERMILLION, 0.10, gettext("review the guidelines")),
    ]
    for high, lo, colour, opacity, name in bands:
        chart.rects.append(
            Rect(left, y_of(high), span, y_of(lo) - y_of(high), colour, name, opacity)
        )
        chart.texts.append(Text(left + span + 6, (y_of(high) + y_of(lo)) / 2 + 4, name, css="band"))
    for i in range(round((1 - low) * 5) + 1):
        tick = round(low + 0.2 * i, 6)
        chart.lines.append(Line(left, y_of(tick), left + span, y_of(tick), "grid"))
        chart.texts.append(Text(left - 6, y_of(tick) + 4, f"{tick:.1f}", "end", "tick"))
    chart.texts.append(Text(14, (top_y + bottom) / 2, "α", "middle", "axis"))
    chart.texts.append(
        Text(
            left + span / 2,
            height - 8,
            gettext("Month of the claim's first rating"),
            "middle",
            "axis",
        )
    )
    step = span / max(len(shown), 1)
    every = max(1, -(-len(shown) // 6))
    for i, (month, a, n) in enumerate(shown):
        x = left + step * (i + 0.5)
        if i % every == 0:
            chart.texts.append(Text(x, bottom + 16, month, "middle", "tick"))
        if a is not None:
            chart.points.append(Point(x, y_of(a), f"{month}: α = {a:.3f} over {n} claims"))
            if len(shown) <= 12:
                chart.texts.append(Text(x, y_of(a) - 9, f"{a:.2f}", "middle", "value"))
        elif len(shown) <= 12:
            # Upright, from just above the axis: fits a month's column however many months.
            chart.texts.append(
                Text(x + 4, bottom - 6, gettext("too few ratings"), "start", "few", rotate=-90)
            )
    chart.lines.append(Line(left, top_y, left, bottom, "axis-line"))
    chart.lines.append(Line(left, bottom, left + span, bottom, "axis-line"))
    return chart


def heatmap(
    key: str,
    title: str,
    description: str,
    names: list[str],
    cells: dict[tuple[int, int], tuple[float | None, int]],
    *,
    reliable: float,
    tentative: float,
    headers: list[str],
    rows: list[list],
) -> Chart:
    """A reviewers x reviewers grid of pairwise alpha, coloured by band."""
    size = min(34, max(18, 420 // max(len(names), 1)))
    left, top = 120, 110
    width = max(WIDTH, left + size * len(names) + 20)
    height = top + size * len(names) + 60
    chart = Chart(key, title, description, width, height, headers, rows)
    reliable_word, tentative_word = gettext("reliable"), gettext("tentative")
    chart.legend = [
        (GREEN, f"{reliable_word} ≥ {reliable:.2f}"),
        (YELLOW, f"{tentative_word} ≥ {tentative:.3f}"),
        (VERMILLION, "review"),
        ("#e6e6e6", "too few shared ratings"),
    ]
    for n, (colour, name) in enumerate(chart.legend):
        x = 20 + (n % 2) * 170
        y = height - 44 + 20 * (n // 2)
        chart.rects.append(Rect(x, y, 14, 14, colour, name))
        chart.texts.append(Text(x + 19, y + 12, name, css="legend"))
    for i, name in enumerate(names):
        chart.texts.append(Text(left - 6, top + size * i + size / 2 + 4, _short(name, 14), "end"))
        chart.texts.append(
            Text(
                left + size * i + size / 2 + 4,
                top - 6,
                _short(name, 14),
                "start",
                "label",
                rotate=-45,
            )
        )
        for j in range(len(names)):
            alpha, n, ratings = cells.get((i, j), (None, 0, 0))
            if i == j:
                colour, label = "#ffffff", ""
            elif reliability_band(alpha, ratings) == "none":
                colour, label = "#e6e6e6", ""
            else:
                colour = (
                    GREEN if alpha >= reliable else YELLOW if alpha >= tentative else VERMILLION
                )
                label = f"{alpha:.2f}"
            chart.rects.append(
                Rect(
                    left + size * j,
                    top + size * i,
                    size - 1,
                    size - 1,
                    colour,
                    f"{names[i]} × {names[j]}: "
                    + (f"α {label} over {n} claims" if label else "too few ratings"),
                )
            )
            if label and size >= 30:
                chart.texts.append(
                    Text(
                        left + size * j + size / 2,
                        top + size * i + size / 2 + 4,
                        label,
                        "middle",
                        "incell",
                        text_colour(colour),
                    )
                )
    return chart


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# --- The desk health page -------------------------------------------------------------------------


def _alpha_text(alpha: float | None, ratings: int | None = None) -> str:
    """Alpha to three places; "too few ratings" under MIN_PAIRED_RATINGS paired ratings."""
    if ratings is not None and reliability_band(alpha, ratings) == "none":
        return "too few ratings"
    return "—" if alpha is None else f"{alpha:.3f}"


_BAND_WORDS = {
    "reliable": "reliable",
    "tentative": "tentative",
    "review": "review the guidelines",
    "none": "—",
}


def desk_health_charts(health: DeskHealth) -> list[Chart]:
    """The page's charts from `reports.desk_health()`, in reading order."""
    charts = []

    # Verdict distribution per outlet.
    by_outlet: dict[str, list[tuple[str, int, str]]] = {}
    table = []
    for row in health.verdicts:
        outlet = row["claim__article__outlet__name"] or gettext("No outlet")
        colour = label_colour(
            row["label__value"], health.scale_sizes.get(row["label__scale_id"], 0)
        )
        label = name_in(row["label__name"], row.get("label__names") or {}, None)
        by_outlet.setdefault(outlet, []).append((label, row["n"], colour))
        table.append([outlet, label, row["n"]])
    charts.append(
        stacked_bars(
            "verdicts",
            gettext("Published verdicts per outlet"),
            gettext("Current published verdicts of each outlet's claims, split by label."),
            list(by_outlet.items()),
            axis=gettext("Published verdicts"),
            headers=[gettext("Outlet"), gettext("Label"), gettext("Verdicts")],
            rows=table,
        )
    )

    # Agreement over time.
    snapshot = health.snapshot
    months = []
    if snapshot:
        for month, fig in snapshot.figures.get("by_month", {}).items():
            months.append((month, fig["alpha"], fig["claims"], fig["ratings"]))
    charts.append(
        alpha_over_time(
            "agreement",
            gettext("Agreement over time"),
            gettext(
                "Krippendorff's alpha (ordinal) of the claims first rated each month; off-scale "
                "labels such as Unverifiable are left out."
            ),
            months,
            reliable=RELIABLE,
            tentative=TENTATIVE,
            headers=[gettext("Month"), "α", gettext("Band"), gettext("Claims"), gettext("Ratings")],
            rows=[
                [m, _alpha_text(a, r), _BAND_WORDS[reliability_band(a, r)], n, r]
                for m, a, n, r in months
            ],
        )
    )

    # Ratings per reviewer, with reliability.
    bars, table = [], []
    for r in health.reviewers:
        rel = r["reliability"]
        if rel is not None and rel.accuracy is not None and rel.qualified:
            note = gettext("reliability %(value).2f") % {"value": rel.accuracy}
        elif rel is not None:
            note = gettext("%(shared)d/%(needed)d shared") % {
                "shared": rel.n_shared,
                "needed": MIN_SHARED,
            }
        else:
            note = gettext("not computed yet")
        bars.append((r["username"], r["ratings"], note))
        table.append(
            [
                r["username"],
                r["ratings"],
                rel.n_shared if rel else "—",
                _alpha_text(rel.accuracy) if rel else "—",
                gettext("yes") if rel and rel.qualified else gettext("no"),
            ]
        )
    charts.append(
        horizontal_bars(
            "reviewers",
            gettext("Ratings per reviewer"),
            gettext(
                "Ratings each reviewer has submitted, with their reliability (one-coin Dawid–Skene "
                "accuracy) once they have %(n)d ratings of claims others also rated."
            )
            % {"n": MIN_SHARED},
            bars,
            axis=gettext("Ratings"),
            headers=[
                gettext("Reviewer"),
                gettext("Ratings"),
                gettext("Shared with others"),
                gettext("Reliability"),
                gettext("Weighted"),
            ],
            rows=table,
            colour=BLUE,
        )
    )

    # Median time from article to published verdict.
    per_month: dict[str, list[float]] = {}
    for month, days in health.days_to_verdict:
        per_month.setdefault(month, []).append(days)
    bars = [
        (m, median(v), ngettext("%(n)d verdict", "%(n)d verdicts", len(v)) % {"n": len(v)})
        for m, v in sorted(per_month.items())
    ]
    charts.append(
        horizontal_bars(
            "time",
            gettext("Median days from article to published verdict"),
            gettext(
                "For each month of publication, the median time from the article's arrival on the "
                "desk to the first published verdict on one of its claims."
            ),
            [(m, round(d, 1), note) for m, d, note in bars],
            axis=gettext("Days (median)"),
            headers=[gettext("Month published"), gettext("Median days"), gettext("Verdicts")],
            rows=[[m, f"{d:.2f}", len(per_month[m])] for m, d, _ in bars],
            colour=GREEN,
        )
    )

    # Open work.
    charts.append(
        horizontal_bars(
            "open",
            gettext("Open work"),
            gettext("Live claims that have no published verdict, by where they stand."),
            [(name, n, "") for name, n in health.open_work],
            axis=gettext("Claims"),
            headers=[gettext("State"), gettext("Claims")],
            rows=[[name, n] for name, n in health.open_work],
            colour=ORANGE,
        )
    )

    # Agreement between each pair of reviewers.
    pairs = snapshot.figures.get("by_pair", []) if snapshot else []
    ids = sorted(
        {x for p in pairs for x in p["reviewers"]}, key=lambda x: health.usernames.get(x, "")
    )
    names = [health.usernames.get(x, gettext("reviewer %(id)s") % {"id": x}) for x in ids]
    position = {x: i for i, x in enumerate(ids)}
    cells = {}
    table = []
    for p in pairs:
        a, b = (position[x] for x in p["reviewers"])
        ratings = p.get("ratings", 0)
        cells[a, b] = cells[b, a] = (p["alpha"], p["claims"], ratings)
        table.append([names[a], names[b], _alpha_text(p["alpha"], ratings), p["claims"]])
    charts.append(
        heatmap(
            "pairs",
            gettext("Agreement between reviewers"),
            gettext(
                "Krippendorff's alpha (ordinal) over the claims each pair of reviewers both rated."
            ),
            names,
            cells,
            reliable=RELIABLE,
            tentative=TENTATIVE,
            headers=[gettext("Reviewer"), gettext("Reviewer"), "α", gettext("Shared claims")],
            rows=table,
        )
    )
    return charts
