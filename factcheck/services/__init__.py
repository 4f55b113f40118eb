"""Every write the desk makes. Pages, the API, the admin and the management commands all call these.

Each service takes keyword-only arguments, checks who is acting (through `access`), validates, and writes
inside one transaction, so a failure leaves nothing half-written. Validation problems raise Django's
`ValidationError` with a message meant for the person acting; a lost race raises `ConflictError`.

Call sites read `services.rating_submit(...)`: every public service is re-exported here from the
module of its concept (articles, claims, assignments, reviews, verdicts, triage, imports,
notifications, factchecks, scales, tokens, consensus, accounts).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Every name below is loaded from its module on first use (PEP 562), so that importing the package,
# as the admin does when Django starts, costs nothing: management commands that never write (`help`,
# `check`, `migrate`...) do not pay for the services' modules and what they import (bench/startup.py).
_EXPORTS = {
    "ConflictError": "_common",
    "desk_member_ensure": "accounts",
    "ARTICLE_EDIT_FIELDS": "articles",
    "IngestResult": "articles",
    "article_add": "articles",
    "article_archive": "articles",
    "article_ingest": "articles",
    "article_refresh_status": "articles",
    "article_unarchive": "articles",
    "article_update": "articles",
    "language_is_valid": "articles",
    "outlet_delete": "articles",
    "outlet_get_or_create": "articles",
    "outlet_save": "articles",
    "text_hash": "articles",
    "AssignmentReport": "assignments",
    "assignment_create": "assignments",
    "assignment_remove": "assignments",
    "assignments_create": "assignments",
    "claim_create": "claims",
    "claim_dismiss": "claims",
    "claim_merge": "claims",
    "claim_reword": "claims",
    "claim_select": "claims",
    "claim_set_claimant": "claims",
    "claim_split": "claims",
    "consensus_store": "consensus",
    "ImportReport": "factchecks",
    "claim_matches_suggest": "factchecks",
    "claim_matches_suggest_later": "factchecks",
    "embeddings_forget": "factchecks",
    "embeddings_store": "factchecks",
    "factcheck_attach": "factchecks",
    "factchecks_import": "factchecks",
    "feeds_import": "factchecks",
    "MAX_IMPORT_FILES": "imports",
    "import_batch_create": "imports",
    "import_batch_enqueue": "imports",
    "import_batch_retry": "imports",
    "import_batch_run": "imports",
    "import_file_release": "imports",
    "notification_open": "notifications",
    "notifications_mark_all_read": "notifications",
    "profile_update": "notifications",
    "comment_add": "reviews",
    "comment_edit": "reviews",
    "mentioned_users": "reviews",
    "rating_submit": "reviews",
    "source_add": "reviews",
    "label_in_use": "scales",
    "rating_label_delete": "scales",
    "rating_label_save": "scales",
    "rating_scale_delete": "scales",
    "rating_scale_save": "scales",
    "scale_in_use": "scales",
    "MAX_ACTIVE_TOKENS": "tokens",
    "token_issue": "tokens",
    "token_revoke": "tokens",
    "token_touch": "tokens",
    "claim_match_confirm": "triage",
    "claim_match_reject": "triage",
    "claim_reprioritise": "triage",
    "claims_rescore": "triage",
    "verdict_correct": "verdicts",
    "verdict_publish": "verdicts",
    "verdict_publish_or_correct": "verdicts",
}
# The modules themselves (`services.imports.article_ingest`), as when they were imported eagerly.
_MODULES = {
    "_common",
    "accounts",
    "articles",
    "assignments",
    "claims",
    "consensus",
    "factchecks",
    "imports",
    "notifications",
    "reviews",
    "scales",
    "tokens",
    "triage",
    "verdicts",
}

if TYPE_CHECKING:
    from factcheck.services._common import ConflictError
    from factcheck.services.accounts import desk_member_ensure
    from factcheck.services.articles import (
        ARTICLE_EDIT_FIELDS,
        IngestResult,
        article_add,
        article_archive,
        article_ingest,
        article_refresh_status,
        article_unarchive,
        article_update,
        language_is_valid,
        outlet_delete,
        outlet_get_or_create,
        outlet_save,
        text_hash,
    )
    from factcheck.services.assignments import (
        AssignmentReport,
        assignment_create,
        assignment_remove,
        assignments_create,
    )
    from factcheck.services.claims import (
        claim_create,
        claim_dismiss,
        claim_merge,
        claim_reword,
        claim_select,
        claim_set_claimant,
        claim_split,
    )
    from factcheck.services.consensus import consensus_store
    from factcheck.services.factchecks import (
        ImportReport,
        claim_matches_suggest,
        claim_matches_suggest_later,
        embeddings_forget,
        embeddings_store,
        factcheck_attach,
        factchecks_import,
        feeds_import,
    )
    from factcheck.services.imports import (
        MAX_IMPORT_FILES,
        import_batch_create,
        import_batch_enqueue,
        import_batch_retry,
        import_batch_run,
        import_file_release,
    )
    from factcheck.services.notifications import (
        notification_open,
        notifications_mark_all_read,
        profile_update,
    )
    from factcheck.services.reviews import (
        comment_add,
        comment_edit,
        mentioned_users,
        rating_submit,
        source_add,
    )
    from factcheck.services.scales import (
        label_in_use,
        rating_label_delete,
        rating_label_save,
        rating_scale_delete,
        rating_scale_save,
        scale_in_use,
    )
    from factcheck.services.tokens import MAX_ACTIVE_TOKENS, token_issue, token_revoke, token_touch
    from factcheck.services.triage import (
        claim_match_confirm,
        claim_match_reject,
        claim_reprioritise,
        claims_rescore,
    )
    from factcheck.services.verdicts import (
        verdict_correct,
        verdict_publish,
        verdict_publish_or_correct,
    )


def __getattr__(name: str):
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | _MODULES)


__all__ = [
    "ARTICLE_EDIT_FIELDS",
    "MAX_ACTIVE_TOKENS",
    "MAX_IMPORT_FILES",
    "AssignmentReport",
    "ConflictError",
    "ImportReport",
    "IngestResult",
    "article_add",
    "article_archive",
    "article_ingest",
    "article_refresh_status",
    "article_unarchive",
    "article_update",
    "assignment_create",
    "assignment_remove",
    "assignments_create",
    "claim_create",
    "claim_dismiss",
    "claim_match_confirm",
    "claim_match_reject",
    "claim_matches_suggest",
    "claim_matches_suggest_later",
    "claim_merge",
    "claim_reprioritise",
    "claim_reword",
    "claim_select",
    "claim_set_claimant",
    "claim_split",
    "claims_rescore",
    "comment_add",
    "comment_edit",
    "consensus_store",
    "desk_member_ensure",
    "embeddings_forget",
    "embeddings_store",
    "factcheck_attach",
    "factchecks_import",
    "feeds_import",
    "import_batch_create",
    "import_batch_enqueue",
    "import_batch_retry",
    "import_batch_run",
    "import_file_release",
    "label_in_use",
    "language_is_valid",
    "mentioned_users",
    "notification_open",
    "notifications_mark_all_read",
    "outlet_delete",
    "outlet_get_or_create",
    "outlet_save",
    "profile_update",
    "rating_label_delete",
    "rating_label_save",
    "rating_scale_delete",
    "rating_scale_save",
    "rating_submit",
    "scale_in_use",
    "source_add",
    "text_hash",
    "token_issue",
    "token_revoke",
    "token_touch",
    "verdict_correct",
    "verdict_publish",
    "verdict_publish_or_correct",
]
