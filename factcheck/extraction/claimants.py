"""Who made each claim: the person or organisation the article says said it, else the article itself.

Rules, in the order an article is read (each language's words come from ``languages/*.toml``):

* reported speech with the speaker before the verb ("Popolizio said", "the ministry warned",
  "Mayor Jane Ortiz told reporters that", "« ... », Dupont a déclaré") or after it ("..., said
  Smith", "..., dijo el ministro Pérez", "..., sagte er");
* "according to X" and its equivalents ("según", "selon", "segundo", "laut");
* a pronoun speaker ("he added", "a-t-il ajouté", "disse ele") or a reporting verb with no subject
  after a quote ("..., agregó.") carries the last named speaker;
* sentences inside a quotation that spans several sentences take the speaker named where it
  closes, and a quoted sentence right after an attributed one in the same paragraph continues it;
* a surname ("Popolizio") or a bare title ("the mayor") resolves to the full name given earlier in
  the article ("Nestor Popolizio"), and titles are dropped ("Mayor", "Dr.", "Councillor").

Anything else is asserted by the article itself: its claimant is ``""``, which the caller turns
into the outlet. No Django, no model: plain rules that an editor can predict and correct.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from factcheck.extraction import languages
from factcheck.extraction.languages import DEFAULT, Language

__all__ = ["attribute", "claimant_for_span", "claimant_kind"]

# French and Italian elisions ("l'Insee", "d'Aquitaine") are tokens of their own.
_TOKEN = re.compile(
    r"(?:[lLdDjJnNsScCmMtT]|[qQ]u)['’](?=[^\W\d_])"
    r"|[^\W\d_](?:[\w'’.\-]*[\w])?\.?|[0-9][\w.,]*|[“”\"«»„‘’]|[,;:()]|[—–]|\S"
)
_OPENING_QUOTES = "“«„"
_CLOSING_QUOTES = "”»"
_QUOTES = '"“”«»„'
# Lower-case words that may sit inside a name ("Juan de la Cruz", "Ursula von der Leyen").
_NAME_PARTICLES = frozenset(
    [
        "de",
        "del",
        "la",
        "las",
        "los",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "du",
        "van",
        "von",
        "der",
        "den",
        "le",
        "y",
        "e",
        "bin",
        "al",
        "el",
    ]
)
# Words that stand between a verb and the speaker after it ("said the minister", "dijo el").
_ARTICLES = frozenset(
    [
        "the",
        "a",
        "an",
        "el",
        "la",
        "los",
        "las",
        "lo",
        "un",
        "una",
        "le",
        "les",
        "l'",
        "l’",
        # possessives stand where an article would: "dijo su presidente"
        "his",
        "her",
        "its",
        "their",
        "su",
        "sus",
        "son",
        "sa",
        "ses",
        "seu",
        "sua",
        "sein",
        "seine",
        "ihr",
        "ihre",
        "d'",
        "d’",
        "un",
        "une",
        "o",
        "a",
        "os",
        "as",
        "um",
        "uma",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "ein",
        "eine",
    ]
)
# Sentence-opening conjunctions, never part of a name or a source ("But economists said").
_CONJUNCTIONS = frozenset(
    ["but", "and", "or", "yet", "so", "pero", "y", "mais", "et", "mas", "e", "aber", "und", "doch"]
)
# Words between a reporting verb and its subject that say when ("informou nesta quarta-feira o
# Instituto", "a annoncé mardi la métropole").
_WHEN_WORDS = frozenset(
    [
        "on",
        "this",
        "nesta",
        "neste",
        "esta",
        "este",
        "ce",
        "cette",
        "hier",
        "ontem",
        "ayer",
        "hoy",
        "heute",
        "gestern",
        "am",
    ]
)
# French inverted pronouns: "a-t-il déclaré", "ajoute-t-elle", "déclare-t-il".
_INVERTED_PRONOUN = re.compile(r"-(?:t-)?(il|elle|ils|elles)$", re.I)
_MAX_NAME_TOKENS = 5


@dataclass
class _Token:
    text: str
    start: int

    @property
    def low(self) -> str:
        return self.text.lower().rstrip(".")

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass
class _State:
    """What the article has said so far: the names it gave, and who spoke last."""

    rules: Language
    lexicon: frozenset[str]
    full_names: list[str] = field(default_factory=list)
    by_title: dict[str, str] = field(default_factory=dict)
    organisations: list[str] = field(default_factory=list)
    last_speaker: str = ""
    last_organisation: str = ""


def attribute(text: str, spans: Sequence[tuple[int, int]], language: str = DEFAULT) -> list[str]:
    """For each sentence ``text[start:end]`` (in text order), who the article says made it.

    ``""`` means the article asserts it itself (the caller's outlet). The spans are the article's
    sentences; every sentence before one is read, so names given earlier resolve surnames later.
    """
    rules = languages.language(language)
    # Words the article also writes in lower case are common words, not names, when they open
    # a sentence ("With Caracas ..." is not a person called "With Caracas").
    lexicon = frozenset(w for w in re.findall(r"[^\W\d_]+", text) if w.islower())
    state = _State(rules=rules, lexicon=lexicon)
    direct: list[str | None] = []
    paragraph_of: list[int] = []
    paragraph = 0
    previous_end = 0
    for start, end in spans:
        if "\n\n" in text[previous_end:start]:
            paragraph += 1
        previous_end = end
        paragraph_of.append(paragraph)
        sentence = text[start:end]
        tokens = [_Token(m.group(), m.start()) for m in _TOKEN.finditer(sentence)]
        _remember_names(tokens, state)
        direct.append(_speaker(sentence, tokens, state))
    return _carry_quotes(text, spans, direct, paragraph_of)


def _carry_quotes(
    text: str,
    spans: Sequence[tuple[int, int]],
    direct: list[str | None],
    paragraph_of: list[int],
) -> list[str]:
    """Sentences of one quotation share its speaker; a quoted sentence continues the last one."""
    result = [d or "" for d in direct]
    group: list[int] = []
    depth = 0
    for index, (start, end) in enumerate(spans):
        sentence = text[start:end]
        if group and paragraph_of[index] != paragraph_of[group[0]]:
            group, depth = [], 0
        if depth > 0 or _opens_quote(sentence):
            group.append(index)
        depth = max(0, depth + _quote_balance(sentence))
        if group and depth == 0:
            speakers = [direct[i] for i in group if direct[i]]
            if speakers and len(group) > 1:
                for i in group:
                    if not direct[i]:
                        result[i] = speakers[-1]
            group = []
    # "Smith said the plan would work. “The numbers are clear.”"
    for index in range(1, len(spans)):
        start, end = spans[index]
        if (
            not result[index]
            and paragraph_of[index] == paragraph_of[index - 1]
            and _opens_quote(text[start:end])
            and result[index - 1]
        ):
            result[index] = result[index - 1]
    return result


def _opens_quote(sentence: str) -> bool:
    return sentence[:1] in _OPENING_QUOTES or sentence[:1] == '"'


def _quote_balance(sentence: str) -> int:
    """Opening minus closing quotation marks (straight quotes alternate)."""
    balance = sum(sentence.count(q) for q in _OPENING_QUOTES) - sum(
        sentence.count(q) for q in _CLOSING_QUOTES
    )
    if sentence.count('"') % 2:
        balance += 1 if sentence.lstrip()[:1] == '"' else -1
    return balance


# --- names ------------------------------------------------------------------------------------


def _name_runs(tokens: list[_Token], state: _State) -> list[tuple[int, int]]:
    """Runs of capitalised tokens (with name particles inside) as [i, j) token ranges."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not _is_name_token(tokens[i], i, state):
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            if _is_name_token(tokens[j], j, state):
                j += 1
            elif (
                tokens[j].low in _NAME_PARTICLES
                and j + 1 < len(tokens)
                and _is_name_token(tokens[j + 1], j + 1, state)
            ):
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _is_name_token(token: _Token, index: int, state: _State) -> bool:
    word = token.text
    if not word[:1].isupper() or not any(ch.isalpha() for ch in word):
        return False
    if index == 0 and word.lower() in state.lexicon:
        return False  # a common word opening the sentence
    low = token.low
    return not (
        low in state.rules.pronouns
        or low in state.rules.reporting_verbs
        or low in state.rules.weekdays
        or low in state.rules.months
    )


def _strip_titles(words: list[str], state: _State) -> tuple[list[str], str]:
    """Drop leading titles ("Mayor", "Dr.", "Foreign Minister"); return the rest and the title."""
    title = []
    while words and (_is_title(words[0], state) or _is_role_word(words[0], state)):
        title.append(words.pop(0))
    return words, " ".join(title).lower()


def _is_title(word: str, state: _State) -> bool:
    low = word.lower().rstrip(".")
    if low in state.rules.titles:
        return True
    # German compounds end in their title: "Bahnchef", "Innenminister", "Parteisprecherin".
    return state.rules.capitalised_nouns and any(
        low.endswith(title) for title in state.rules.titles if len(title) >= 4
    )


def _is_role_word(word: str, state: _State) -> bool:
    # "Foreign Minister", "Deputy Mayor": a capitalised adjective in front of a title.
    return word.lower() in {
        "foreign",
        "interior",
        "finance",
        "defence",
        "defense",
        "health",
        "deputy",
        "former",
        "acting",
        "vice",
        "prime",
        "assistant",
    }


def _is_organisation(words: Sequence[str]) -> bool:
    organisation_words = _all_organisation_words()
    return any(w.lower().rstrip(".") in organisation_words for w in words) or (
        len(words) == 1 and len(words[0]) >= 2 and words[0].isupper()
    )


_ORG_CACHE: dict[str, frozenset[str]] = {}


def _all_organisation_words() -> frozenset[str]:
    if "all" not in _ORG_CACHE:
        _ORG_CACHE["all"] = frozenset().union(
            *(lang.organisation_words for lang in languages.all_languages())
        )
    return _ORG_CACHE["all"]


def _function_words(state: _State) -> frozenset[str]:
    rules = state.rules
    words = {w for phrase in rules.according_to for w in phrase.split()}
    return frozenset(
        words | _ARTICLES | _CONJUNCTIONS | rules.pronouns | rules.verb_modifiers | _NAME_PARTICLES
    )


def _remember_names(tokens: list[_Token], state: _State) -> None:
    """Register the people and organisations this sentence names in full."""
    function_words = _function_words(state)
    for i, j in _name_runs(tokens, state):
        while i < j and tokens[i].low in function_words:
            i += 1
        if i >= j:
            continue
        words = [
            t.text.rstrip(".,") if not t.text.endswith(".") or len(t.text) > 3 else t.text
            for t in tokens[i:j]
        ]
        words = [w.removesuffix("'s").removesuffix("’s") for w in words]
        # a lower-case title just before the name: "foreign minister Nestor Popolizio"
        title_before = ""
        k = i - 1
        while k >= 0 and tokens[k].low in state.rules.titles:
            title_before = tokens[k].low
            k -= 1
        if _is_organisation(words):
            name = " ".join(words)
            state.organisations.append(name)
            continue
        words, title = _strip_titles(list(words), state)
        if 2 <= len(words) <= _MAX_NAME_TOKENS:
            name = " ".join(words)
            state.full_names.append(name)
            for t in (title or title_before).split():
                state.by_title[t] = name


_STOP = frozenset(
    [
        "of",
        "for",
        "to",
        "by",
        "in",
        "on",
        "at",
        "from",
        "with",
        "and",
        "or",
        "its",
        "their",
        "his",
        "her",
    ]
)


def _lowercase_organisation(tokens: list[_Token], k: int, state: _State) -> str:
    """ "the state agriculture department" -> "state agriculture department" (and remember it)."""
    start = k
    while (
        start > 0
        and tokens[start - 1].text.isalpha()
        and tokens[start - 1].text.islower()
        and tokens[start - 1].low not in _ARTICLES
        and tokens[start - 1].low not in _STOP
    ):
        start -= 1
    words = [t.text.rstrip(".") for t in tokens[start : k + 1]]
    if len(words) == 1:
        # "the department said": the one the article named before
        for known in reversed(state.organisations):
            if known.lower().split()[-1] == words[0].lower():
                return known
    name = " ".join(words)
    state.organisations.append(name)
    return name


def _resolve(words: list[str], state: _State) -> str:
    """A name as the article gave it in full: titles dropped, a surname expanded."""
    words = [
        w.removesuffix("'s").removesuffix("’s").strip(",.") if len(w) > 3 else w.strip(",")
        for w in words
    ]
    if _is_organisation(words):
        name = " ".join(words)
        for known in reversed(state.organisations):
            if known.lower().endswith(name.lower()) or name.lower() in known.lower():
                return known
        return name
    words, title = _strip_titles(words, state)
    if not words:
        # only a title: "the mayor said"
        return state.by_title.get(title.split()[-1], "") if title else ""
    if len(words) == 1:
        surname = words[0]
        for known in reversed(state.full_names):
            if known.split()[-1] == surname or known.split()[0] == surname:
                return known
    return " ".join(words)


# --- who is speaking ------------------------------------------------------------------------


def _speaker(sentence: str, tokens: list[_Token], state: _State) -> str | None:
    """The claimant this sentence names itself, or None."""
    rules = state.rules
    found = _according_to(sentence, tokens, state)
    if found:
        return found
    for index, token in enumerate(tokens):
        if token.low not in rules.reporting_verbs:
            # French inversion: "a-t-il ajouté", "ajoute-t-elle"
            inverted = _INVERTED_PRONOUN.search(token.text)
            if not inverted:
                continue
            stem = token.text[: inverted.start()].lower()
            following = tokens[index + 1].low if index + 1 < len(tokens) else ""
            if stem in rules.reporting_verbs or following in rules.reporting_verbs:
                return _set_speaker(state.last_speaker, state) or None
            continue
        following = tokens[index + 1].low if index + 1 < len(tokens) else ""
        if following in {"to", "a", "de"} and rules.code == "en" and following == "to":
            continue  # "promised to open", "warned to": an intention, not a reported claim
        speaker = _subject_before(tokens, index, state)
        if speaker is None:
            speaker = _subject_after(tokens, index, state)
        if speaker:
            return _set_speaker(speaker, state)
    return None


def _set_speaker(name: str, state: _State) -> str:
    if name:
        state.last_speaker = name
        if _is_organisation(name.split()):
            state.last_organisation = name
    return name


def _subject_before(tokens: list[_Token], verb: int, state: _State) -> str | None:
    """ "Popolizio said", "the ministry warned", "Peru's foreign minister, Nestor Popolizio, told"."""
    rules = state.rules
    k = verb - 1
    while k >= 0 and tokens[k].low in rules.verb_modifiers:
        k -= 1
    if k < 0:
        return None
    if tokens[k].text == ",":
        # an apposition ends just before the verb: "X, the union's delegate, says" or
        # "the minister, Nestor Popolizio, told": the name inside it, else the one before it
        opening = next((i for i in range(k - 1, -1, -1) if tokens[i].text == ","), None)
        if opening is None:
            return None
        inside = _last_name_run(tokens, opening + 1, k, state)
        if inside is not None and not _starts_clause(tokens, opening + 1):
            return _resolve([t.text for t in tokens[inside[0] : inside[1]]], state) or None
        k = opening - 1
        if k < 0:
            return None
    low = tokens[k].low
    if low in rules.pronouns:
        return state.last_speaker or None
    if low == "it" and rules.code == "en":
        return state.last_organisation or None
    if low in rules.source_nouns:
        start = k
        while start > 0 and _is_name_token(tokens[start - 1], start - 1, state):
            start -= 1
        if (
            start == k
            and k > 0
            and tokens[k - 1].text.islower()
            and tokens[k - 1].low not in _ARTICLES
        ):
            start = k - 1  # "local officials", "health experts"
        while start < k and tokens[start].low in _CONJUNCTIONS:
            start += 1
        words = [t.text for t in tokens[start : k + 1]]
        if start == 0:
            words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words)
    if tokens[k].text.islower() and low in rules.organisation_words:
        return _lowercase_organisation(tokens, k, state)
    if low in rules.titles and not tokens[k].capitalised:
        # "the minister said": the last one the article named with that title
        return state.by_title.get(low) or None
    if not _is_name_token(tokens[k], k, state) and not (k == 0 and tokens[k].capitalised):
        return None
    start = k
    while start > 0 and (
        _is_name_token(tokens[start - 1], start - 1, state)
        or (
            tokens[start - 1].low in _NAME_PARTICLES
            and start > 1
            and _is_name_token(tokens[start - 2], start - 2, state)
        )
        or tokens[start - 1].low in rules.titles
    ):
        start -= 1
    function_words = _function_words(state)
    while start < k and tokens[start].low in function_words:
        start += 1
    words = [t.text for t in tokens[start : k + 1]]
    return _resolve(words, state) or None


