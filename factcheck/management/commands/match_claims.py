from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from factcheck.matching import store

BATCH = 200


class Command(BaseCommand):
    help = (
        'For each line {"id": ..., "text": ...} (and optionally "language": "es") of INPUT.jsonl '
        '("-" for standard input), the '
        "fact-checks that most likely check the text, best first: the desk's published verdicts and "
        'the outside fact-checks. Writes {"id": ..., "matches": [{"url", "score", '
        '"claim_reviewed", "rating", "publisher"}, ...]} per line.'
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="JSON Lines file, or - for standard input.")
        parser.add_argument("--top", type=int, default=5, help="Matches per text (default 5).")
        parser.add_argument(
            "--min-score", type=float, default=0.0, help="Leave out matches scoring less (0-1)."
        )
        parser.add_argument(
            "--language",
            default="",
            help="The texts' language code when a line does not say (\"es\"; default: the desk's).",
        )
        parser.add_argument("-o", "--output", type=Path, help="Output file (default: stdout).")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, input, top, min_score, output, no_progress, language, **options):
        if not 1 <= top <= 100:
            raise CommandError("--top must be between 1 and 100.")
        try:
            lines = (
                sys.stdin.read() if input == "-" else Path(input).read_text(encoding="utf-8-sig")
            ).splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{input}: cannot be read ({exc}).") from None
        queries, problems = [], []
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or "id" not in item:
                    raise ValueError('expected an object with "id" and "text"')
                if not isinstance(item.get("text"), str) or not item["text"].strip():
                    raise ValueError('"text" must be non-empty text')
                if not isinstance(item.get("language", ""), str):
                    raise ValueError('"language" must be a language code such as "es"')
            except ValueError as exc:
                problems.append(f"line {number}: {exc}")
                continue
            queries.append((item["id"], item["text"], item.get("language") or language))
        out = output.open("w", encoding="utf-8") if output else self.stdout
        try:
            with tqdm(total=len(queries), unit="text", disable=no_progress, file=sys.stderr) as bar:
                for start in range(0, len(queries), BATCH):
                    chunk = queries[start : start + BATCH]
                    found: dict[int, list] = {}
                    for lang in {lang for _, _, lang in chunk}:
                        mine = [i for i, (_, _, lg) in enumerate(chunk) if lg == lang]
                        texts = [chunk[i][1] for i in mine]
                        results = store.lookup(texts, k=top, threshold=min_score, language=lang)
                        found.update(zip(mine, results, strict=True))
                    for i, (qid, _, _) in enumerate(chunk):
                        matches = found[i]
                        row = {
                            "id": qid,
                            "matches": [
                                {
                                    key: value
                                    for key, value in m.as_json().items()
                                    if key
                                    in ("url", "score", "claim_reviewed", "rating", "publisher")
                                }
                                for m in matches
                            ],
                        }
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    bar.update(len(chunk))
        finally:
            if output:
                out.close()
        for problem in problems:
            self.stderr.write(f"  {problem}")
        if problems:
            raise CommandError(f"{len(problems)} input line(s) were skipped.")
