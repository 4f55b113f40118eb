from __future__ import annotations

import pytest

from factcheck.extraction import ExtractedArticle, extract_plain
from tests.extraction.helpers import SEED


@pytest.fixture(scope="module")
def seed_article() -> ExtractedArticle:
    return extract_plain(SEED.read_text(encoding="utf-8"))