_CLAUSE_OPENERS = frozenset(
    [
        "who",
        "which",
        "that",
        "whose",
        "que",
        "qui",
        "quien",
        "quienes",
        "cuyo",
        "der",
        "die",
        "das",
        "welche",
    ]
)


def _starts_clause(tokens: list[_Token], index: int) -> bool:
    return index < len(tokens) and tokens[index].low in _CLAUSE_OPENERS


def _last_name_run(
    tokens: list[_Token], start: int, end: int, state: _State
) -> tuple[int, int] | None:
    runs = [(i, j) for i, j in _name_runs(tokens[start:end], state)]
    if not runs:
        return None
    i, j = runs[-1]
    return start + i, start + j


def _subject_after(tokens: list[_Token], verb: int, state: _State) -> str | None:
    """ ", said Smith", ", dijo el ministro Pérez", ", sagte er", ", agregó." """
    rules = state.rules
    before = tokens[verb - 1].text if verb > 0 else ""
    if (
        verb > 0
        and before not in {",", *_QUOTES}
        and tokens[verb - 1].low not in rules.verb_modifiers
    ):
        return None
    k = verb + 1
    while k < len(tokens) and (
        tokens[k].low in rules.verb_modifiers
        or tokens[k].low in _ARTICLES
        or tokens[k].low in _WHEN_WORDS
        or tokens[k].low in rules.weekdays
    ):
        k += 1
    if k >= len(tokens) or tokens[k].text in {".", "!", "?", ",", ";"}:
        # "..., agregó." / "“...,” he added." handled before; a bare verb carries the last one
        return state.last_speaker or None if verb > 0 else None
    if tokens[k].low in rules.pronouns:
        return state.last_speaker or None
    start = k
    while k < len(tokens) and (
        tokens[k].low in rules.titles
        or _is_name_token(tokens[k], k, state)
        or tokens[k].low in _NAME_PARTICLES
    ):
        k += 1
    words = [t.text for t in tokens[start:k]]
    while words and words[-1].lower() in _NAME_PARTICLES:
        words.pop()
    if (
        words
        and all(_is_title(w, state) or _is_role_word(w, state) for w in words)
        and k + 1 < len(tokens)
        and tokens[k].text == ","
    ):
        # "dijo su presidente, José Williams": the name in apposition after the title
        run = _last_name_run(tokens, k + 1, min(len(tokens), k + 1 + _MAX_NAME_TOKENS), state)
        if run is not None and run[0] == k + 1:
            return _resolve([t.text for t in tokens[run[0] : run[1]]], state) or None
    if not words:
        if tokens[start].low in rules.source_nouns:
            return tokens[start].text
        return None
    return _resolve(words, state) or None


