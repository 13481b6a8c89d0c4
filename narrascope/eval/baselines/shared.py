"""Baselines of the shared-task evaluations, scored by each task's official scorer (``task.score``).

Training data, in this order: ``train_data`` (``--train-data DIR``, the release's training folder in
the same layout); for ``unlp2025`` on its test split, our train split of the same file; else 5-fold
cross-validation over the evaluated documents (each fold predicted by a baseline fitted on the
others, named so in the output). Per task and subtask (:data:`ADAPTERS`):

- semeval2025 ST2: "Other" for all / TF-IDF + LR multi-label on the document (coarse and fine);
  ST1: majority main role / TF-IDF + LR on the mention and its ±150-character context;
- ptc 2 (TC, spans given): most frequent technique for every span / TF-IDF + LR on the span text with
  ±50 characters of context; ptc 1 (SI): no spans or every token a span (the higher) / a token LR;
- semeval2023 ST3: most frequent technique for every paragraph / TF-IDF + LR multi-label per paragraph;
- unlp2025 ST1: most frequent technique for every post / TF-IDF + LR multi-label per post;
  ST2: no spans or every token a span / a token LR (token, neighbours, char n-grams).

::

    >>> sorted(ADAPTERS)[:3]
    [('ptc', 1), ('ptc', 2), ('semeval2023', 3)]
"""
from __future__ import annotations

import collections
import inspect
from typing import Any, Callable

from ...settings import Settings
from ...tasks.registry import TaskDocument, get_task
from . import dig
from .learn import MultiLabel, TextClassifier, TokenTagger, folds, micro_f1, tokens
from .dev import TRAINED

Pairs = list[tuple[TaskDocument, Any]]  # (document, its gold in the adapter's per-document form)
WINDOW_MENTION, WINDOW_SPAN = 150, 50


def _top(values) -> Any:
    return collections.Counter(values).most_common(1)[0][0] if values else None


# --- per-task adapters: per_doc(docs, gold), trivial(pairs, docs), trained(pairs, docs), assemble(preds, docs)

def _span_candidates(docs: list[TaskDocument]) -> list[tuple[str, dict[str, list[tuple[int, int]]]]]:
    return [("no spans", {d.doc_id: [] for d in docs}), ("every token is a span", {d.doc_id: tokens(d.text) for d in docs})]


def _tagger(pairs: Pairs, docs: list[TaskDocument], spans_of: Callable[[Any], list]) -> dict[str, list]:
    tagger = TokenTagger().fit([d.text for d, _ in pairs], [spans_of(g) for _, g in pairs])
    return dict(zip((d.doc_id for d in docs), tagger.predict([d.text for d in docs])))


class Unlp:
    def __init__(self, subtask: int):
        self.subtask = subtask

    def per_doc(self, docs, gold):
        key = "techniques" if self.subtask == 1 else "trigger_words"
        return {d.doc_id: list(gold[d.doc_id][key]) for d in docs if d.doc_id in gold}

    def trivial(self, pairs, docs):
        if self.subtask == 2:
            return _span_candidates(docs)
        top = _top([t for _, g in pairs for t in g])
        return [(f"most frequent technique for every post: {top}", {d.doc_id: [top] if top else [] for d in docs})]

    def trained(self, pairs, docs):
        if self.subtask == 2:
            return "token logreg (token, neighbours, char n-grams)", _tagger(pairs, docs, lambda g: g)
        from ...tasks.unlp2025 import TECHNIQUES
        from ...tasks.metrics import multilabel_prf

        def macro(g, p):
            return multilabel_prf(dict(enumerate(g)), dict(enumerate(p)), labels=TECHNIQUES)["macro"]["f1"]
        model = MultiLabel(macro).fit([d.text for d, _ in pairs], [set(g) for _, g in pairs])
        return f"{TRAINED} multi-label per post", {d.doc_id: sorted(p) for d, p in zip(docs, model.predict([d.text for d in docs]))}

    def assemble(self, preds, docs):
        return {d.doc_id: [list(s) for s in preds[d.doc_id]] if self.subtask == 2 else list(preds[d.doc_id])
                for d in docs}


