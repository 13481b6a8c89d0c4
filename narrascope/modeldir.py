"""Model directories: the one place that reads, checks, writes and finds them.

A model directory (written by ``narrascope train``, or shipped under ``resources/models``)::

    MODEL_DIR/
      model.json      manifest: a JSON object (at most MAX_MANIFEST_BYTES) with at least
                      ``component`` and ``version``; it may name files (``"weights": "weights.npz"``)
      weights.npz     arrays, loaded with allow_pickle=False; labels.json, LICENSE ...

A model is untrusted input. Before a component uses one, :func:`open_model` checks that the
manifest is a bounded JSON object with the required keys, and every file the manifest names or the
loader opens resolves INSIDE the directory (no ``../``, no symlink out), exists, and is under a size
cap. :func:`check_models` refuses ``Settings.models`` entries that do not exist, name no known
component, or give one component twice. Components call :func:`load_model` once, when they are
created (never per article); a loaded model is kept for the process.

    >>> from narrascope.settings import Settings
    >>> model = load_model("framing", Settings(models=("models/framing",)), FramingModel.from_dir)  # doctest: +SKIP
"""
from __future__ import annotations

import json
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from .errors import ConfigError, NarrascopeError

MANIFEST = "model.json"
REQUIRED = ("component", "version")
FILE_KEYS = ("weights",)          # manifest keys whose value is a file of the directory
FILES_KEY = "files"               # optional list of further files the model needs
MAX_MANIFEST_BYTES = 1_000_000    # the shipped manifests are ~3 kB
MAX_FILE_BYTES = 256 * 2**20      # per file; the shipped weights are ~3 MB
MAX_UNPACKED_BYTES = 2 * 2**30    # arrays of one .npz once decompressed (a zip bomb stops here)
MODEL_COMPONENTS = ("techniques", "narratives", "framing")  # built-in components that load a model
# Registries above (pipeline, train) hand in a function that names their components: modeldir imports neither.
_NAME_SOURCES: list[Callable[[], Iterable[str]]] = []


