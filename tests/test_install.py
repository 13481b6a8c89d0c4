"""The install stays reproducible: the lock is complete and the README's commands are what CI runs.

A lock that misses a package, or a command that lets pip re-resolve, breaks the two README commands
the day a dependency publishes a release (issue 11); these checks catch that without a network.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for every requirement in the lock."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("--hash="):
            assert current, f"hash without a requirement: {line}"
            version, n = pins[current]
            pins[current] = (version, n + 1)
            continue
        m = re.fullmatch(r"([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;[^\\]*)?\\?", stripped)
        assert m, f"requirements.lock line is not pinned with == (pip --require-hashes refuses it): {line}"
        current = _norm(m.group(1))
        pins[current] = (m.group(2), 0)
    return pins


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_locked_requirement_is_pinned_and_hashed():
    pins = _locked()
    assert len(pins) > 50
    unhashed = [name for name, (_, n) in pins.items() if n == 0]
    assert unhashed == []


def test_every_declared_dependency_is_locked_at_its_version():
    project = _pyproject()["project"]
    declared = list(project["dependencies"]) + [d for deps in project["optional-dependencies"].values() for d in deps]
    pins = _locked()
    for spec in declared:
        name, version = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)", spec).groups()
        assert pins.get(_norm(name), (None,))[0] == version, f"{spec} is not in requirements.lock at that version"


def test_build_backend_is_locked_so_the_editable_install_needs_no_download():
    requires = _pyproject()["build-system"]["requires"]
    pins = _locked()
    for spec in requires:
        name, low = re.fullmatch(r"([A-Za-z0-9._-]+)>=(\S+)", spec).groups()
        assert _norm(name) in pins, f"build requirement {name} is missing from requirements.lock"
        have = tuple(int(x) for x in pins[_norm(name)][0].split(".")[:2])
        assert have >= tuple(int(x) for x in low.split(".")[:2])


def test_ci_runs_the_readme_test_command_which_installs_without_resolving():
    ci = [l for l in (ROOT / ".ci" / "run").read_text().splitlines() if "python3 -m venv" in l]
    assert len(ci) == 1
    command = ci[0]
    assert command in (ROOT / "README.md").read_text(encoding="utf-8")
    for part in ("--require-hashes --no-deps -r requirements.lock", "--no-build-isolation", "pip check", "pytest"):
        assert part in command
