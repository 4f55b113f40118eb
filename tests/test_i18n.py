"""The interface's translations: every catalog complete and compiled, and every marked string in it.

The catalogs are read with a small parser (no polib in the project); the compiled .mo files are read
with the standard library's gettext, which is what Django uses at run time.
"""

import ast
import gettext
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr or msgstr[n], and flags.
    Obsolete entries (#~) are left out; the header is the entry whose msgid is empty."""
    entries, current, key = [], None, None

    def flush():
        if current is not None and "msgid" in current:
            entries.append(current)

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            current = None
            continue
        if current is None:
            current = {"flags": set()}
        if line.startswith("#,"):
            current["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(
            r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line
        ):
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        else:
            current[key] += ast.literal_eval(line)
    flush()
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def untranslated(entries: list[dict]) -> list[str]:
    return [
        entry["msgid"]
        for entry in entries
        if entry["msgid"] and ("fuzzy" in entry["flags"] or not all(translations(entry)))
    ]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_of_the_catalog_is_translated_and_none_is_fuzzy(language):
    entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 300
    assert untranslated(entries) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalog_is_the_current_one(language):
    """The .mo files are committed (a deployment need not have gettext): they must say what the
    .po files say."""
    directory = LOCALE / language / "LC_MESSAGES"
    with open(directory / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in parse_po(directory / "django.po"):
        if not entry["msgid"]:
            continue
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            got = (
                compiled.npgettext(context, entry["msgid"], entry["msgid_plural"], 1)
                if context
                else (compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1))
            )
            assert got == entry["msgstr[0]"], entry["msgid"]
        else:
            got = (
                compiled.pgettext(context, entry["msgid"])
                if context
                else compiled.gettext(entry["msgid"])
            )
            assert got == entry["msgstr"], entry["msgid"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_survive_translation(language):
    """A translation that drops or renames %(name)s would raise at run time, or say less."""
    named = re.compile(r"%\(\w+\)[sd]|%\(\w+\)\.\d+f")
    for entry in parse_po(LOCALE / language / "LC_MESSAGES" / "django.po"):
        if not entry["msgid"]:
            continue
        wanted = {
            tuple(sorted(named.findall(entry[key])))
            for key in ("msgid", "msgid_plural")
            if key in entry
        }
        for value in translations(entry):
            assert tuple(sorted(named.findall(value))) in wanted, (entry["msgid"], value)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs GNU gettext")
def test_every_marked_string_is_in_the_catalogs(tmp_path, settings, monkeypatch):
    """makemessages run on a copy finds no string that the committed catalogs lack: whoever marks a
    new string translates it too (`make messages`, then fill in the new entries)."""
    for name in ("factcheck", "templates", "config"):
        os.symlink(ROOT / name, tmp_path / name)
    shutil.copytree(LOCALE, tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages",
        locale=TRANSLATED,
        symlinks=True,
        no_location=True,
        no_obsolete=True,
        verbosity=0,
    )

    def key(entry):
        return entry.get("msgctxt"), entry["msgid"]

    for language in TRANSLATED:
        entries = parse_po(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po")
        assert untranslated(entries) == [], f"untranslated in {language}"
        # Nor does it lose one: a string still shown but marked where xgettext cannot see it (a
        # call inside an f-string, or through an alias) would drop out of the catalog and show
        # in English.
        committed = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
        lost = {key(e) for e in committed if e["msgid"]} - {key(e) for e in entries}
        assert lost == set(), f"makemessages would drop from {language}: {sorted(lost, key=str)}"


_TRANSLATING = {"gettext", "ngettext", "pgettext", "npgettext", "_"}
_MARKING = _TRANSLATING | {"gettext_lazy", "ngettext_lazy", "pgettext_lazy", "gettext_noop"}


def _literal_args(call: ast.Call) -> tuple:
    return tuple(
        a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
    )


@pytest.mark.parametrize(
    "path", sorted((ROOT / "factcheck").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_strings_translated_inside_f_strings_are_marked_where_makemessages_reads(path):
    """xgettext reads no call inside an f-string: a string translated there is marked elsewhere in
    the same module too (as panel_items._MARKED_FOR_TRANSLATION does), or `make messages` would
    drop it from the catalogs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden_calls = {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for sub in ast.walk(node)
        if isinstance(sub, ast.Call)
    }
    hidden, marked = set(), set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        name, args = node.func.id, _literal_args(node)
        if id(node) in hidden_calls and name in _TRANSLATING and args:
            hidden.add(args[-1] if name.startswith("p") else args[0])
        elif id(node) not in hidden_calls and name in _MARKING and args:
            marked.add(args[-1] if name.startswith("p") else args[0])
    assert hidden - marked == set()