@dataclass(frozen=True)
class ModelDir:
    """A checked model directory: its resolved ``path`` and its ``manifest``."""

    path: Path
    manifest: dict[str, Any]
    stamp: tuple[int, int] = (0, 0)   # (mtime_ns, size) of model.json when read: the cache key

    @property
    def component(self) -> str:
        return self.manifest["component"]

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    def file(self, name: str) -> Path:
        """``name`` inside the directory, checked (inside, exists, regular file, size cap)."""
        return checked_file(self.path, name)

    def json(self, name: str) -> Any:
        path = self.file(name)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, RecursionError) as err:
            raise ConfigError("E009", path=str(self.path), detail=f"{name} is not valid JSON ({err})") from None

    def arrays(self, name: str) -> dict[str, Any]:
        """The arrays of an ``.npz`` file, loaded without pickle after a zip-bomb check."""
        import numpy as np

        path = self.file(name)
        try:
            with zipfile.ZipFile(path) as zf:
                unpacked = sum(info.file_size for info in zf.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise ConfigError("E026", name=name, path=str(self.path),
                                  detail=f"unpacks to {unpacked} bytes, over the limit of {MAX_UNPACKED_BYTES}")
            with np.load(path, allow_pickle=False) as z:
                return {key: z[key] for key in z.files}
        except NarrascopeError:
            raise
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
            raise ConfigError("E009", path=str(self.path), detail=f"{name} is not a readable .npz ({err})") from None


def checked_file(folder: Path, name: Any) -> Path:
    """The file ``name`` of model directory ``folder``, or E025 (outside) / E026 (missing, not a file, too big)."""
    if not isinstance(name, str) or not name or "\x00" in name:
        raise ConfigError("E024", path=str(folder / MANIFEST), detail=f"a file name must be a non-empty string, got {name!r}",
                          limit=MAX_MANIFEST_BYTES, required=", ".join(REQUIRED))
    root = folder.resolve()
    path = (root / name).resolve()
    if os.path.isabs(name) or not path.is_relative_to(root) or path == root:
        raise ConfigError("E025", path=str(folder), name=name)
    try:
        info = path.stat()
    except OSError:
        raise ConfigError("E026", name=name, path=str(folder), detail="is missing") from None
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError("E026", name=name, path=str(folder), detail="is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise ConfigError("E026", name=name, path=str(folder),
                          detail=f"is {info.st_size} bytes, over the limit of {MAX_FILE_BYTES}")
    return path


def _bad_manifest(path: Path, detail: str) -> ConfigError:
    return ConfigError("E024", path=str(path), detail=detail, limit=MAX_MANIFEST_BYTES, required=", ".join(REQUIRED))


def _read_manifest_file(path: Path) -> dict[str, Any]:
    """Parse a manifest file (the one place a model.json is read; tests count calls to it)."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        raise _bad_manifest(path, f"it is larger than {MAX_MANIFEST_BYTES} bytes")
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as err:
        raise _bad_manifest(path, f"not valid JSON ({type(err).__name__}: {str(err)[:200]})") from None
    if not isinstance(manifest, dict):
        raise _bad_manifest(path, f"it holds a JSON {type(manifest).__name__}, not an object")
    return manifest


def validate_manifest(manifest: Any, where: Path, component: str | None = None) -> dict[str, Any]:
    """``manifest`` if it has the required keys and (when given) belongs to ``component``."""
    if not isinstance(manifest, dict):
        raise _bad_manifest(where, "it is not a JSON object")
    if not isinstance(manifest.get("component"), str) or not manifest["component"].strip():
        raise _bad_manifest(where, "'component' is missing or not a string")
    if component is not None and manifest["component"] != component:
        raise ConfigError("E009", path=str(where.parent if where.name == MANIFEST else where),
                          detail=f"it holds a '{manifest['component']}' model, not '{component}'")
    missing = [k for k in REQUIRED if not isinstance(manifest.get(k), (str, int, float)) or manifest.get(k) == ""]
    if missing:
        raise _bad_manifest(where, f"missing {', '.join(missing)}")
    names = manifest.get(FILES_KEY, [])
    if not isinstance(names, list):
        raise _bad_manifest(where, f"'{FILES_KEY}' must be a list of file names")
    return manifest


_OPENED: dict[tuple[str, tuple[int, int]], ModelDir] = {}
_LOADED: dict[tuple[str, str, tuple[int, int]], Any] = {}


def open_model(model_dir: str | Path, component: str | None = None) -> ModelDir:
    """Read and check a model directory (manifest and every file it names); kept per process."""
    folder = Path(model_dir)
    if not folder.is_dir():
        raise ConfigError("E023", path=str(model_dir))
    path = folder / MANIFEST
    if not path.exists():
        raise ConfigError("E009", path=str(model_dir), detail=f"no {MANIFEST}")
    checked = checked_file(folder, MANIFEST)  # inside the folder (no symlink out), a regular file
    info = checked.stat()
    stamp = (info.st_mtime_ns, info.st_size)
    key = (str(folder.resolve()), stamp)
    md = _OPENED.get(key)
    if md is None:
        manifest = validate_manifest(_read_manifest_file(checked), path, component)
        for name in [*(manifest[k] for k in FILE_KEYS if k in manifest), *manifest.get(FILES_KEY, [])]:
            checked_file(folder, name)
        md = ModelDir(folder.resolve(), manifest, stamp)
        _OPENED[key] = md
    elif component is not None:
        validate_manifest(md.manifest, path, component)
    return md


def read_manifest(model_dir: str | Path, component: str | None = None) -> dict[str, Any]:
    """The checked manifest of a model directory (belonging to ``component`` when given)."""
    return dict(open_model(model_dir, component).manifest)


def write_manifest(out_dir: str | Path, manifest: dict[str, Any]) -> Path:
    """Write ``model.json``, refusing one that :func:`open_model` would refuse to read."""
    out = Path(out_dir)
    path = out / MANIFEST
    validate_manifest(manifest, path)
    text = json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    if len(text.encode("utf-8")) > MAX_MANIFEST_BYTES:
        raise _bad_manifest(path, f"it would be larger than {MAX_MANIFEST_BYTES} bytes")
    for name in [*(manifest[k] for k in FILE_KEYS if k in manifest), *manifest.get(FILES_KEY, [])]:
        checked_file(out, name)
    path.write_text(text, encoding="utf-8")
    return path


def add_component_names(source: Callable[[], Iterable[str]]) -> None:
    """Let a registry on a higher floor tell :func:`known_components` its names; ``source()`` is asked
    each time, so names registered later count. ``pipeline`` and ``train`` hand theirs in on import.

        >>> add_component_names(lambda: ["sentiment"])  # doctest: +SKIP
    """
    if source not in _NAME_SOURCES:
        _NAME_SOURCES.append(source)


def known_components() -> list[str]:
    """Component names a model may be for: built-in model users, registered components and trainers."""
    return sorted({*MODEL_COMPONENTS, *(name for source in _NAME_SOURCES for name in source())})


def check_models(models: Iterable[str | Path]) -> dict[str, ModelDir]:
    """component -> checked model directory for ``Settings.models``; E023/E024/E025/E026/E027/E028."""
    chosen: dict[str, ModelDir] = {}
    known: list[str] | None = None
    for entry in models:
        md = open_model(entry)
        if md.component not in MODEL_COMPONENTS:
            known = known if known is not None else known_components()
            if md.component not in known:
                raise ConfigError("E027", path=str(entry), component=md.component, known=", ".join(MODEL_COMPONENTS))
        if md.component in chosen and chosen[md.component].path != md.path:
            raise ConfigError("E028", component=md.component, paths=f"{chosen[md.component].path}, {entry}")
        chosen[md.component] = md
    return chosen


def resolve(models: Iterable[str | Path], component: str, default: str | Path | None = None) -> ModelDir | None:
    """The model directory for ``component``: the one given in ``models``, else ``default`` when it
    holds a manifest, else None. Every entry of ``models`` is checked, not only the one chosen."""
    given = check_models(models).get(component)
    if given is not None:
        return given
    if default is not None and (Path(default) / MANIFEST).exists():
        return open_model(default, component)
    return None


def load_model(component: str, settings: Any, loader: Callable[[ModelDir], Any],
               default: str | Path | None = None) -> Any:
    """``loader(model_dir)`` for the component's model (see :func:`resolve`), once per process, or None.

    A model that the loader cannot read is a ConfigError (E009), raised now, before any article.
    """
    md = resolve(settings.models, component, default)
    if md is None:
        return None
    key = (component, str(md.path), md.stamp)
    if key not in _LOADED:
        validate_manifest(md.manifest, md.path / MANIFEST, component)
        try:
            _LOADED[key] = loader(md)
        except NarrascopeError:
            raise
        except Exception as err:  # a model file we cannot use must stop the run here, not fail every article
            raise ConfigError("E009", path=str(md.path), detail=f"{type(err).__name__}: {err}") from None
    return _LOADED[key]


def clear_cache() -> None:
    """Forget opened and loaded models (tests; a long-lived process after retraining)."""
    _OPENED.clear()
    _LOADED.clear()
