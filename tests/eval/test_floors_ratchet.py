"""Floors only rise. A commit that lowers one must say so: 'LOWER FLOOR:' in its message."""
import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = "eval/floors.json"


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def _flat(d: dict, prefix: str = "") -> dict[str, float]:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        elif isinstance(v, (int, float)):
            out[f"{prefix}{k}"] = float(v)
    return out


def lowered(old: dict, new: dict) -> list[str]:
    a, b = _flat(old), _flat(new)
    return sorted(k for k in a if k in b and b[k] < a[k]) + sorted(k for k in a if k not in b)


def test_lowered_detects_drops_and_removals():
    assert lowered({"c": {"x": 0.9, "y": 0.5}}, {"c": {"x": 0.9, "y": 0.6}}) == []
    assert lowered({"c": {"x": 0.9, "y": 0.5}}, {"c": {"x": 0.8, "y": 0.6}}) == ["c.x"]
    assert lowered({"c": {"x": 0.9}}, {"c": {}}) == ["c.x"]


def test_no_silent_lowering_in_history():
    try:
        log = _git("log", "--format=%H%x1f%B%x1e", "--reverse", "--", FLOORS)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    commits = [c.strip().split("\x1f", 1) for c in log.split("\x1e") if c.strip()]
    previous = None
    for sha, message in commits:
        current = json.loads(_git("show", f"{sha}:{FLOORS}"))
        if previous is not None:
            drops = lowered(previous, current)
            assert not drops or "LOWER FLOOR:" in message, (sha[:8], drops)
        previous = current
    working = json.loads((ROOT / FLOORS).read_text())
    if previous is not None:
        assert lowered(previous, working) == [], "uncommitted floors.json lowers a floor"
