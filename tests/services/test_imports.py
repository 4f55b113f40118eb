"""Batch imports: the service queues files; the limit is checked before anything is stored."""

import pytest
from django.core.exceptions import ValidationError

from factcheck import services
from factcheck.models import ImportBatch


def test_an_import_larger_than_the_limit_is_refused(db, editor, monkeypatch):
    monkeypatch.setattr(services.imports, "MAX_IMPORT_FILES", 2)
    with pytest.raises(ValidationError):
        services.import_batch_create(files=[("a.txt", b"a")] * 3, editor=editor)
    assert not ImportBatch.objects.exists()
