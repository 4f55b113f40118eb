import pytest
from django.core.management import CommandError, call_command

from factcheck.models import Article, Outlet
from tests.factories import ARTICLE_TEXT


def _run(*args):
    call_command("ingest", *args, "--no-progress")


@pytest.mark.django_db
def test_it_ingests_files_and_folders_recursively(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    sub = tmp_path / "more"
    sub.mkdir()
    (sub / "b.md").write_text(
        "Second story\n\nThe mayor said 300 buses were bought in 2022.", "utf-8"
    )
    (sub / "c.html").write_text(
        "<html><head><title>Third story</title></head><body><article><h1>Third story</h1>"
        "<p>The council approved a budget of 4.2 million euros on 3 March 2021, officials said.</p>"
        "<p>It is the largest budget in the town's history, according to the mayor.</p>"
        "</article></body></html>",
        "utf-8",
    )
    (sub / "ignored.pdf").write_bytes(b"%PDF-1.4")
    _run(str(tmp_path), "--outlet", "Daily Example")
    assert Article.objects.count() == 3
    assert Outlet.objects.get().name == "Daily Example"
    assert all(a.claims.exists() for a in Article.objects.all())


@pytest.mark.django_db
def test_running_twice_does_not_duplicate(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    _run(str(tmp_path))
    _run(str(tmp_path))
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_one_bad_file_fails_clearly_and_the_rest_still_load(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    (tmp_path / "latin1.txt").write_bytes("Le café coûte 3 euros à Paris.".encode("latin-1"))
    with pytest.raises(CommandError, match="3 of 4"):
        _run(str(tmp_path))
    err = capsys.readouterr().err
    assert "empty.txt" in err and "binary.txt" in err and "latin1.txt" in err
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_oversized_files_are_refused(tmp_path, settings, capsys):
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 200
    (tmp_path / "big.txt").write_text("A sentence with 12 words in it. " * 50, encoding="utf-8")
    with pytest.raises(CommandError):
        _run(str(tmp_path / "big.txt"))
    assert "limit" in capsys.readouterr().err
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_path_is_reported(tmp_path):
    with pytest.raises(CommandError):
        _run(str(tmp_path / "nope.txt"))


SPANISH = (
    "El Congreso aprueba la reforma\n\n"
    "LIMA (EFE) — El Congreso aprobó el martes la reforma con 87 votos a favor, dijo su "
    "presidente, José Williams. La oposición votó en contra."
)


@pytest.mark.django_db
def test_the_language_is_detected_from_each_text(tmp_path):
    (tmp_path / "es.txt").write_text(SPANISH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    _run(str(tmp_path))
    assert sorted(Article.objects.values_list("language", flat=True)) == ["en", "es"]
    spanish = Article.objects.get(language="es")
    first = spanish.claims.order_by("start").first()
    assert first.quote.startswith("El Congreso aprobó")  # the dateline is not claimed
    assert first.claimant == "José Williams"


@pytest.mark.django_db
def test_language_overrides_detection(tmp_path):
    (tmp_path / "es.txt").write_text(SPANISH, encoding="utf-8")
    _run(str(tmp_path), "--language", "pt")
    assert Article.objects.get().language == "pt"


def test_an_invalid_language_is_refused_before_anything_is_read(tmp_path):
    with pytest.raises(CommandError, match="not an ISO 639-1 code"):
        _run(str(tmp_path), "--language", "spanish")
