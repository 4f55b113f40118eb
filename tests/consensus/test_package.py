"""The consensus package: its re-exported names, and what importing each part costs."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck import consensus

ROOT = Path(__file__).resolve().parents[2]


def fresh_python(code: str) -> dict:
    """Run `code` in a new interpreter without Django settings; it prints one JSON object."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_every_exported_name_resolves_to_its_module():
    for name in consensus.__all__:
        value = getattr(consensus, name)
        module = getattr(value, "__module__", None)
        assert module is None or module.startswith("factcheck.consensus."), name


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'simulate'"):
        consensus.simulate  # noqa: B018


def test_the_whole_desk_computes_without_django():
    result = fresh_python(
        "import json, sys\n"
        "from factcheck.consensus import compute_desk, ClaimInfo\n"
        "labels = {1: (1, 2), 2: (1, 1)}\n"
        "claims = {c: ClaimInfo(scale=1) for c in (1, 2)}\n"
        "r = compute_desk([(1, 1, 1), (1, 2, 1), (2, 1, 2), (2, 2, 1)], labels, claims)\n"
        "print(json.dumps({'proposed': r.claims[1].proposed,"
        " 'django': 'django' in sys.modules}))"
    )
    assert result == {"proposed": 1, "django": False}


def test_importing_the_package_and_its_rules_loads_no_numpy():
    result = fresh_python(
        "import json, sys\n"
        "from factcheck import consensus\n"
        "flag = consensus.needs_discussion([1, 2], [6, 1])\n"
        "print(json.dumps({'flag': flag, 'numpy': 'numpy' in sys.modules}))"
    )
    assert result == {"flag": True, "numpy": False}
