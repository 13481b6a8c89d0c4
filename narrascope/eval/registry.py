"""The evaluations by name: runner, formatter, the options each takes, one-line help.

``narrascope eval <task>`` is parsing plus :func:`evaluate`; the Python API calls the same::

    >>> from narrascope.eval import evaluate, evaluation
    >>> result = evaluate("cleaning", split="test", out="eval-out")       # doctest: +SKIP
    >>> print(evaluation("cleaning").format(result))                       # doctest: +SKIP
    cleaning (clean@...) on 12 test page(s)
"""
from __future__ import annotations

from dataclasses import dataclass, field
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
    ``baselines`` say how :func:`.scores.envelope` wraps the result. ``compare(options, settings, result)``
    computes the trivial and trained baselines (:mod:`.baselines`); ``headline`` lists, per subtask (None:
    the evaluation has none), the metric paths in the scores they are compared on.
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
    compare: Callable[[dict[str, Any], Settings, dict[str, Any]], dict[str, Any]] | None = None
    headline: dict[int | None, tuple[str, ...]] = field(default_factory=dict)


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


def _waves(options: dict[str, Any], settings: Settings) -> dict[str, Any]:
    from .waves import evaluate_waves

    return evaluate_waves(options.get("seeds"))
def _copies(options: dict[str, Any], settings: Settings) -> dict[str, Any]:
    from .copies import evaluate_copies

    return evaluate_copies(options["data"], split=options.get("split") or "test")


def _copies_compare(options: dict[str, Any], settings: Settings, result: dict[str, Any]) -> dict[str, Any]:
    from .copies import copies_baselines

    return copies_baselines(options, settings, result)


def _shared_task(name: str) -> Callable[[dict[str, Any], Settings], dict[str, Any]]:
    def run(options: dict[str, Any], settings: Settings) -> dict[str, Any]:
        from .run import evaluate_task

        bert = options.get("bertscore_model")
        return evaluate_task(name, options["data"], lang=options.get("lang"), subtask=options.get("subtask"),
                             out_dir=options.get("out"), settings=settings, split=options.get("split"),
                             score_options={"bertscore_model": bert} if bert else None)
    return run


def _format(module: str, name: str, scores_key: str | None = None) -> Callable[[dict[str, Any]], str]:
    # The runner modules import the pipeline: load them when a result is formatted, not at startup.
    def fmt(result: dict[str, Any]) -> str:
        import importlib

        from .baselines import format_baselines

        text = getattr(importlib.import_module(f"{__package__}.{module}"), name)(result)
        table = format_baselines(result, scores_key)
        return f"{text}\n{table}" if table else text
    return fmt


def _compare(module: str, name: str) -> Callable[[dict[str, Any], Settings, dict[str, Any]], dict[str, Any]]:
    def run(options: dict[str, Any], settings: Settings, result: dict[str, Any]) -> dict[str, Any]:
        import importlib

        return getattr(importlib.import_module(f"{__package__}.baselines.{module}"), name)(options, settings, result)
    return run


# The metrics every model is compared with its baselines on ("all.x": over all pages; per language too).
_DEV_HEADLINE = {
    "cleaning": ("all/lines.f1", "all/chars.f1"),
    "entities": ("all.framing_main_role_accuracy", "all.framing_emr", "all.entities_exact.f1", "all.quotes.f1",
                 "all.speaker_accuracy_strict", "all.speaker_accuracy_lenient", "all.speaker_accuracy_end_to_end",
                 "all.entity_type_accuracy",
                 *(f"{lang}.{metric}" for lang in ("en", "ru")
                   for metric in ("quotes.f1", "speaker_accuracy_strict", "speaker_accuracy_lenient",
                                  "speaker_accuracy_end_to_end"))),
    "techniques": ("all.span_labelled.f1", "all.span.f1"),
    "framing": tuple(f"{lang}.{framer}.{metric}" for lang in ("all", "en", "ru") for framer in ("model", "rules")
                     for metric in ("main_role_accuracy", "emr")),
    "waves": ("held_out.f1", "held_out.precision", "held_out.recall", "held_out.recall_within_2d"),
    "copies": ("same_language.f1", "cross_language.recall_at_p90", "cross_language.f1"),
    "narratives": ("all.samples_f1_coarse", "all.samples_f1_fine", "stance_oracle.model.accuracy",
                   "stance_oracle.model.accuracy_emitted", "stance_end_to_end.accuracy",
                   "stance_end_to_end.accuracy_emitted"),
}
_SHARED_HEADLINE: dict[str, dict[int | None, tuple[str, ...]]] = {
    "semeval2025": {1: ("main_role_accuracy", "emr"), 2: ("f1_coarse", "f1_fine")},
    "ptc": {1: ("span.f1",), 2: ("technique.f1",)},
    "semeval2023": {3: ("micro_f1", "macro_f1")},
    "unlp2025": {1: ("macro_f1", "micro_f1"), 2: ("token_f1",)},
}


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


