"""detect_language: the article's language from its text, offline, from a model inside the wheel."""

from __future__ import annotations

import socket

import pytest

from factcheck.extraction import detect
from factcheck.extraction.detect import detect_language, model_path


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The government announced new economic measures for the country on Monday.", "en"),
        ("El presidente de Perú anunció hoy nuevas medidas económicas para el país.", "es"),
        ("Le président a déclaré mardi que la situation économique restait grave.", "fr"),
        ("O governo anunciou ontem um novo pacote de medidas para a economia.", "pt"),
        ("Die Regierung hat am Montag beschlossen, die Steuern deutlich zu senken.", "de"),
    ],
)
def test_it_detects_the_five_desk_languages(text, code):
    assert detect_language(text) == code


def test_too_little_text_falls_back():
    assert detect_language("OK 2019") == "en"
    assert detect_language("", fallback="es") == "es"


def test_all_capitals_are_read_as_words():
    assert detect_language("EL GOBIERNO ANUNCIÓ HOY NUEVAS MEDIDAS ECONÓMICAS PARA EL PAÍS") == "es"


def test_the_model_ships_inside_the_package_and_is_small():
    path = model_path()
    assert path.is_file()
    assert path.stat().st_size < 2_000_000


def test_detection_never_touches_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("language detection tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    detect._model.cache_clear()
    try:
        assert (
            detect_language("Le gouvernement a présenté son budget pour l'année prochaine.") == "fr"
        )
    finally:
        detect._model.cache_clear()


def test_a_lone_surrogate_does_not_break_detection():
    # Found by the property test of extract_plain: fasttext raised TypeError on "\ud800".
    text = "El ministerio dijo que el metro de Lima \ud800 costará 5.000 millones de soles."
    assert detect_language(text) == "es"
    assert detect_language("\ud800" * 50) == detect.DEFAULT
