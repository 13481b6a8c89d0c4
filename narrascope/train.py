"""`narrascope train <component>`: the plumbing trainers plug into.

A trainer is registered for a component name and a set of data formats (task names). It
reads the task's data with the task's readers, fits, and writes a model directory:

    MODEL_DIR/
      model.json        manifest: component, version, format, training data, licence, created
      weights.*         safe formats only (npz, json, safetensors), never pickle

``--model MODEL_DIR`` then points ``analyze`` and ``eval`` at that directory; the component
checks it (:mod:`narrascope.modeldir`) when it is created. Trainers arrive with their components.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .errors import ConfigError
from .ingest.dates import utc_now
from .modeldir import MANIFEST, add_component_names, read_manifest, write_manifest

__all__ = ["MANIFEST", "Trainer", "load_builtins_with", "read_manifest", "register_trainer", "train", "trainers"]


@dataclass
class Trainer:
    component: str
    formats: tuple[str, ...]
    fit: Callable[..., dict[str, Any]]  # (data_dir, format, out_dir, **options) -> manifest extras


_TRAINERS: dict[str, Trainer] = {}
# Functions that register the built-in trainers, handed in from a higher floor (narrascope/__init__.py).
_BUILTIN_LOADERS: list[Callable[[], object]] = []


def register_trainer(trainer: Trainer) -> Trainer:
    _TRAINERS[trainer.component] = trainer
    return trainer


def trainers() -> dict[str, Trainer]:
    """Every registered trainer by component name, the built-ins included (their loaders run first)."""
    _load_builtins()
    return dict(_TRAINERS)


def load_builtins_with(loader: Callable[[], object]) -> None:
    """Have :func:`trainers` and :func:`train` call ``loader`` (which imports modules that call
    :func:`register_trainer`) first; a package on a higher floor hands its built-ins in this way.

        >>> load_builtins_with(lambda: importlib.import_module("narrascope.framing.train"))  # doctest: +SKIP
    """
    if loader not in _BUILTIN_LOADERS:
        _BUILTIN_LOADERS.append(loader)


def _load_builtins() -> None:
    for load in _BUILTIN_LOADERS:
        load()  # an import: a dictionary lookup once done


# check_models (a floor below) accepts a model for any component that has a trainer: it asks here.
add_component_names(trainers)


def train(component: str, data_dir: str | Path, data_format: str, out_dir: str | Path, **options: Any) -> Path:
    """Train ``component`` on ``data_dir`` (in ``data_format``) and write a model directory."""
    _load_builtins()
    trainer = _TRAINERS.get(component)
    if trainer is None:
        raise ConfigError("E007", component=component, known=", ".join(sorted(_TRAINERS)) or "none yet")
    if data_format not in trainer.formats:
        raise ConfigError("E003", name=f"format '{data_format}' for {component}", known=", ".join(trainer.formats))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    extras = trainer.fit(Path(data_dir), data_format, out, **options)
    manifest = {"component": component, "format": data_format, "data": str(data_dir), "created": utc_now(), **extras}
    write_manifest(out, manifest)
    return out
