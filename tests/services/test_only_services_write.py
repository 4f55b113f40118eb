"""Only the services write: no module of the app outside factcheck/services/ (and the migrations)
writes through the ORM, except the few listed below with their reason.

Read from the source (AST), so a write added anywhere fails here before it can bypass the desk's
invariants. A call counts as an ORM write when it is
- `.save(...)` (not `commit=False`, not a model's own `super().save()`), `.bulk_create`,
  `.bulk_update`, `.get_or_create`, `.update_or_create` on anything;
- `.create`, `.update`, `.delete` on a manager or queryset: a chain through `.objects`,
  `_default_manager`, a queryset method (`filter`, `all`, ...), a related manager (`claim.ratings`),
  a name assigned from one of those (`qs = Claim.objects.filter(...)`), or a name that says it is one
  (`queryset`, `qs`, `..._queryset`: the admin's actions); `.delete()` on anything
  but the cache;
- `.add`, `.remove`, `.clear`, `.set` on a many-to-many or reverse relation (`comment.mentions`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "factcheck"

# Modules that write below the services, and why. Keep it short: every entry is a place where the
# desk's invariants are not checked.
ALLOWED = {
    "factcheck/worker.py": "the background worker's own bookkeeping (its heartbeat row, the "
    "django.tasks result rows of tasks it reclaims): the task queue's tables, not desk data",
    "factcheck/locks.py": "the lease table behind factcheck.locks (one recompute at a time): "
    "infrastructure the services themselves use",
    "factcheck/management/commands/restore_desk.py": "restoring a backup replaces every table "
    "wholesale (loaddata) and must not run the desk's rules on the rows it restores",
}

ALWAYS = {"save", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
ON_MANAGERS = {"create", "update", "delete"}
ON_RELATIONS = {"add", "remove", "clear", "set"}
QUERYSET_METHODS = {
    "all",
    "filter",
    "exclude",
    "select_for_update",
    "select_related",
    "prefetch_related",
    "order_by",
    "annotate",
    "alias",
    "only",
    "defer",
    "using",
    "distinct",
    "none",
    "get_queryset",
    "active",
}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
NOT_ORM = {"cache", "caches", "session"}


def _relation_names() -> set[str]:
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and (field.many_to_many or field.one_to_many):
                names.add(field.get_accessor_name() if field.auto_created else field.name)
    return names - {None}


def _chain(node: ast.AST):
    """The attribute/call chain of an expression, outermost first: a.b(c).d -> [d, b(), a]."""
    while True:
        if isinstance(node, ast.Attribute):
            yield node.attr, False
            node = node.value
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                yield node.func.attr, True
                node = node.func.value
            else:
                node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            if isinstance(node, ast.Name):
                yield node.id, False
            return


class _Finder(ast.NodeVisitor):
    def __init__(self, relations: set[str], querysets: set[str]):
        self.relations = relations
        self.querysets = querysets
        self.found: list[tuple[int, str]] = []
        self.function: list[str] = []

    def ormish(self, receiver: ast.AST) -> bool:
        links = list(_chain(receiver))
        root = links[-1][0] if links else ""
        if root in self.querysets or root in {"qs", "queryset"} or root.endswith("_queryset"):
            return True
        return any(
            name in MANAGERS
            or (called and name in QUERYSET_METHODS)
            or (not called and name in self.relations and i < len(links) - 1)
            for i, (name, called) in enumerate(links)
        )

    def visit_FunctionDef(self, node):
        self.function.append(node.name)
        self.generic_visit(node)
        self.function.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call):
        if isinstance(node.func, ast.Attribute):
            name, receiver = node.func.attr, node.func.value
            text = ast.unparse(node.func)
            if name in ALWAYS:
                no_commit = any(
                    k.arg == "commit"
                    and isinstance(k.value, ast.Constant)
                    and k.value.value is False
                    for k in node.keywords
                )
                own_save = (
                    name == "save"
                    and isinstance(receiver, ast.Call)
                    and ast.unparse(receiver.func) == "super"
                    and self.function[-1:] == ["save"]
                )
                if not no_commit and not own_save:
                    self.found.append((node.lineno, text))
            elif name in ON_MANAGERS:
                root = next(iter(reversed(list(_chain(receiver)))), ("", False))[0]
                if self.ormish(receiver) or (name == "delete" and root not in NOT_ORM):
                    self.found.append((node.lineno, text))
            elif (
                name in ON_RELATIONS
                and isinstance(receiver, ast.Attribute)
                and receiver.attr in self.relations
            ):
                self.found.append((node.lineno, text))
        self.generic_visit(node)


def orm_writes(source: str, relations: set[str]) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    # Names assigned from a manager or queryset anywhere in the module are querysets.
    querysets: set[str] = set()
    probe = _Finder(relations, querysets)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and probe.ormish(node.value):
            querysets |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    finder = _Finder(relations, querysets)
    finder.visit(tree)
    return finder.found


def _app_modules():
    for path in sorted(APP.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("factcheck/services/", "factcheck/migrations/")):
            continue
        yield rel, path


def test_no_module_outside_the_services_writes_through_the_orm():
    relations = _relation_names()
    offending = {
        rel: [f"line {line}: {text}(...)" for line, text in found]
        for rel, path in _app_modules()
        if rel not in ALLOWED and (found := orm_writes(path.read_text(), relations))
    }
    assert offending == {}


def test_each_allowed_module_still_writes_so_the_list_stays_short():
    relations = _relation_names()
    for rel in ALLOWED:
        assert orm_writes((ROOT / rel).read_text(), relations), f"{rel} no longer writes: drop it"


@pytest.mark.parametrize(
    "source",
    [
        "claim.save()",
        "Claim.objects.create(x=1)",
        "Claim.objects.filter(pk=1).update(x=1)",
        "qs = Claim.objects.filter(pk=1)\nqs.update(x=1)",
        "queryset.filter(revoked_at=None).update(revoked_at=now)",
        "queryset.update(status='archived')",
        "claim.ratings.all().delete()",
        "claim.assignments.create(reviewer=r)",
        "rating.delete()",
        "user.groups.add(group)",
        "comment.mentions.set(users)",
        "Outlet.objects.get_or_create(name='x')",
        "Assignment.objects.bulk_create(rows)",
        "self.model._default_manager.update(x=1)",
    ],
)
def test_the_check_sees_orm_writes(source):
    assert orm_writes(source, _relation_names()), source


@pytest.mark.parametrize(
    "source",
    [
        "counts.update(other)",
        "seen = set()\nseen.update(x)",
        "cache.delete(KEY)",
        "cache.set(KEY, 1)",
        "names.add(x)",
        "formset.save(commit=False)",
        "class Claim:\n    def save(self, *a, **k):\n        super().save(*a, **k)",
        "bar.update(3)",
    ],
)
def test_the_check_ignores_what_is_not_an_orm_write(source):
    assert not orm_writes(source, _relation_names()), source