def _according_to(sentence: str, tokens: list[_Token], state: _State) -> str | None:
    low = sentence.lower()
    for phrase in state.rules.according_to:
        for match in re.finditer(rf"(?<!\w){phrase}(?!\w)", low):
            index = next((i for i, t in enumerate(tokens) if t.start >= match.end()), None)
            if index is None:
                continue
            found = _noun_phrase(tokens, index, state)
            if found:
                return _set_speaker(found, state)
    return None


def _noun_phrase(tokens: list[_Token], index: int, state: _State) -> str:
    """The source named after "according to": a name, else a common-noun source ("police")."""
    rules = state.rules
    limit = min(len(tokens), index + 10)
    k = index
    if index < len(tokens) and tokens[index].low in rules.pronouns:
        return state.last_speaker  # "selon elle"
    while k < limit and tokens[k].text not in {",", ";", ".", "—", "–"}:
        if tokens[k].text.islower() and tokens[k].low in rules.organisation_words:
            return _lowercase_organisation(tokens, k, state)
        if _is_name_token(tokens[k], k, state) or (
            tokens[k].low in rules.titles and tokens[k].capitalised
        ):
            start = k
            while k < len(tokens) and (
                _is_name_token(tokens[k], k, state)
                or tokens[k].low in rules.titles
                or (
                    tokens[k].low in _NAME_PARTICLES | {"of", "for"}
                    and k + 1 < len(tokens)
                    and _is_name_token(tokens[k + 1], k + 1, state)
                )
            ):
                k += 1
            return _resolve([t.text for t in tokens[start:k]], state)
        if tokens[k].low in rules.source_nouns:
            return tokens[k].text
        k += 1
    return ""


def claimant_kind(name: str, *, outlet: str = "") -> str:
    """schema.org type of a claimant: "Organization" for the outlet, an organisation word or an
    acronym; "Person" for two to five capitalised words; "Organization" otherwise."""
    words = name.split()
    if not words or (outlet and name.casefold() == outlet.casefold()) or _is_organisation(words):
        return "Organization"
    capitalised = [w for w in words if w.lower() not in _NAME_PARTICLES]
    if 2 <= len(words) <= _MAX_NAME_TOKENS and all(w[:1].isupper() for w in capitalised):
        return "Person"
    return "Organization"


def claimant_for_span(text: str, start: int, end: int, language: str = DEFAULT) -> str:
    """Who the article says made the claim at ``text[start:end]`` (an editor's selection).

    The article is read up to the span so that earlier names resolve; the claimant is the one of
    the first sentence the span overlaps that names one, ``""`` when the article asserts it.
    """
    # Local import: sentences imports languages too, and this module must stay importable alone.
    from factcheck.extraction.sentences import split_sentences

    spans = [(s, e) for s, e in split_sentences(text, language) if s < end]
    found = attribute(text, spans, language)
    for (_, e), claimant in zip(spans, found, strict=True):
        if e > start and claimant:
            return claimant
    return ""
