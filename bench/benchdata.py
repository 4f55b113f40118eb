"""Synthetic article text for benchmarks: deterministic in (seed, index), with exact claim offsets.

Pure Python (no Django), so worker processes can generate and score text in parallel.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from factcheck import extraction

PLACES = [
    "Lima",
    "Caracas",
    "Bogotá",
    "Quito",
    "Madrid",
    "Lisbon",
    "Warsaw",
    "Nairobi",
    "Lagos",
    "Manila",
    "Jakarta",
    "Hanoi",
    "Ottawa",
    "Toronto",
    "Denver",
    "Leeds",
    "Lyon",
    "Porto",
]
BODIES = [
    "the health ministry",
    "the central bank",
    "the electoral council",
    "the city council",
    "the statistics office",
    "the interior ministry",
    "the opposition coalition",
    "the port authority",
    "the national police",
    "the education ministry",
    "the senate",
]
PEOPLE = [
    "Maria Lopez",
    "Nestor Popolizio",
    "Amina Okafor",
    "Jan Kowalski",
    "Chen Wei",
    "Laura Smith",
    "Diego Ramirez",
    "Fatima Zahra",
    "Tomás Herrera",
    "Priya Nair",
]
THINGS = [
    "schools",
    "hospital beds",
    "new jobs",
    "voters",
    "migrants",
    "police officers",
    "homes",
    "tonnes of grain",
    "vaccines",
    "kilometres of road",
]
VERBS = ["reported", "counted", "announced", "recorded", "promised", "registered", "cut", "added"]
FACTUAL = [
    "In {year}, {body} {verb} {n:,} {thing} in {place}.",
    "{person} said that {body} {verb} {n:,} {thing} in {month} {year}.",
    "Unemployment in {place} rose to {pct}% in {year}, the highest level since {year2}.",
    "The budget of {body} grew by {pct} percent to {money} million euros last year.",
    "According to {body}, {n:,} {thing} were added between {year2} and {year}.",
    "{person}, who leads {body}, told reporters on {weekday} that {n:,} {thing} had been lost.",
    "{place} now has more {thing} than any other city in the region, {body} said.",
    "Since {year2}, the number of {thing} in {place} has fallen by {pct}%.",
]
OPINION = [
    "It remains to be seen whether the plan will work.",
    "Critics think the government may be exaggerating its success.",
    "Many residents feel that nothing has changed.",
    "Whether {person} can deliver on the promise is an open question.",
    "Some observers believe the figures could be misleading.",
]
TITLES = [
    "{place} {body_t} says {thing} up {pct}%",
    "{person} under fire over {thing} figures",
    "{place}: {n:,} {thing} promised by {year}",
    "Row over {thing} in {place} deepens",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
EPOCH = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)


def _fill(template: str, rng: random.Random) -> str:
    year = rng.randint(2005, 2025)
    return template.format(
        year=year,
        year2=year - rng.randint(2, 15),
        body=rng.choice(BODIES),
        body_t=rng.choice(BODIES).title(),
        verb=rng.choice(VERBS),
        n=rng.randint(12, 900_000),
        thing=rng.choice(THINGS),
        place=rng.choice(PLACES),
        person=rng.choice(PEOPLE),
        month=rng.choice(MONTHS),
        weekday=rng.choice(WEEKDAYS),
        pct=rng.randint(2, 60),
        money=rng.randint(5, 9000),
    )


@dataclass
class GeneratedArticle:
    index: int
    title: str
    text: str
    published: dt.date
    created_at: dt.datetime
    claims: list[tuple[int, int, float, dict]]  # start, end, score, features


def generate_article(args: tuple[int, int, int, bool]) -> GeneratedArticle:
    """One article, deterministic in (seed, index). Runs in a worker process."""
    seed, index, claims_per_article, use_extraction = args
    rng = random.Random(f"{seed}:{index}")
    n_sentences = max(3, int(rng.gauss(claims_per_article, claims_per_article / 4)))
    paragraphs: list[list[str]] = [[]]
    for _ in range(n_sentences):
        template = rng.choice(OPINION) if rng.random() < 0.2 else rng.choice(FACTUAL)
        paragraphs[-1].append(_fill(template, rng))
        if len(paragraphs[-1]) >= rng.randint(2, 4):
            paragraphs.append([])
    title = _fill(rng.choice(TITLES), rng)
    published = (EPOCH + dt.timedelta(days=rng.randint(0, 5 * 365))).date()
    created_at = dt.datetime.combine(published, dt.time(8), dt.UTC) + dt.timedelta(
        minutes=rng.randint(0, 600)
    )
    if use_extraction:
        body = "\n\n".join(" ".join(p) for p in paragraphs if p)
        extracted = extraction.extract_plain(f"{title}\n\n{body}", title=title)
        claims = [(c.start, c.end, c.score, c.features) for c in extracted.candidates]
        return GeneratedArticle(index, title, extracted.text, published, created_at, claims)
    parts: list[str] = []
    claims = []
    offset = 0
    for p_index, paragraph in enumerate(p for p in paragraphs if p):
        if p_index:
            parts.append("\n\n")
            offset += 2
        for s_index, sentence in enumerate(paragraph):
            if s_index:
                parts.append(" ")
                offset += 1
            score, features = extraction.score_sentence(sentence)
            claims.append((offset, offset + len(sentence), score, features))
            parts.append(sentence)
            offset += len(sentence)
    return GeneratedArticle(index, title, "".join(parts), published, created_at, claims)
