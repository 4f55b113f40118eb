"""`manage.py import_claimreviews` and `manage.py match_claims`: files in, JSON Lines out."""

import gzip
import json

import pytest
from django.core.management import CommandError, call_command

from factcheck.models import OutsideFactCheck
from tests.matching.conftest import CLAIMS, review


@pytest.fixture
def feed(tmp_path, reviews):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"@type": "DataFeed", "dataFeedElement": reviews}))
    return path


def test_import_reads_files_and_folders_gzip_included(db, tmp_path, feed, capsys):
    folder = tmp_path / "more"
    folder.mkdir()
    lines = "\n".join(json.dumps(review(10 + i, c)) for i, c in enumerate(CLAIMS))
    (folder / "more.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    call_command("import_claimreviews", str(feed), str(folder), "--no-progress")
    assert OutsideFactCheck.objects.count() == 6
    assert "6 fact-check(s) imported, 0 updated, 0 problem(s)." in capsys.readouterr().out


def test_import_twice_updates_and_names_the_publisher(db, tmp_path, capsys):
    path = tmp_path / "bare.jsonl"
    path.write_text(
        json.dumps({"@type": "ClaimReview", "url": "https://x.example/1", "claimReviewed": "A"})
    )
    call_command("import_claimreviews", str(path), "--publisher", "Snopes", "--no-progress")
    call_command("import_claimreviews", str(path), "--publisher", "Snopes", "--no-progress")
    assert "0 fact-check(s) imported, 1 updated" in capsys.readouterr().out
    assert OutsideFactCheck.objects.get().publisher_name == "Snopes"


def test_import_reports_problems_and_fails_after_importing_the_rest(db, tmp_path, reviews, capsys):
    reviews[0]["url"] = "ftp://nope"
    path = tmp_path / "list.json"
    path.write_text(json.dumps(reviews))
    with pytest.raises(CommandError, match="2 item"):
        call_command("import_claimreviews", str(path), str(tmp_path / "missing.json"))
    assert OutsideFactCheck.objects.count() == 2
    err = capsys.readouterr().err
    assert f"{path}: item 0: `url` must be an http(s) address" in err
    assert "missing.json: no such file or folder" in err


def test_match_claims_writes_one_line_per_input_best_first(db, feed, tmp_path):
    call_command("import_claimreviews", str(feed), "--no-progress")
    queries = tmp_path / "in.jsonl"
    queries.write_text(
        json.dumps({"id": "a", "text": "Wind farms cause cancer for neighbours"})
        + "\n\n"
        + json.dumps({"id": 7, "text": "Eiffel tower moving to Las Vegas"})
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    call_command("match_claims", str(queries), "--top", "2", "-o", str(out), "--no-progress")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", 7]
    assert all(len(r["matches"]) == 2 for r in rows)
    best = rows[0]["matches"][0]
    assert set(best) == {"url", "score", "claim_reviewed", "rating", "publisher"}
    assert best["claim_reviewed"] == CLAIMS[2]
    assert best["url"] == "https://factchecker.example/reviews/2"
    assert rows[1]["matches"][0]["claim_reviewed"] == CLAIMS[1]
    scores = [m["score"] for m in rows[0]["matches"]]
    assert scores == sorted(scores, reverse=True)


def test_match_claims_reports_bad_lines_and_answers_the_rest(db, feed, tmp_path, capsys):
    call_command("import_claimreviews", str(feed), "--no-progress")
    capsys.readouterr()
    queries = tmp_path / "in.jsonl"
    queries.write_text('{"id": 1, "text": "Hot water kills the virus"}\n[1]\n{"id": 2}\n')
    with pytest.raises(CommandError, match="2 input line"):
        call_command("match_claims", str(queries), "--no-progress")
    captured = capsys.readouterr()
    assert json.loads(captured.out.splitlines()[0])["id"] == 1
    assert "line 2:" in captured.err and "line 3:" in captured.err


def test_match_claims_with_no_fact_checks_answers_empty_lists(db, tmp_path, capsys):
    queries = tmp_path / "in.jsonl"
    queries.write_text('{"id": 1, "text": "Anything at all"}\n')
    call_command("match_claims", str(queries), "--no-progress")
    assert json.loads(capsys.readouterr().out) == {"id": 1, "matches": []}
