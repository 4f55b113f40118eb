"""Bytes to text: refuse what is not a UTF-8 text file, and normalise what is.

Every refusal anywhere in extraction is an ``ExtractionError`` (a ``ValueError``) whose message can
be shown to the user as it is.
"""

from __future__ import annotations

import re
import unicodedata

MAX_BYTES_DEFAULT = 1_000_000


class ExtractionError(ValueError):
    """The input was refused; the message says why in words a user can act on."""


_UTF8_BOM = b"\xef\xbb\xbf"
# Tab, newline, carriage return and form feed occur in real text files; the other control
# characters (Unicode category Cc) do not, so a high share of them means the file is not text.
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.05


def decode_upload(data: bytes, *, max_bytes: int = MAX_BYTES_DEFAULT, what: str = "file") -> str:
    """Decode an uploaded file as UTF-8 text, or refuse it with an ``ExtractionError``.

    Refused: empty or whitespace-only files, files over ``max_bytes``, binary files (any NUL byte,
    or more than 5% control characters), and bytes that are not valid UTF-8. A UTF-8 byte order
    mark is accepted and dropped. The returned string is not normalised yet.
    """
    if not data:
        raise ExtractionError(f"The {what} is empty.")
    if len(data) > max_bytes:
        raise ExtractionError(
            f"The {what} is too large ({len(data):,} bytes); the limit is {max_bytes:,} bytes."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data:
        # Checked before the NUL test so that the message says what to do about it.
        raise ExtractionError(
            f"The {what} is UTF-16 text; only UTF-8 is accepted. Save it as UTF-8."
        )
    if b"\x00" in data:
        raise ExtractionError(f"The {what} looks binary (it contains NUL bytes), not text.")
    bom = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        position = bom + exc.start
        raise ExtractionError(
            f"The {what} is not valid UTF-8 text (byte 0x{data[position]:02x} at position "
            f"{position} cannot be decoded). Save it as UTF-8 and upload it again."
        ) from None
    if len(_BINARY_CONTROLS.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise ExtractionError(
            f"The {what} looks binary (it is full of control characters), not text."
        )
    if not text.strip():
        raise ExtractionError(f"The {what} contains only whitespace.")
    return text


# Line separators other than \n that would otherwise survive as invisible characters.
_LINE_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n"})
_BLANK_LINES = re.compile(r"\n{3,}")
# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F; tab and newline are kept.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def normalise(text: str) -> str:
    """Return the canonical form of an article body; idempotent.

    NFC; CRLF, CR and other line separators become ``\\n`` (a Unicode paragraph separator becomes a
    blank line); control characters other than tab and newline are dropped; trailing whitespace is
    stripped from every line; any run of blank lines becomes exactly one blank line; leading and
    trailing blank space is stripped. Paragraphs therefore end up separated by one blank line.
    """
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS).replace("\u2029", "\n\n")
    text = _CONTROL_CHARS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()
