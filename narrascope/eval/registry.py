"""The evaluations by name: runner, formatter, the options each takes, one-line help.

``narrascope eval <task>`` is parsing plus :func:`evaluate`; the Python API calls the same::

    >>> from narrascope.eval import evaluate, evaluation
    >>> result = evaluate("cleaning", split="test", out="eval-out")       # doctest: +SKIP
    >>> print(evaluation("cleaning").format(result))                       # doctest: +SKIP
    cleaning (clean@...) on 12 test page(s)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import ConfigError
from ..settings import Settings
from .scores import envelope, write_scores

SHARED_TASKS = ("semeval2025", "semeval2023", "ptc", "unlp2025")
DEV_OPTIONS = ("data", "split", "annotations", "out", "shared_dir")


@dataclass(frozen=True)
class Evaluation:
    """One evaluation: ``run(options, settings) -> result`` and ``format(result) -> str``.

    ``options`` are the keyword options it reads (any other is E018); ``default_data`` gives the data
    path when ``data`` is not given (None: ``data`` is required, E016); ``details``, ``scores_key`` and
    ``baselines`` say how :func:`.scores.envelope` wraps the result.
    """

    name: str
    help: str
    run: Callable[[dict[str, Any], Settings], dict[str, Any]]
    format: Callable[[dict[str, Any]], str]
    options: tuple[str, ...]
    default_data: Callable[[Settings], Path] | None = None
    details: tuple[str, ...] = ()
    scores_key: str | None = None
    baselines: Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]] | None = None


def _annotations(options: dict[str, Any]) -> list[str] | None:
    return [options["annotations"]] if options.get("annotations") else None


def _cleaning(options: dict[str, Any], settings: Settings) -> dict[str, Any]:
    from .cleaning import evaluate_cleaning

    return evaluate_cleaning(options["data"], split=options.get("split") or "test",
                             annotations=options.get("annotations"))


def _entities(options: dict[str, Any], settings: Settings) -> dict[str, Any]:
    from .entities import evaluate_entities

    return evaluate_entities(options["data"], split=options.get("split") or "test",
                             annotations=_annotations(options))


def _techniques(options: dict[str, Any], settings: Settings) -> dict[str, Any]:
    from .techniques import evaluate_techniques

    return evaluate_techniques(options["data"], split=options.get("split") or "test",
                               annotations=_annotations(options), settings=settings)


def _narratives(options: dict[str, Any], settings: Settings) -> dict[str, Any]:
    from .narratives import evaluate_narratives

    return evaluate_narratives(options["data"], split=options.get("split") or "test",
                               models=tuple(options.get("model") or ()),
                               taxonomies=tuple(options.get("taxonomy") or ()) or None)


def _framing(options: dict[str, Any], settings: Settings) -> dict[str, Any]:
    from .framing import evaluate_framing

    return evaluate_framing(options["data"], split=options.get("split") or "test", models=tuple(settings.models))


def _shared_task(name: str) -> Callable[[dict[str, Any], Settings], dict[str, Any]]:
    def run(options: dict[str, Any], settings: Settings) -> dict[str, Any]:
        from .run import evaluate_task

        bert = options.get("bertscore_model")
        return evaluate_task(name, options["data"], lang=options.get("lang"), subtask=options.get("subtask"),
                             out_dir=options.get("out"), settings=settings, split=options.get("split"),
                             score_options={"bertscore_model": bert} if bert else None)
    return run


def _format(module: str, name: str) -> Callable[[dict[str, Any]], str]:
    # The runner modules import the pipeline: load them when a result is formatted, not at startup.
    def fmt(result: dict[str, Any]) -> str:
        import importlib

        return getattr(importlib.import_module(f"{__package__}.{module}"), name)(result)
    return fmt


def _stance_rules_baseline(scores: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The stance rules are the baseline the trained stance head is compared with."""
    oracle = dict(scores.get("stance_oracle") or {})
    if "rules" not in oracle:
        return scores, {}
    rules = oracle.pop("rules")
    return {**scores, "stance_oracle": oracle}, {"stance_oracle": {"rules": rules}}


