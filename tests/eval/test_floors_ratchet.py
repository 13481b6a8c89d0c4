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
    """Each commit that changed the floors is compared with its first parent (for a merge: the main line
    before it), so a branch started before a floor moved cannot be read as a drop."""
    try:
        log = _git("log", "--full-history", "--format=%H%x1f%P%x1f%B%x1e", "--", FLOORS)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    commits = [c.strip().split("\x1f", 2) for c in log.split("\x1e") if c.strip()]
    for sha, parents, message in commits:
        parent = parents.split()[0] if parents.strip() else None
        if parent is None:
            continue
        try:
            before = json.loads(_git("show", f"{parent}:{FLOORS}"))
        except subprocess.CalledProcessError:
            continue  # the file did not exist before this commit
        drops = lowered(before, json.loads(_git("show", f"{sha}:{FLOORS}")))
        assert not drops or "LOWER FLOOR:" in message, (sha[:8], drops)
    working = json.loads((ROOT / FLOORS).read_text())
    head = json.loads(_git("show", f"HEAD:{FLOORS}"))
    assert lowered(head, working) == [], "uncommitted floors.json lowers a floor"
