"""The long fuzzing run: N generated bad inputs through ``analyze``, each under a watchdog.

    python scripts/fuzz.py --n 10000 --seed 0 [--pipeline light|full] [--timeout 10]
    python scripts/fuzz.py --seed 0 --write 370 --to /tmp    # one input, to reproduce a finding

Inputs come from the families in ``tests/fuzz/families.py`` (the same generators as the fast
property tests in CI), chosen round-robin and deterministic from the seed. Each input is a file
in a temp folder, analysed into one temp SQLite store in the main thread; a SIGALRM watchdog
turns an input that runs over the timeout into a recorded hang instead of an endured one.
Prints a table and exits 1 if any input crashed, hung or vanished.
"""
from __future__ import annotations

import argparse
import collections
import os
import random
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from narrascope.api import analyze  # noqa: E402
from narrascope.settings import Settings  # noqa: E402
from narrascope.store import open_store  # noqa: E402
from tests.fuzz.families import FAMILIES, article, check, generate  # noqa: E402

LIGHT = ("clean", "langid", "sentences")


class Hang(BaseException):
    """Not an Exception: the pipeline's per-article ``except Exception`` must not swallow it."""


def _alarm(signum, frame):
    raise Hang()


def input_for(i: int, seed: int, scale: int) -> tuple[str, str, bytes]:
    """(family, file name, content) of input ``i``: the same on every run with this seed."""
    family = sorted(FAMILIES)[i % len(FAMILIES)]
    name, data = generate(family, random.Random(f"{seed}:{i}"), scale)
    return family, name, data


def run(n: int, seed: int, pipeline: str, timeout: float, scale: int, show: int) -> int:
    settings = Settings() if pipeline == "full" else Settings().with_options(pipeline=LIGHT)
    names = sorted(FAMILIES)
    rows = {f: collections.Counter() for f in names}
    slowest: list[tuple[float, str, str]] = []
    failures: list[str] = []
    crash_kinds: collections.Counter = collections.Counter()  # (exception, file:line where raised)
    signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory(prefix="narrascope-fuzz-") as tmp:
        store = open_store(os.path.join(tmp, "fuzz.db"))
        # Warm-up, not counted: loading the models must not count as the first input's time.
        warm = Path(tmp, "warm-up.txt")
        warm.write_text(article(random.Random(seed), 6), encoding="utf-8")
        analyze([str(warm)], open_store(":memory:"), settings)
        for i in range(n):
            family, name, data = input_for(i, seed, scale)
            folder = Path(tmp, f"{i:06d}")
            folder.mkdir()
            path = folder / name
            path.write_bytes(data)
            row = rows[family]
            row["inputs"] += 1
            start = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                summary = analyze([str(path)], store, settings)
            except Hang:
                row["hangs"] += 1
                failures.append(f"HANG  {family} #{i} ({len(data)} bytes, seed {seed}:{i})")
                # Interrupted anywhere, perhaps mid-transaction: go on with a fresh store.
                try:
                    store.close()
                except Exception:
                    pass
                store = open_store(os.path.join(tmp, f"fuzz-{i}.db"))
                continue
            except Exception as exc:  # the property under test: nothing escapes
                row["crashes"] += 1
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                crash_kinds[f"{type(exc).__name__} at {os.path.relpath(frame.filename, ROOT)}:{frame.lineno}"] += 1
                failures.append(f"CRASH {family} #{i} (seed {seed}:{i}): {type(exc).__name__}: {exc}"[:300]
                                + "\n" + "".join(traceback.format_exc().splitlines(True)[-4:]))
                continue
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                seconds = time.perf_counter() - start
                slowest = sorted(slowest + [(seconds, family, f"#{i} {name} {len(data)} bytes")], reverse=True)[:5]
                for p in sorted(folder.iterdir(), reverse=True):
                    p.unlink()
                folder.rmdir()
            row["articles"] += summary.analysed + summary.updated + summary.unchanged
            row["error records"] += summary.error
            row["warnings"] += summary.warnings
            problems = check(str(path), summary)
            if problems:
                row["vanished"] += 1
                failures.extend(f"VANISH {family} #{i}: {p}" for p in problems)
        store.close()
    cols = ["inputs", "articles", "error records", "warnings", "crashes", "hangs", "vanished"]
    total = sum(rows.values(), collections.Counter())
    print(f"narrascope fuzz: n={n} seed={seed} pipeline={pipeline} timeout={timeout}s scale={scale}")
    print(f"{'family':20s}" + "".join(f"{c:>15s}" for c in cols))
    for f in names + ["TOTAL"]:
        r = total if f == "TOTAL" else rows[f]
        print(f"{f:20s}" + "".join(f"{r[c]:15d}" for c in cols))
    print("slowest inputs:")
    for seconds, family, what in slowest:
        print(f"  {seconds:7.2f} s  {family:20s} {what}")
    if crash_kinds:
        print("crashes by where they were raised:")
        for kind, count in crash_kinds.most_common():
            print(f"  {count:6d}  {kind}")
    for line in failures[:show]:
        print(line)
    bad = total["crashes"] + total["hangs"] + total["vanished"]
    print("RESULT:", "OK" if not bad else f"FAIL ({total['crashes']} crashes, {total['hangs']} hangs, "
          f"{total['vanished']} vanished)")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of generated inputs")
    parser.add_argument("--seed", type=int, default=0, help="seed; the same seed gives the same inputs")
    parser.add_argument("--pipeline", choices=("light", "full"), default="light",
                        help="light: clean, langid, sentences; full: the default pipeline")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before an input counts as a hang")
    parser.add_argument("--scale", type=int, default=300_000, help="largest generated size, in characters")
    parser.add_argument("--show", type=int, default=30, help="failures to print in full")
    parser.add_argument("--write", type=int, metavar="I", help="write input I (of this seed) to --to, run nothing")
    parser.add_argument("--to", default=".", help="folder for --write")
    args = parser.parse_args(argv)
    if args.write is not None:
        family, name, data = input_for(args.write, args.seed, args.scale)
        path = Path(args.to, f"{args.write:06d}-{name}")
        path.write_bytes(data)
        print(f"{family}: {path} ({len(data)} bytes)")
        return 0
    return run(args.n, args.seed, args.pipeline, args.timeout, args.scale, args.show)


if __name__ == "__main__":
    sys.exit(main())
