"""The rule scorer: how check-worthy a sentence reads, with the features that say why.

Deterministic and explainable; `factcheck.checkworthiness` combines it with the trained model.
"""

from __future__ import annotations

import functools
import re

from factcheck.extraction import languages
from factcheck.extraction.languages import DEFAULT
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


def score_sentence(sentence: str, language: str = DEFAULT) -> tuple[float, dict[str, float]]:
    """Score how check-worthy a sentence is, with the reasons.

    Returns ``(score, features)``: ``features`` maps every name in ``FEATURE_WEIGHTS`` (in that
    order) to its contribution, 0.0 when absent; ``score`` is their sum clamped to [0, 1] and
    rounded to 4 places. Deterministic and rule-based. English has its own rules (the ones the
    check-worthiness model was tuned with); every other language gets the same features from
    ``neutral_features``: figures, dates, names and question marks read the same in any language,
    and the words (number words, comparisons, hedges, reporting verbs, ...) come from its data file.
    """
    if languages.normalise_code(language) not in ("", DEFAULT):
        features = neutral_features(sentence, languages.language(language))
        return round(min(1.0, max(0.0, sum(features.values()))), 4), features
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


# --- the language-neutral scorer ------------------------------------------------------------

_YEAR = re.compile(r"(?<![0-9])(?:1[89][0-9]{2}|20[0-9]{2})(?![0-9])")
_ANY_FIGURE = re.compile(r"(?<![^\W\d_])[0-9](?:[0-9.,]*[0-9])?")
_MONEY_SIGNS = re.compile(r"[%$€£¥₹₽]|[0-9]\s?(?:bn|mn|mio|mrd|m|k)\b", re.IGNORECASE)


@functools.cache
def _neutral_patterns(code: str) -> dict[str, re.Pattern[str] | None]:
    """The language's word lists as one case-insensitive pattern per feature."""
    rules = languages.language(code)
    patterns: dict[str, re.Pattern[str] | None] = {}
    for key in (
        "number_words",
        "percent_or_money",
        "quantity",
        "relative_time",
        "comparison",
        "hedge",
        "opinion",
        "speculation",
    ):
        fragments = rules.scoring.get(key, ())
        patterns[key] = (
            re.compile(rf"(?<!\w)(?:{'|'.join(fragments)})(?!\w)", re.IGNORECASE)
            if fragments
            else None
        )
    calendar = sorted(rules.months | dict.fromkeys(rules.weekdays, 0), key=len, reverse=True)
    patterns["calendar"] = (
        re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, calendar))})(?!\w)", re.IGNORECASE)
        if calendar
        else None
    )
    attribution = sorted(rules.reporting_verbs, key=len, reverse=True) + list(rules.according_to)
    patterns["attribution"] = (
        re.compile(rf"(?<!\w)(?:{'|'.join(attribution)})(?!\w)", re.IGNORECASE)
        if attribution
        else None
    )
    return patterns


def neutral_features(sentence: str, rules: languages.Language) -> dict[str, float]:
    """The features of ``FEATURE_WEIGHTS`` from rules that hold in any language plus its word lists.

    Figures, years, percent and currency signs, capitalised names and question marks need no
    words; the rest come from the language's file (``[scoring]`` and its reporting verbs). A
    language without a file still gets the word-free features.
    """
    patterns = _neutral_patterns(rules.code)

    def found(key: str) -> bool:
        pattern = patterns.get(key)
        return pattern is not None and pattern.search(sentence) is not None

    features = dict.fromkeys(FEATURE_WEIGHTS, 0.0)
    years = len(_YEAR.findall(sentence))
    figures = len(_ANY_FIGURE.findall(sentence)) - years
    if figures > 0 or found("number_words"):
        features["number"] = FEATURE_WEIGHTS["number"]
    if _MONEY_SIGNS.search(sentence) or found("percent_or_money"):
        features["percent_or_money"] = FEATURE_WEIGHTS["percent_or_money"]
    if found("quantity"):
        features["quantity"] = FEATURE_WEIGHTS["quantity"]
    if years or found("calendar") or found("relative_time"):
        features["time_reference"] = FEATURE_WEIGHTS["time_reference"]
    names = _count_neutral_names(sentence, rules)
    if names:
        features["named_entity"] = (
            FEATURE_WEIGHTS["named_entity"] if names > 1 else _SINGLE_NAME_WEIGHT
        )
    if found("attribution"):
        features["attribution"] = FEATURE_WEIGHTS["attribution"]
    if found("comparison"):
        features["comparison"] = FEATURE_WEIGHTS["comparison"]
    hedge = patterns.get("hedge")
    if hedge is not None:
        hedges = {m.group().lower() for m in hedge.finditer(sentence)}
        if hedges:
            features["hedge"] = round(FEATURE_WEIGHTS["hedge"] * min(len(hedges), 2), 4)
    if found("opinion"):
        features["opinion"] = FEATURE_WEIGHTS["opinion"]
    if found("speculation"):
        features["speculation"] = FEATURE_WEIGHTS["speculation"]
    stripped = sentence.rstrip().rstrip(CLOSERS)
    if stripped.endswith("?") or sentence.lstrip().startswith("¿"):
        features["question"] = FEATURE_WEIGHTS["question"]
    return features


def _count_neutral_names(sentence: str, rules: languages.Language) -> int:
    """Runs of capitalised words and acronyms after the first word, months and weekdays aside.

    Where every noun is capitalised (German), a capitalised word right after a determiner is a
    noun, not a name, so only the others count.
    """
    calendar = rules.months.keys() | rules.weekdays
    runs = 0
    previous_end = -1
    previous_word = ""
    in_run = False
    body_start = LEADING_MARKUP.match(sentence)
    offset = body_start.end() if body_start else 0
    for index, match in enumerate(_WORD_TOKEN.finditer(sentence, offset)):
        word = match.group().rstrip(".'’-")
        capitalised = index > 0 and word[:1].isupper() and word.lower() not in calendar
        if capitalised and rules.capitalised_nouns and not word.isupper():
            capitalised = previous_word.lower() not in rules.determiners and not (
                previous_word[:1].islower()
                and previous_word.lower().endswith(("e", "en", "er", "es", "em"))
            )
        if capitalised:
            joined = in_run and sentence[previous_end : match.start()].strip() == ""
            if not joined:
                runs += 1
            in_run = True
        else:
            in_run = False
        previous_end = match.end()
        previous_word = word
    return runs