def _framing_compare(options: dict[str, Any], settings: Settings, result: dict[str, Any]) -> dict[str, Any]:
    """The framing runner learns its baselines in the run (the prior, a TF-IDF context model): each
    framer ("rules", "model") of each language is compared with them."""
    out: dict[str, Any] = {"trivial": {"name": f"always the majority role of the {result.get('train_roles')} train roles"},
                           "trained": {"name": "tf-idf + logreg over +-150 chars of the mentions"}}
    for lang, by_name in result.items():
        if isinstance(by_name, dict) and "prior" in by_name:
            for kind, key in (("trivial", "prior"), ("trained", "context_tfidf_lr")):
                out[kind][lang] = {name: by_name[key] for name in ("rules", "model") if name in by_name}
    return out


def _dev_corpus(settings: Settings) -> Path:
    return settings.dev_corpus


_EVALUATIONS: dict[str, Evaluation] = {}


def register_evaluation(ev: Evaluation) -> Evaluation:
    _EVALUATIONS[ev.name] = ev
    return ev


for _ev in (
    Evaluation("cleaning", "body retention of the cleaner against our annotations of the dev corpus",
               _cleaning, _format("cleaning", "format_cleaning"), DEV_OPTIONS, _dev_corpus,
               details=("pages", "worst_pages"), compare=_compare("cleaning", "cleaning_baselines"),
               headline={None: _DEV_HEADLINE["cleaning"]}),
    Evaluation("entities", "entities, quotes, speakers and framing roles against our annotations",
               _entities, _format("entities", "format_entities"), DEV_OPTIONS, _dev_corpus, details=("pages",),
               compare=_compare("entities", "entities_baselines"), headline={None: _DEV_HEADLINE["entities"]}),
    Evaluation("framing", "framing roles given the gold entities and voices, beside the prior and a TF-IDF baseline",
               _framing, _format("framing", "format_framing"), ("data", "split", "model", "out", "shared_dir"),
               _dev_corpus, details=("pages", "train_roles", "model"), baselines=_framing_baselines,
               compare=_framing_compare, headline={None: _DEV_HEADLINE["framing"]}),
    Evaluation("techniques", "persuasion-technique spans against our annotations",
               _techniques, _format("techniques", "format_techniques"), (*DEV_OPTIONS, "model"), _dev_corpus,
               details=("pages", "failed_pages"), compare=_compare("dev", "techniques_baselines"),
               headline={None: _DEV_HEADLINE["techniques"]}),
    Evaluation("narratives", "narrative labels, calibration and stance against our annotations",
               _narratives, _format("narratives", "format_narratives"),
               ("data", "split", "model", "taxonomy", "out", "shared_dir"), _dev_corpus,
               details=("pages", "taxonomies", "stance_matched"), baselines=_stance_rules_baseline,
               compare=_compare("dev", "narratives_baselines"), headline={None: _DEV_HEADLINE["narratives"]}),
    Evaluation("waves", "burst detection on synthetic timelines with planted waves (no data; --seeds: held-out seeds)",
               _waves, _format("waves", "format_waves"), ("seeds", "out"),
               details=("seeds", "missed", "parameters"), compare=_compare("waves", "waves_baselines"),
               headline={None: _DEV_HEADLINE["waves"]}),
    Evaluation("copies", "same-language edited copies and cross-language translations (held-out: dev2.jsonl "
               "and stories 11-30; --split train: the tuning half)",
               _copies, _format("copies", "format_copies"), ("data", "split", "out", "shared_dir"), _dev_corpus,
               details=("same_language_pages", "cross_language_pairs", "cross_language_distractors",
                        "cross_language_status"),
               compare=_copies_compare, headline={None: _DEV_HEADLINE["copies"]}),
    *(Evaluation(task, "shared task (--data: its release folder)",
                 _shared_task(task), _format("run", "format_result", "scores"),
                 ("data", "lang", "subtask", "split", "out", "model", "taxonomy", "train_data",
                  *(("bertscore_model",) if task == "semeval2025" else ())), scores_key="scores",
                 compare=_compare("shared", "shared_task_baselines"), headline=_SHARED_HEADLINE[task])
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


def _add_baselines(ev: Evaluation, options: dict[str, Any], settings: Settings, result: dict[str, Any]) -> None:
    """The trivial and trained baselines, margins and verdicts, added to ``result`` (nothing else changes)."""
    from .baselines import attach

    scores = result.get(ev.scores_key) if ev.scores_key else result
    if ev.compare is None or scores is None:
        return
    baselines = ev.compare(options, settings, result)
    if baselines:
        attach(result, baselines, ev.headline.get(result.get("subtask"), ()), ev.scores_key)


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
    if not given.get("data") and "data" in ev.options:  # an evaluation without "data" makes its own
        if ev.default_data is None:
            raise ConfigError("E016", command=f"eval {task}", option="--data DIR",
                              detail="the folder of the shared task's release")
        given["data"] = ev.default_data(settings)
    result = ev.run(given, settings)
    _add_baselines(ev, given, settings, result)
    if given.get("out"):
        write_scores(given["out"], envelope(task, result, data=given.get("data"), split=given.get("split"),
                                            details=ev.details, scores_key=ev.scores_key, baselines=ev.baselines))
    return result
