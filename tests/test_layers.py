"""The layer rules of docs/architecture.md, enforced: no module imports a package on a higher floor.

Every module under ``narrascope/`` is parsed with ``ast`` and every import is checked, including imports
inside functions (a lazy import is still an arrow up the house). A package may import itself and any
package on a LOWER floor; packages that share a floor are independent and may not import each other.
(import-linter would do this from a ``layers`` contract; it is not installed, so this is the equivalent.)

    >>> error = check_source("narrascope.tasks.ptc", "from ..pipeline import Pipeline\\n", "narrascope/tasks/ptc.py")[0]
    >>> print(error.split(": ", 2)[2].split(";")[0])
    'tasks' (floor 2) may not import 'pipeline' on a higher floor (floor 5)
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "narrascope"

# Bottom to top; keep in step with the table in docs/architecture.md. Names are the first part under
# ``narrascope.`` (a subpackage or a top-level module); "narrascope" is the package's own __init__.
FLOORS: list[tuple[str, ...]] = [
    ("errors",),
    ("article", "safecsv", "modeldir"),
    ("settings", "taxonomy", "tasks"),
    ("ingest",),
    ("store", "text"),
    ("pipeline", "train", "corpus"),
    ("entities", "quotes", "framing", "techniques", "narratives"),
    ("components",),
    ("api",),
    ("narrascope",),
    ("export", "report", "eval", "server"),
    ("cli_output", "summary", "inputs_count"),
    ("cli_corpus",),
    ("cli",),
    ("__main__",),
]

# Upward imports that stay for now, each with its reason. (importer module, imported module) -> why.
# The test fails on any import not listed here, and on an entry that no longer matches an import.
EXCEPTIONS: dict[tuple[str, str], str] = {
    # none: the registries' built-ins are handed in from narrascope/__init__.py (issue 12)
}

FLOOR_OF = {name: i for i, names in enumerate(FLOORS) for name in names}


def module_name(path: Path, root: Path = ROOT) -> str:
    """``narrascope/tasks/ptc.py`` -> ``narrascope.tasks.ptc``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(module: str) -> str:
    """The floor name of a module: ``narrascope.tasks.ptc`` -> ``tasks``; ``narrascope`` -> ``narrascope``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(module: str, source: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, absolute module) for every ``narrascope`` import in ``source``, at any depth.

    ``from pkg import x`` gives ``pkg.x`` when that is a module (or package) under narrascope/, else ``pkg``.
    """
    here = module.split(".") if is_package else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = here[:len(here) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            # `from .framing import train` imports the module framing.train; `from .. import __version__` a name
            found += [(node.lineno, f"{target}.{a.name}" if _is_module(f"{target}.{a.name}") else target)
                      for a in node.names]
    return [(line, name) for line, name in found if name == "narrascope" or name.startswith("narrascope.")]


def _excepted(module: str, target: str) -> bool:
    return any(module == m and (target == t or target.startswith(t + ".")) for m, t in EXCEPTIONS)


def check_source(module: str, source: str, path: str, is_package: bool = False) -> list[str]:
    """One message per import in ``source`` that breaks the floors (an upward or a same-floor import)."""
    errors = []
    mine = package_of(module)
    for line, target in imported_modules(module, source, is_package):
        theirs = package_of(target)
        if theirs == mine or _excepted(module, target):
            continue
        if mine not in FLOOR_OF or theirs not in FLOOR_OF:
            unknown = mine if mine not in FLOOR_OF else theirs
            errors.append(f"{path}:{line}: {module} imports {target}: '{unknown}' is on no floor; "
                          "add it to FLOORS here and to docs/architecture.md")
        elif FLOOR_OF[theirs] >= FLOOR_OF[mine]:
            how = "a higher floor" if FLOOR_OF[theirs] > FLOOR_OF[mine] else "the same floor (siblings are independent)"
            errors.append(f"{path}:{line}: {module} imports {target}: '{mine}' (floor {FLOOR_OF[mine]}) may not "
                          f"import '{theirs}' on {how} (floor {FLOOR_OF[theirs]}); see docs/architecture.md")
    return errors


def all_modules(package: Path = PACKAGE) -> list[Path]:
    return sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_imports_up_a_floor():
    errors = []
    for path in all_modules():
        module = module_name(path)
        errors += check_source(module, path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)),
                               path.name == "__init__.py")
    assert not errors, "imports against the layer rules:\n" + "\n".join(errors)


def test_every_exception_is_still_needed():
    # An exception whose import is gone must be deleted, so it cannot hide a future upward import.
    used = set()
    for path in all_modules():
        module = module_name(path)
        for _, target in imported_modules(module, path.read_text(encoding="utf-8"), path.name == "__init__.py"):
            used |= {(m, t) for m, t in EXCEPTIONS if m == module and (target == t or target.startswith(t + "."))}
    assert set(EXCEPTIONS) - used == set()


def test_every_package_is_on_a_floor():
    names = {package_of(module_name(p)) for p in all_modules()}
    assert names - {"resources"} <= set(FLOOR_OF), sorted(names - set(FLOOR_OF))


def test_floors_match_the_architecture_doc():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for i, names in enumerate(FLOORS):
        for name in names:
            assert f"`{name}`" in doc, f"{name} (floor {i}) is not in docs/architecture.md"


@pytest.mark.parametrize("module,source,is_package,fragment", [
    # a shared-task format reaching for the pipeline, inside a function
    ("narrascope.tasks.ptc", "def f():\n    from ..pipeline import Pipeline\n", False,
     "narrascope/x.py:2: narrascope.tasks.ptc imports narrascope.pipeline: 'tasks' (floor 2) may not import "
     "'pipeline' on a higher floor (floor 5)"),
    # an absolute import from a component into the CLI
    ("narrascope.components.quotes", "import narrascope.cli\n", False, "'components' (floor 7) may not import 'cli'"),
    # a package __init__ importing an evaluation runner with `from .. import`
    ("narrascope.techniques", "from .. import eval\n", True, "narrascope.techniques imports narrascope.eval:"),
    # two siblings on one floor
    ("narrascope.framing.train", "from ..techniques import data\n", False, "the same floor (siblings are independent)"),
    # the registry module may not import a higher floor either
    ("narrascope.pipeline", "from .eval import run\n", False, "'pipeline' (floor 5) may not import 'eval'"),
])
def test_a_fake_upward_import_fails(module, source, is_package, fragment):
    errors = check_source(module, source, "narrascope/x.py", is_package)
    assert len(errors) == 1 and fragment in errors[0], errors


def test_downward_and_own_package_imports_pass():
    source = ("from ..article import Article\nfrom ..errors import ConfigError\nfrom .registry import get_task\n"
              "import json\nfrom . import ptc\n")
    assert check_source("narrascope.tasks.semeval2023", source, "narrascope/tasks/semeval2023.py") == []
    # the package __init__ hands the built-in components to the registry from above ...
    assert check_source("narrascope", "def f():\n    from . import components\n", "narrascope/__init__.py", True) == []


def test_the_registry_may_not_load_its_builtins_itself():
    # ... the registry itself may no longer import them (it did until issue 12 removed the exception)
    errors = check_source("narrascope.pipeline", "from . import components\n", "narrascope/pipeline.py")
    assert len(errors) == 1 and "'pipeline' (floor 5) may not import 'components'" in errors[0], errors
