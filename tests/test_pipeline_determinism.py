"""Same input, same output: no result may depend on PYTHONHASHSEED (set or dict-of-set order).

An entity's type used to flip between LOC and ORG with the hash seed. The three seeds go through
the full default pipeline in two processes with different seeds; every article's JSON, all
layers and meta included, must be byte-identical.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DRIVER = """
import json, sys
from narrascope.errors import ErrorRecord
from narrascope.ingest import read_inputs
from narrascope.pipeline import Pipeline

items = list(read_inputs([sys.argv[1]]))
articles = [a for a in items if not isinstance(a, ErrorRecord)]
out = sorted((a.to_dict() for a in Pipeline().pipe(articles)), key=lambda d: d["id"])
sys.stdout.write(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


def _run(seeds_dir: Path, hash_seed: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", DRIVER, str(seeds_dir)], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def test_seeds_identical_under_different_hash_seeds(seeds_dir):
    procs = [_run(seeds_dir, seed) for seed in ("1", "3")]  # these two seeds flipped an entity type
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
        outs.append(out)
    first, second = (json.loads(o) for o in outs)
    assert len(first) == 3 and all(a["layers"].get("entities") for a in first)
    for a, b in zip(first, second):
        assert a["id"] == b["id"]
        for key in a:
            assert a[key] == b[key], f"article {a['id']}: '{key}' differs between PYTHONHASHSEED 1 and 3"
    assert outs[0] == outs[1]
