"""The rule scorer: how check-worthy a sentence reads, with the features that say why.

Deterministic and explainable; `factcheck.checkworthiness` combines it with the trained model.
"""

from __future__ import annotations

import re

from factcheck.extraction.sentences import CLOSERS, LEADING_MARKUP

#: Stored with each score so that scores from different rule sets are never compared as equals;
#: bump it whenever ``FEATURE_WEIGHTS`` or what a feature detects changes.
SCORE_VERSION = "features-1"

#: Each feature's contribution when present. Positive features mark something that can be verified
#: (a figure, a date, a named actor, a comparison); negative ones mark opinion, speculation or a
#: question. Attribution alone is weak: "X said" only names who to check, not what.
FEATURE_WEIGHTS: dict[str, float] = {
    "number": 0.25,
    "percent_or_money": 0.10,
    "quantity": 0.10,
    "time_reference": 0.15,
    "named_entity": 0.15,  # two or more names; a single one gets _SINGLE_NAME_WEIGHT
    "attribution": 0.05,
    "comparison": 0.15,
    "hedge": -0.10,  # per distinct hedge word, at most two
    "opinion": -0.20,
    "speculation": -0.30,
    "question": -0.30,
}

_SINGLE_NAME_WEIGHT = 0.10

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
CALENDAR_WORDS = frozenset(w.lower() for w in f"{_MONTHS}|{_WEEKDAYS}".split("|"))
# Case-sensitive on purpose: "may" and "march" are also a verb.
_MONTH_OR_WEEKDAY = re.compile(rf"\b(?:{_MONTHS}|{_WEEKDAYS})\b")
_DAY_BEFORE_MONTH = re.compile(rf"(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b")
_MONTH_BEFORE_DAY = re.compile(rf"\b(?:{_MONTHS})\.?\s+$")
# A figure not glued to a word: "100", "4.5", "1,200", "14-member"; not "G20" or "COVID-19".
_FIGURE = re.compile(r"(?<![^\W\d_])(?<![^\W\d_]-)\d(?:[\d,.]*\d)?")
_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion|trillion|dozen)\b",
    re.IGNORECASE,
)
_PERCENT_OR_MONEY = re.compile(
    r"%|\bper ?cent\b|\bpercentage points?\b|[$€£¥₹₽]|\d\s?(?:bn|mn|m|k)\b|"
    r"\b(?:dollars?|euros?|pounds sterling|rubles?|roubles?|yuan|yen|rupees?|usd|eur|gbp)\b",
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    r"\b(?:hundreds|thousands|millions|billions|dozens|scores|tens) of\b|\bmajority\b|"
    r"\bminority\b|\bhalf\b|\ba (?:third|quarter|fifth|tenth)\b|\b(?:most|none|all) of\b|"
    r"\baverage\b|\bper capita\b|\btwice\b|\bevery\b",
    re.IGNORECASE,
)
_RELATIVE_TIME = re.compile(
    r"\b(?:yesterday|today|tomorrow|tonight|overnight|"
    r"(?:last|next|this|past|previous|coming|same) (?:week|month|year|decade|century|weekend|"
    r"spring|summer|autumn|fall|winter|quarter|morning|evening|night)|"
    r"\d+ (?:days?|weeks?|months?|years?|decades?) (?:ago|earlier|later)|"
    r"(?:annual|annually|quarterly|decades?|centuries))\b",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|tells|according to|stated|announced|reported|claimed|claims|"
    r"confirmed|denied|insisted|noted|added|wrote|tweeted|explained|argued|warned|estimated|"
    r"revealed|admitted|acknowledged|testified)\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|older|younger|faster|"
    r"slower|cheaper|better|worse) than\b|"
    r"\b(?:at least|at most|as (?:many|much|few|little) as|compared (?:with|to)|relative to|"
    r"the (?:most|least)|largest|biggest|highest|lowest|smallest|fastest|slowest|oldest|"
    r"youngest|richest|poorest|deadliest|best|worst|first|record|doubled|tripled|halved|"
    r"increased|decreased|rose|risen|fell|fallen|grew|grown|declined|dropped|surged|soared|"
    r"plunged|jumped)\b",
    re.IGNORECASE,
)
# Matched against the sentence with its first letter lowered, so a capitalised "May" inside a
# sentence stays a month.
_HEDGE = re.compile(
    r"\b(?:may|might|could|perhaps|possibly|probably|likely|unlikely|whether|seems?|seemed|"
    r"appears? to|apparently|presumably|supposedly|potentially|suggests?)\b"
)
_OPINION = re.compile(
    r"\b(?:i|we) (?:think|believe|feel|guess|suppose|hope|doubt|reckon)\b|"
    r"\bin (?:my|our) (?:opinion|view)\b|\b(?:personally|arguably|frankly|honestly)\b|"
    r"\b(?:should|ought to|must)\b",
    re.IGNORECASE,
)
_SPECULATION = re.compile(
    r"\bremains? to be seen\b|\btime will tell\b|\bit(?: is|'s|’s) (?:unclear|not clear|"
    r"uncertain|too early to)\b|\bremains? (?:unclear|uncertain)\b|\bwho knows\b|"
    r"\bit is (?:hard|difficult|impossible) to (?:say|predict|know|tell)\b",
    re.IGNORECASE,
)
_WORD_TOKEN = re.compile(r"[^\W\d_][\w'’.&-]*")


