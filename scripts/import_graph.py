"""The import graph of narrascope, from ``ast``: import cycles and package-to-package arrows.

Used to derive the floors of docs/architecture.md (``tests/test_layers.py`` enforces them). A cycle is a
strongly connected component of more than one module; "import time" counts only imports that run when the
module is imported (not inside a function, not under ``if TYPE_CHECKING``), "all" counts every import.

    $ python scripts/import_graph.py            # counts and the cycles
    $ python scripts/import_graph.py --packages # package -> packages it imports (all imports)
"""
from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted name -> file for every module under narrascope/ (a package's ``__init__`` is the package)."""
    found = {}
    for path in sorted((root / "narrascope").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _nodes(tree: ast.AST, import_time: bool):
    for child in ast.iter_child_nodes(tree):
        if import_time and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue  # runs when called, not when imported
        if import_time and isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            continue
        yield child
        yield from _nodes(child, import_time)


def edges(mods: dict[str, Path], import_time: bool) -> dict[str, set[str]]:
    """Module -> narrascope modules it imports (the nearest existing module of each import)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in mods.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in _nodes(ast.parse(path.read_text(encoding="utf-8")), import_time):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                parent = here[:len(here) - node.level + 1] if node.level else []
                base = ".".join(parent + ([node.module] if node.module else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
            for target in targets:
                while target not in mods and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in mods and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]], nodes) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], 0
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter; counter += 1; stack.append(start); on.add(start)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter; counter += 1; stack.append(nxt); on.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                elif nxt in on:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    member = stack.pop(); on.discard(member); comp.append(member)
                    if member == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return sorted(out, key=lambda c: (-len(c), c))


def package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", action="store_true", help="print package -> imported packages")
    args = parser.parse_args(argv)
    mods = modules()
    for label, import_time in (("import time", True), ("all imports", False)):
        found = cycles(edges(mods, import_time), mods)
        print(f"{label}: {len(found)} cycle(s), sizes {[len(c) for c in found]}")
        for comp in found:
            print("   ", " ".join(comp))
    arrows: dict[str, set[str]] = defaultdict(set)
    for src, targets in edges(mods, False).items():
        arrows[package(src)] |= {package(t) for t in targets} - {package(src)}
    found = cycles(arrows, sorted({package(m) for m in mods}))
    print(f"package level (all imports): {len(found)} cycle(s), sizes {[len(c) for c in found]}")
    for comp in found:
        print("   ", " ".join(comp))
    if args.packages:
        for src in sorted(arrows):
            print(f"{src} -> {', '.join(sorted(arrows[src]))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