class SemEval2025:
    def __init__(self, subtask: int):
        self.subtask = subtask

    def per_doc(self, docs, gold):
        from ...tasks.semeval2025_format import doc_key

        if self.subtask == 2:
            rows = {doc_key(r.article_id): r for r in gold.rows}
            return {d.doc_id: (rows[k].narratives, rows[k].subnarratives) for d in docs if (k := doc_key(d.doc_id)) in rows}
        by_doc: dict[str, list] = {}
        for m in gold.rows:
            by_doc.setdefault(doc_key(m.article_id), []).append(m)
        return {d.doc_id: by_doc.get(doc_key(d.doc_id), []) for d in docs}

    @staticmethod
    def _context(doc: TaskDocument, m) -> str:
        return f"{m.text} || {doc.text[max(0, m.start - WINDOW_MENTION):m.end + 1 + WINDOW_MENTION]}"

    def _roles(self, pairs) -> tuple[str, dict[str, list[str]]]:
        mentions = [m for _, g in pairs for m in g if m.main_role]
        fine = {main: list(_top([tuple(m.fine_roles) for m in mentions if m.main_role == main]))
                for main in {m.main_role for m in mentions}}
        return _top([m.main_role for m in mentions]), fine

    def trivial(self, pairs, docs):
        if self.subtask == 2:
            return [("Other for all", {d.doc_id: (["Other"], ["Other"]) for d in docs})]
        main, fine = self._roles(pairs)
        return [(f"majority main role for every mention: {main}",
                 {d.doc_id: [(m, main, fine.get(main, [])) for m in d.extra.get("mentions", [])] for d in docs})]

    def trained(self, pairs, docs):
        texts = [d.text for d in docs]
        if self.subtask == 2:
            from ..narratives import samples_f1

            objective = lambda g, p: sum(samples_f1(a, b) for a, b in zip(g, p)) / max(1, len(g))  # noqa: E731
            out = []
            for level in (0, 1):
                sets = [{l for l in g[level] if l != "Other"} for _, g in pairs]
                out.append(MultiLabel(objective).fit([d.text for d, _ in pairs], sets).predict(texts))
            return (f"{TRAINED} multi-label on the document",
                    {d.doc_id: (sorted(c) or ["Other"], sorted(f) or ["Other"]) for d, c, f in zip(docs, *out)})
        _, fine = self._roles(pairs)
        train = [(d, m) for d, g in pairs for m in g if m.main_role]
        clf = TextClassifier().fit([self._context(d, m) for d, m in train], [m.main_role for _, m in train])
        given = [(d, m) for d in docs for m in d.extra.get("mentions", [])]
        got = clf.predict([self._context(d, m) for d, m in given]) if train else []
        preds: dict[str, list] = {d.doc_id: [] for d in docs}
        for (d, m), role in zip(given, got):
            preds[d.doc_id].append((m, role, fine.get(role, [])))
        return f"{TRAINED} on the mention and its ±{WINDOW_MENTION}-char context", preds

    def assemble(self, preds, docs):
        from ...tasks.semeval2025_format import Mention, NarrativeRow, RowFile

        if self.subtask == 2:
            return RowFile(rows=[NarrativeRow(d.doc_id, *preds[d.doc_id]) for d in docs])
        return RowFile(rows=[Mention(m.article_id, m.text, m.start, m.end, role, list(fine))
                             for d in docs for m, role, fine in preds[d.doc_id]])


class Ptc:
    def __init__(self, subtask: int):
        self.subtask = subtask

    def per_doc(self, docs, gold):
        return {d.doc_id: list(gold.get(d.doc_id, [])) for d in docs}

    @staticmethod
    def _given(doc: TaskDocument) -> list[tuple[int, int]]:
        return list(doc.extra.get("spans") or [])

    @staticmethod
    def _context(doc: TaskDocument, b: int, e: int) -> str:
        return f"{doc.text[b:e]} || {doc.text[max(0, b - WINDOW_SPAN):e + WINDOW_SPAN]}"

    def trivial(self, pairs, docs):
        top = _top([t for _, g in pairs for t, _, _ in g]) or ""
        if self.subtask == 1:
            return [(n, {i: [(top, b, e) for b, e in sp] for i, sp in c.items()}) for n, c in _span_candidates(docs)]
        return [(f"most frequent technique for every span: {top}", {d.doc_id: [(top, b, e) for b, e in self._given(d)]
                                                                    for d in docs})]

    def trained(self, pairs, docs):
        top = _top([t for _, g in pairs for t, _, _ in g]) or ""
        if self.subtask == 1:
            spans = _tagger(pairs, docs, lambda g: [(b, e) for _, b, e in g])
            return f"token logreg, spans labelled {top or 'without technique'}", {
                i: [(top, b, e) for b, e in sp] for i, sp in spans.items()}
        train = [(d, t, b, e) for d, g in pairs for t, b, e in g]
        clf = TextClassifier().fit([self._context(d, b, e) for d, _, b, e in train], [t for _, t, _, _ in train])
        given = [(d, b, e) for d in docs for b, e in self._given(d)]
        got = clf.predict([self._context(d, b, e) for d, b, e in given])
        preds: dict[str, list] = {d.doc_id: [] for d in docs}
        for (d, b, e), t in zip(given, got):
            preds[d.doc_id].append((t, b, e))
        return f"{TRAINED} on the span text and ±{WINDOW_SPAN} chars", preds

    def assemble(self, preds, docs):
        return [(d.doc_id, t, b, e) for d in docs for t, b, e in preds[d.doc_id]]