def _framing_baselines(scores: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Per language: "always <majority>" and the TF-IDF context baseline go beside the rules and the model."""
    kept, base = {}, {}
    for lang, by_name in scores.items():
        if not isinstance(by_name, dict) or "prior" not in by_name:
            kept[lang] = by_name
            continue
        kept[lang] = {k: v for k, v in by_name.items() if k not in ("prior", "context_tfidf_lr")}
        base[lang] = {k: by_name[k] for k in ("prior", "context_tfidf_lr")}
    return kept, base


def _dev_corpus(settings: Settings) -> Path:
    return settings.dev_corpus


_EVALUATIONS: dict[str, Evaluation] = {}


def register_evaluation(ev: Evaluation) -> Evaluation:
    _EVALUATIONS[ev.name] = ev
    return ev


for _ev in (
    Evaluation("cleaning", "body retention of the cleaner against our annotations of the dev corpus",
               _cleaning, _format("cleaning", "format_cleaning"), DEV_OPTIONS, _dev_corpus,
               details=("pages", "worst_pages")),
    Evaluation("entities", "entities, quotes, speakers and framing roles against our annotations",
               _entities, _format("entities", "format_entities"), DEV_OPTIONS, _dev_corpus, details=("pages",)),
    Evaluation("framing", "framing roles given the gold entities and voices, beside the prior and a TF-IDF baseline",
               _framing, _format("framing", "format_framing"), ("data", "split", "model", "out", "shared_dir"),
               _dev_corpus, details=("pages", "train_roles", "model"), baselines=_framing_baselines),
    Evaluation("techniques", "persuasion-technique spans against our annotations",
               _techniques, _format("techniques", "format_techniques"), (*DEV_OPTIONS, "model"), _dev_corpus,
               details=("pages", "failed_pages")),
    Evaluation("narratives", "narrative labels, calibration and stance against our annotations",
               _narratives, _format("narratives", "format_narratives"),
               ("data", "split", "model", "taxonomy", "out", "shared_dir"), _dev_corpus,
               details=("pages", "taxonomies"), baselines=_stance_rules_baseline),
    *(Evaluation(task, "shared task (--data: its release folder)",
                 _shared_task(task), _format("run", "format_result"),
                 ("data", "lang", "subtask", "split", "out", "model", "taxonomy",
                  *(("bertscore_model",) if task == "semeval2025" else ())), scores_key="scores")
      for task in SHARED_TASKS),
):
    register_evaluation(_ev)


def evaluations() -> dict[str, Evaluation]:
    """Every registered evaluation by name, in registration order."""
    return dict(_EVALUATIONS)


def evaluation(name: str) -> Evaluation:
    if name not in _EVALUATIONS:
        raise ConfigError("E005", name=name, known=", ".join(_EVALUATIONS))
    return _EVALUATIONS[name]


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _tuple(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, (str, Path)) else tuple(value)


def evaluate(task: str, settings: Settings | None = None, **options: Any) -> dict[str, Any]:
    """Run evaluation ``task`` and return its result; with ``out=DIR`` also write ``DIR/scores.json``.

    Options left as None count as not given. An option the task does not take is a ConfigError
    (E018), never silently ignored; a shared task without ``data`` is E016. ``model`` and ``taxonomy``
    take one path/name or several. ``settings`` gives the base settings (e.g. ``shared_dir``).
    """
    ev = evaluation(task)
    given = {k: v for k, v in options.items() if v is not None}
    for name in given:
        if name not in ev.options:
            raise ConfigError("E018", option=_flag(name), command=f"eval {task}",
                              known=", ".join(map(_flag, ev.options)))
    for name in ("model", "taxonomy"):
        if name in given:
            given[name] = _tuple(given[name])
    base = settings or Settings()
    changes = {k: v for k, v in (("shared_dir", given.get("shared_dir")), ("models", given.get("model")),
                                 ("taxonomies", given.get("taxonomy"))) if v}
    settings = base.with_options(**changes) if changes else base
    if not given.get("data"):
        if ev.default_data is None:
            raise ConfigError("E016", command=f"eval {task}", option="--data DIR",
                              detail="the folder of the shared task's release")
        given["data"] = ev.default_data(settings)
    result = ev.run(given, settings)
    if given.get("out"):
        write_scores(given["out"], envelope(task, result, data=given["data"], split=given.get("split"),
                                            details=ev.details, scores_key=ev.scores_key, baselines=ev.baselines))
    return result
