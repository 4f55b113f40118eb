"""What the app imports: never the benchmarks' code, nor libraries that only training needs."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_app_imports_no_bench_code_and_no_training_library():
    offending = {}
    for path in sorted((ROOT / "factcheck").rglob("*.py")):
        bad = {
            name
            for name in imported_modules(path)
            if name.split(".")[0] in {"bench", "sklearn", "scipy"}
        }
        if bad:
            offending[str(path.relative_to(ROOT))] = sorted(bad)
    assert offending == {}