class SemEval2023:
    def per_doc(self, docs, gold):
        return {d.doc_id: {p: labs for (i, p), labs in gold.items() if i == d.doc_id} for d in docs}

    @staticmethod
    def _paragraphs(doc: TaskDocument) -> list[tuple[int, str]]:
        from ...tasks.semeval2023 import paragraph_spans

        return [(p, doc.text[s:e]) for p, s, e in paragraph_spans(doc.text)]

    def trivial(self, pairs, docs):
        top = _top([t for _, g in pairs for labs in g.values() for t in labs])
        return [(f"most frequent technique for every paragraph: {top}",
                 {d.doc_id: {p: [top] if top else [] for p, _ in self._paragraphs(d)} for d in docs})]

    def trained(self, pairs, docs):
        train = [(text, set(g.get(p, []))) for d, g in pairs for p, text in self._paragraphs(d) if p in g]
        model = MultiLabel(micro_f1).fit([t for t, _ in train], [s for _, s in train])
        preds = {}
        for d in docs:
            paras = self._paragraphs(d)
            preds[d.doc_id] = {p: sorted(s) for (p, _), s in zip(paras, model.predict([t for _, t in paras]))}
        return f"{TRAINED} multi-label per paragraph", preds

    def assemble(self, preds, docs):
        return {(d.doc_id, p): labs for d in docs for p, labs in preds[d.doc_id].items()}


ADAPTERS: dict[tuple[str, int], Callable[[], Any]] = {
    ("unlp2025", 1): lambda: Unlp(1), ("unlp2025", 2): lambda: Unlp(2),
    ("semeval2025", 1): lambda: SemEval2025(1), ("semeval2025", 2): lambda: SemEval2025(2),
    ("ptc", 1): lambda: Ptc(1), ("ptc", 2): lambda: Ptc(2), ("semeval2023", 3): SemEval2023,
}


def _read(task, data, lang: str | None, subtask: int, split: str | None) -> tuple[list[TaskDocument], Any]:
    opts = {"split": split} if split and "split" in inspect.signature(task.read_documents).parameters else {}
    return task.read_documents(data, lang, subtask, **opts), task.read_gold(data, lang, subtask, **opts)


def _names(names: list[str]) -> str:
    unique = list(dict.fromkeys(names))
    return unique[0] if len(unique) == 1 else " / ".join(unique) + " (per fold)"


def _cross_validated(adapter, docs: list[TaskDocument], gold: dict[str, Any]):
    """Trivial candidates and trained predictions, each fold predicted by baselines fitted on the other folds."""
    trivial: list[tuple[list[str], dict]] = []
    trained_names, trained = [], {}
    for tr, ho in folds(len(docs), 5):
        pairs = [(docs[i], gold[docs[i].doc_id]) for i in tr]
        held = [docs[i] for i in ho]
        for k, (name, preds) in enumerate(adapter.trivial(pairs, held)):
            if k == len(trivial):
                trivial.append(([], {}))
            trivial[k][0].append(name)
            trivial[k][1].update(preds)
        name, preds = adapter.trained(pairs, held)
        trained_names.append(name)
        trained.update(preds)
    return [(_names(n), p) for n, p in trivial], (_names(trained_names), trained)


def shared_task_baselines(options: dict[str, Any], settings: Settings, result: dict[str, Any]) -> dict[str, Any] | None:
    """``{"trivial", "trained"}`` scored by the task's scorer, or None when the subtask has no baselines."""
    from ...errors import ConfigError
    from ..registry import evaluation

    task, subtask = get_task(result["task"]), result["subtask"]
    factory = ADAPTERS.get((task.name, subtask))
    if factory is None:
        return None
    adapter = factory()
    lang = options["lang"].upper() if options.get("lang") else None
    docs, gold = _read(task, options["data"], lang, subtask, options.get("split"))
    if gold is None:
        return None
    per_doc = adapter.per_doc(docs, gold)
    docs = [d for d in docs if d.doc_id in per_doc]
    if options.get("train_data"):
        tdocs, tgold = _read(task, options["train_data"], lang, subtask, "all")
        if tgold is None:
            raise ConfigError("E035", path=str(options["train_data"]), task=task.name, subtask=subtask)
        tper = adapter.per_doc(tdocs, tgold)
        source = f"fitted on --train-data ({len(tper)} documents)"
    elif task.name == "unlp2025" and (options.get("split") or "test") == "test":
        tdocs, tgold = _read(task, options["data"], lang, subtask, "train")
        tper = adapter.per_doc(tdocs, tgold)
        source = f"fitted on our unlp2025 train split ({len(tper)} posts)"
    else:
        tdocs, tper, source = [], {}, ""
    if tper:
        pairs = [(d, tper[d.doc_id]) for d in tdocs if d.doc_id in tper]
        trivial = adapter.trivial(pairs, docs)
        trained_name, trained = adapter.trained(pairs, docs)
    elif len(docs) >= 2:
        trivial, (trained_name, trained) = _cross_validated(adapter, docs, per_doc)
        source = "5-fold CV on the evaluated data; pass --train-data for the release's training set"
    else:
        return {"trivial": {"name": "none", "status": "baselines not available: fewer than 2 documents"}}
    first = evaluation(task.name).headline[subtask][0]
    scored = [(name, task.score(gold, adapter.assemble(p, docs), subtask)) for name, p in trivial]
    best = max(scored, key=lambda ns: dig(ns[1], first) or 0.0)
    return {"trivial": {"name": best[0], **best[1]},
            "trained": {"name": trained_name, "source": source,
                        **task.score(gold, adapter.assemble(trained, docs), subtask)}}
