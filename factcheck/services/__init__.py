"""Every write the desk makes. Pages, the API, the admin and the management commands all call these.

Each service takes keyword-only arguments, checks who is acting (through `access`), validates, and writes
inside one transaction, so a failure leaves nothing half-written. Validation problems raise Django's
`ValidationError` with a message meant for the person acting; a lost race raises `ConflictError`.

Call sites read `services.rating_submit(...)`: every public service is re-exported here from the
module of its concept (articles, claims, reviews, verdicts, triage, imports, notifications,
factchecks).
"""

from factcheck.services._common import ConflictError
from factcheck.services.articles import (
    IngestResult,
    article_ingest,
    article_refresh_status,
    language_is_valid,
    outlet_get_or_create,
    text_hash,
)
from factcheck.services.claims import (
    claim_create,
    claim_dismiss,
    claim_merge,
    claim_reword,
    claim_select,
    claim_split,
)
from factcheck.services.factchecks import (
    ImportReport,
    claim_matches_suggest,
    embeddings_store,
    factcheck_attach,
    factchecks_import,
    feeds_import,
)
from factcheck.services.imports import (
    MAX_IMPORT_FILES,
    import_batch_create,
    import_batch_enqueue,
    import_batch_run,
    import_file_release,
)
from factcheck.services.notifications import (
    notification_open,
    notifications_mark_all_read,
    profile_update,
)
from factcheck.services.reviews import (
    assignment_create,
    assignment_remove,
    comment_add,
    comment_edit,
    mentioned_users,
    rating_submit,
    source_add,
)
from factcheck.services.tokens import MAX_ACTIVE_TOKENS, token_issue, token_revoke
from factcheck.services.triage import (
    claim_match_confirm,
    claim_match_reject,
    claim_reprioritise,
    claims_rescore,
)
from factcheck.services.verdicts import verdict_correct, verdict_publish

__all__ = [
    "MAX_ACTIVE_TOKENS",
    "MAX_IMPORT_FILES",
    "ConflictError",
    "ImportReport",
    "IngestResult",
    "article_ingest",
    "article_refresh_status",
    "assignment_create",
    "assignment_remove",
    "claim_create",
    "claim_dismiss",
    "claim_match_confirm",
    "claim_match_reject",
    "claim_matches_suggest",
    "claim_merge",
    "claim_reprioritise",
    "claim_reword",
    "claim_select",
    "claim_split",
    "claims_rescore",
    "comment_add",
    "comment_edit",
    "embeddings_store",
    "factcheck_attach",
    "factchecks_import",
    "feeds_import",
    "import_batch_create",
    "import_batch_enqueue",
    "import_batch_run",
    "import_file_release",
    "language_is_valid",
    "mentioned_users",
    "notification_open",
    "notifications_mark_all_read",
    "outlet_get_or_create",
    "profile_update",
    "rating_submit",
    "source_add",
    "text_hash",
    "token_issue",
    "token_revoke",
    "verdict_correct",
    "verdict_publish",
]