def score_sentence(sentence: str) -> tuple[float, dict[str, float]]:
    """Score how check-worthy a sentence is, with the reasons.

    Returns ``(score, features)``: ``features`` maps every name in ``FEATURE_WEIGHTS`` (in that
    order) to its contribution, 0.0 when absent; ``score`` is their sum clamped to [0, 1] and
    rounded to 4 places. Deterministic, rule-based and language-specific (English).
    """
    features = dict.fromkeys(FEATURE_WEIGHTS, 0.0)
    years, figures = _figures(sentence)
    if figures or _NUMBER_WORDS.search(sentence):
        features["number"] = FEATURE_WEIGHTS["number"]
    if _PERCENT_OR_MONEY.search(sentence):
        features["percent_or_money"] = FEATURE_WEIGHTS["percent_or_money"]
    if _QUANTITY.search(sentence):
        features["quantity"] = FEATURE_WEIGHTS["quantity"]
    if years or _MONTH_OR_WEEKDAY.search(sentence) or _RELATIVE_TIME.search(sentence):
        features["time_reference"] = FEATURE_WEIGHTS["time_reference"]
    names = _count_names(sentence)
    if names:
        features["named_entity"] = (
            FEATURE_WEIGHTS["named_entity"] if names > 1 else _SINGLE_NAME_WEIGHT
        )
    if _ATTRIBUTION.search(sentence):
        features["attribution"] = FEATURE_WEIGHTS["attribution"]
    if _COMPARISON.search(sentence):
        features["comparison"] = FEATURE_WEIGHTS["comparison"]
    probe = sentence[:1].lower() + sentence[1:]
    hedges = {m.group().lower() for m in _HEDGE.finditer(probe)}
    if hedges:
        features["hedge"] = round(FEATURE_WEIGHTS["hedge"] * min(len(hedges), 2), 4)
    if _OPINION.search(sentence):
        features["opinion"] = FEATURE_WEIGHTS["opinion"]
    if _SPECULATION.search(sentence):
        features["speculation"] = FEATURE_WEIGHTS["speculation"]
    if sentence.rstrip().rstrip(CLOSERS).endswith("?"):
        features["question"] = FEATURE_WEIGHTS["question"]
    score = round(min(1.0, max(0.0, sum(features.values()))), 4)
    return score, features


def _figures(sentence: str) -> tuple[int, int]:
    """Count (years and days of a date, other figures) among the digits of a sentence."""
    calendar = other = 0
    for match in _FIGURE.finditer(sentence):
        digits = match.group()
        after = sentence[match.end() : match.end() + 16]
        before = sentence[max(0, match.start() - 12) : match.start()]
        is_year = (
            len(digits) == 4
            and digits.isdigit()
            and 1800 <= int(digits) <= 2099
            and not after.startswith(("%", " %"))
            and not before.endswith(tuple("$€£¥₹₽"))
        )
        is_day = (
            len(digits) <= 2
            and digits.isdigit()
            and 1 <= int(digits) <= 31
            and (_DAY_BEFORE_MONTH.match(after) is not None or _MONTH_BEFORE_DAY.search(before))
        )
        if is_year or is_day:
            calendar += 1
        else:
            other += 1
    return calendar, other


def _count_names(sentence: str) -> int:
    """Count runs of capitalised words and acronyms, leaving out the sentence's first word.

    "Peru's foreign minister, Nestor Popolizio, told" has one name (the first word is skipped:
    at the start of a sentence capitals prove nothing); months and weekdays are time references.
    """
    runs = 0
    previous_end = -1
    in_run = False
    body_start = LEADING_MARKUP.match(sentence)
    offset = body_start.end() if body_start else 0
    for index, match in enumerate(_WORD_TOKEN.finditer(sentence, offset)):
        word = match.group().rstrip(".'’-")
        capitalised = (
            index > 0 and word[:1].isupper() and word != "I" and word.lower() not in CALENDAR_WORDS
        )
        if capitalised:
            joined = in_run and sentence[previous_end : match.start()].strip() == ""
            if not joined:
                runs += 1
            in_run = True
        else:
            in_run = False
        previous_end = match.end()
    return runs
