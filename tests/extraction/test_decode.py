"""decode_upload and normalise: what is refused, and the canonical text form."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extraction import (
    MAX_BYTES_DEFAULT,
    ExtractionError,
    decode_upload,
    normalise,
)
from tests.extraction.helpers import (
    ARTICLE_TEXT,
)

# --- decode_upload --------------------------------------------------------------------------


def test_decode_upload_returns_utf8_text():
    assert decode_upload(b"Peru invited 100 countries.") == "Peru invited 100 countries."


def test_decode_upload_drops_a_utf8_bom():
    assert decode_upload(b"\xef\xbb\xbfHello world") == "Hello world"


def test_decode_upload_refuses_empty_files():
    with pytest.raises(ExtractionError, match="empty"):
        decode_upload(b"")


def test_decode_upload_refuses_whitespace_only_files():
    with pytest.raises(ExtractionError, match="whitespace"):
        decode_upload(b" \n\t\r\n ")


def test_decode_upload_refuses_files_with_nul_bytes():
    with pytest.raises(ExtractionError, match="binary"):
        decode_upload(b"PK\x03\x04\x00\x00 some zip")


def test_decode_upload_refuses_files_that_are_mostly_control_characters():
    with pytest.raises(ExtractionError, match="binary"):
        decode_upload(bytes(range(1, 32)) * 10 + b"text")


def test_decode_upload_refuses_invalid_utf8():
    with pytest.raises(ExtractionError, match="not valid UTF-8"):
        decode_upload(b"\xff\xfe\xfa")


def test_decode_upload_refuses_latin1_with_the_offending_position():
    with pytest.raises(ExtractionError, match=r"0xe9 at position 3"):
        decode_upload("Caf\xe9 au lait".encode("latin-1"))


def test_decode_upload_names_utf16_as_the_problem():
    with pytest.raises(ExtractionError, match="UTF-16"):
        decode_upload("Hello".encode("utf-16"))


def test_decode_upload_refuses_oversized_files():
    with pytest.raises(ExtractionError, match="too large"):
        decode_upload(b"a" * 11, max_bytes=10)
    assert decode_upload(b"a" * 10, max_bytes=10) == "a" * 10


def test_decode_upload_default_limit_is_one_megabyte():
    with pytest.raises(ExtractionError, match="too large"):
        decode_upload(b"a" * (MAX_BYTES_DEFAULT + 1))


def test_extraction_error_is_a_value_error():
    assert issubclass(ExtractionError, ValueError)


# --- normalise ------------------------------------------------------------------------------


def test_normalise_unifies_newlines_and_strips_trailing_spaces():
    assert normalise("One.  \r\nTwo.\rThree.\t \n") == "One.\nTwo.\nThree."


def test_normalise_collapses_blank_lines_to_one():
    assert normalise("\n\nFirst.\n\n\n\n \n\nSecond.\n\n") == "First.\n\nSecond."


def test_normalise_composes_unicode_to_nfc():
    assert normalise("Cafe\u0301") == "Caf\u00e9"


def test_normalise_drops_control_characters_but_keeps_tabs():
    assert normalise("a\x07b\tc\x1fd") == "ab\tcd"


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(ARTICLE_TEXT)
def test_normalise_is_idempotent_and_keeps_single_blank_lines(raw):
    once = normalise(raw)
    assert normalise(once) == once
    assert "\n\n\n" not in once
    assert "\r" not in once
    assert once == once.strip()
    assert all(line == line.rstrip() for line in once.split("\n"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_decode_upload_returns_text_or_refuses_with_extraction_error(data):
    try:
        text = decode_upload(data)
    except ExtractionError:
        return
    assert text.strip()
    assert "\x00" not in text
