"""Page-level cross-validation of the narratives combiner and thresholds on the TRAIN pages only.

Out-of-fold signal rows (4 folds of train pages, seeded; synthetic articles and EUvsDisinfo claims in
every fold's training set) are computed once, with real-page-only heads beside them (hashed features,
as shipped, and TF-IDF for comparison) and a page-level "carries any narrative" gate; then each
variant of the combiner (which signals, which rows calibrate it, one or two combiners) and of the
thresholds is scored by 5-fold page-level CV over the real train pages, 3 seeds, decoded as the
component decodes (a fine label needs its coarse parent). With ``--baseline``, the TF-IDF + LR
baseline of ``narrascope eval`` on the same outer folds. This is how narratives-model-1.3.0 was
chosen (BENCHMARKS.md, issue 13); about 2-9 minutes on 2 cores with a warm embedding cache.

    NARRASCOPE_CACHE_DIR=/tmp/cache python scripts/cv_narrative_combiner.py [--real-weight 3] [--baseline]
"""
import argparse
import json
import time

import numpy as np
from sklearn.linear_model import LogisticRegression

from narrascope.eval.baselines.learn import MultiLabel, vectorizer
from narrascope.eval.narratives import samples_f1
from narrascope.narratives import data, features, train
from narrascope.narratives.embed_cache import EmbeddingCache
from narrascope.narratives.model import SIGNALS, NarrativeModel, prune
from narrascope.narratives.signals import doc_signals
from narrascope.settings import Settings
from narrascope.taxonomy import load_taxonomies

def oof_rows(REAL_W: float):  # noqa: N803 (the experiment's name)
    """Out-of-fold signal rows and extra signals of every calibration example."""
    t0 = time.time()
    tax = load_taxonomies(Settings().taxonomies)
    real = data.annotations(tax, split="train")
    for ex in real:
        ex.weight = REAL_W
    rest = [*data.synthetic(tax), *data.euvsdisinfo(tax)]
    examples = real + rest
    counts = {}
    for ex in examples:
        for lab in ex.labels:
            counts[lab] = counts.get(lab, 0) + 1
    labels = sorted(l for l, n in counts.items() if n >= train.MIN_POSITIVES and l in tax)
    texts = [f"{ex.title}\n{ex.text}".strip() for ex in examples]
    X = features.vectorize(texts)
    FOLDS = 4
    ids = sorted({e.id for e in real})
    order = np.random.RandomState(7).permutation(len(ids))
    pfold = {ids[j]: i % FOLDS for i, j in enumerate(order)}
    rng = np.random.default_rng(13)
    fold_of = np.array([pfold[ex.id] if ex.source == "annotations" else int(rng.integers(0, FOLDS)) for ex in examples])
    cal = [i for i, ex in enumerate(examples) if ex.source in ("annotations", "synthetic")]
    real_idx = np.array([i for i, ex in enumerate(examples) if ex.source == "annotations"])
    prototypes = train._prototypes(tax)
    cache = EmbeddingCache(None)
    all_names = [l.name for l in tax.by_name.values() if not l.is_other]
    rows, ys, owner = [], [], []
    real_logit = np.zeros((len(examples), len(all_names)))  # hashed real-only head
    has_real = np.zeros((len(examples), len(all_names)))
    tfidf_logit = np.zeros((len(examples), len(all_names)))
    gate = np.zeros(len(examples))
    gate_tfidf = np.zeros(len(examples))
    name_idx = {n: j for j, n in enumerate(all_names)}
    coarse_any = np.array([any(not tax[l].is_fine for l in ex.labels) for ex in examples])
    rtexts = [texts[i] for i in real_idx]
    for k in range(FOLDS):
        tr = np.where(fold_of != k)[0]
        W, b = train._fit_heads(X[tr], [examples[i] for i in tr], labels)
        fm = NarrativeModel(labels, prune(W, train.KEEP_WEIGHTS), b, np.zeros(len(SIGNALS)), {}, 0.5, prototypes)
        held = [i for i in cal if fold_of[i] == k]
        for i in held:
            ex = examples[i]
            for variant, sig in enumerate(doc_signals(fm, tax, ex.text, ex.title, ex.language, cache.embed)):
                for name, vec in sig.items():
                    rows.append(vec); ys.append(name in ex.labels); owner.append((i, name_idx[name], variant))
        rtr = np.array([i for i in real_idx if fold_of[i] != k])
        vec = vectorizer(len(rtr)).fit([texts[i] for i in rtr])
        Xt_tr, Xt_ho = vec.transform([texts[i] for i in rtr]), vec.transform([texts[i] for i in held])
        for name in all_names:
            y = np.array([name in examples[i].labels for i in rtr])
            if y.sum() < 2:
                continue
            j = name_idx[name]
            clf = LogisticRegression(C=10.0, solver="liblinear", dual=True, max_iter=1000).fit(X[rtr], y)
            real_logit[held, j] = clf.decision_function(X[held]); has_real[held, j] = 1
            clf = LogisticRegression(C=10.0, solver="liblinear", dual=True, max_iter=1000).fit(Xt_tr, y)
            tfidf_logit[held, j] = clf.decision_function(Xt_ho)
        yg = coarse_any[rtr]
        gate[held] = LogisticRegression(C=10.0, solver="liblinear", dual=True, max_iter=1000).fit(X[rtr], yg).decision_function(X[held])
        gate_tfidf[held] = LogisticRegression(C=10.0, solver="liblinear", dual=True, max_iter=1000).fit(Xt_tr, yg).decision_function(Xt_ho)
        print("fold", k, round(time.time() - t0), "s", flush=True)
    cache.save()
    return dict(rows=np.array(rows), ys=np.array(ys), owner=np.array(owner), real_logit=real_logit, has_real=has_real,
                tfidf_logit=tfidf_logit, gate=gate, gate_tfidf=gate_tfidf, fold_of=fold_of,
                is_real=np.array([ex.source == "annotations" for ex in examples]),
                lang=np.array([ex.language for ex in examples]), names=np.array(all_names),
                is_fine=np.array([tax[n].is_fine for n in all_names]),
                parent=np.array([tax[n].parent or "" for n in all_names]),
                gold=np.array([json.dumps(sorted(ex.labels)) for ex in examples])), examples


def setup(z) -> None:
    """Module globals of the variant runner from the saved rows."""
    global rows, ys, owner, doc, lab, var, is_real, lang, is_fine, parent, names, gold, nidx, par_idx, real_docs, extra
    rows, ys, owner = z["rows"], z["ys"], z["owner"]
    doc, lab, var = owner[:, 0], owner[:, 1], owner[:, 2]
    is_real, lang, is_fine, parent, names = z["is_real"], z["lang"], z["is_fine"], z["parent"], list(z["names"])
    gold = [set(json.loads(g)) for g in z["gold"]]
    nidx = {n: j for j, n in enumerate(names)}
    par_idx = np.array([nidx.get(p, -1) for p in parent])
    real_docs = np.flatnonzero(is_real)
    extra = {
        "real": np.stack([z["real_logit"][doc, lab], z["has_real"][doc, lab]], 1),
        "tfidf": np.stack([z["tfidf_logit"][doc, lab], z["has_real"][doc, lab]], 1),
        "gate": z["gate"][doc][:, None],
        "gate_tfidf": z["gate_tfidf"][doc][:, None],
        "fine": np.stack([is_fine[lab].astype(float)], 1),
    }


GRID = np.round(np.arange(0.05, 0.9, 0.025), 3)


def sf1(g, p):
    g, p = g or {"Other"}, p or {"Other"}
    tp = len(g & p)
    return 2 * tp / (len(g) + len(p)) if tp else 0.0


def decode(P, docs, thr, fthr):
    """P: (docs, labels) probs -> coarse, fine sets."""
    out_c, out_f = [], []
    for r, d in zip(P, docs):
        t = thr.get(str(lang[d]), thr["*"])
        c = {names[j] for j in np.flatnonzero((r >= t) & ~is_fine)}
        f = {names[j] for j in np.flatnonzero((r >= fthr) & is_fine) if parent[j] in c}
        out_c.append(c); out_f.append(f)
    return out_c, out_f


def score(docs, P, thr, fthr):
    c, f = decode(P, docs, thr, fthr)
    gc = [{l for l in gold[d] if not is_fine[nidx[l]]} if True else None for d in docs]
    gf = [{l for l in gold[d] if is_fine[nidx[l]]} for d in docs]
    return np.mean([sf1(a, b) for a, b in zip(gc, c)]), np.mean([sf1(a, b) for a, b in zip(gf, f)])


def gold_sets(d):
    return ({l for l in gold[d] if l in nidx and not is_fine[nidx[l]]}, {l for l in gold[d] if l in nidx and is_fine[nidx[l]]})


def matrix(docs, probs_by_row, mask0):
    P = np.zeros((len(docs), len(names)))
    pos = {d: i for i, d in enumerate(docs)}
    sel = mask0 & np.isin(doc, docs)
    P[[pos[d] for d in doc[sel]], lab[sel]] = probs_by_row[sel]
    return P


def thresholds(docs, P):
    def best(ds, Ps, fine):
        g = [gold_sets(d)[1 if fine else 0] for d in ds]
        sc = []
        for t in GRID:
            pred = [{names[j] for j in np.flatnonzero((r >= t) & (is_fine if fine else ~is_fine))} for r in Ps]
            sc.append((np.mean([sf1(a, b) for a, b in zip(g, pred)]), -abs(t - 0.5), t))
        return float(max(sc)[2])
    thr = {"*": best(docs, P, False)}
    for lg in sorted(set(lang[docs])):
        m = lang[docs] == lg
        if m.sum() >= 15:
            thr[str(lg)] = best(docs[m], P[m], False)
    return thr, best(docs, P, True)


def run(sig_extra=(), calib="real+synth", thr_on="real", synth_w=1.0, C=1.0, split_fine=False, reps=(1, 2, 3)):
    X = np.hstack([rows] + [extra[e] for e in sig_extra])
    res = []
    for seed in reps:
        perm = np.random.RandomState(seed).permutation(real_docs)
        outer = {d: i % 5 for i, d in enumerate(perm)}
        for k in range(5):
            ho = np.array(sorted(d for d in real_docs if outer[d] == k))
            tr_docs = np.array([d for d in np.unique(doc) if (is_real[d] and outer[d] != k) or (not is_real[d] and calib == "real+synth")])
            m = np.isin(doc, tr_docs)
            w = np.where(is_real[doc[m]], 1.0, synth_w)
            probs = np.zeros(len(rows))
            groups = [is_fine[lab] == False, is_fine[lab]] if split_fine else [np.ones(len(rows), bool)]
            for g in groups:
                clf = LogisticRegression(C=C, max_iter=1000, fit_intercept=False).fit(X[m & g], ys[m & g], sample_weight=w[g[m]])
                probs[g] = 1 / (1 + np.exp(-(X[g] @ clf.coef_[0])))
            v0 = var == 0
            tdocs = np.array([d for d in tr_docs if is_real[d] or thr_on != "real"])
            thr, fthr = thresholds(tdocs, matrix(tdocs, probs, v0))
            P = matrix(ho, probs, v0)
            c, f = decode(P, ho, thr, fthr)
            gs = [gold_sets(d) for d in ho]
            res.append((np.sum([sf1(a[0], b) for a, b in zip(gs, c)]), np.sum([sf1(a[1], b) for a, b in zip(gs, f)]), len(ho)))
    r = np.array(res)
    return round(r[:, 0].sum() / r[:, 2].sum(), 4), round(r[:, 1].sum() / r[:, 2].sum(), 4)




VARIANTS = [
    ("1.2 (calibrated and thresholded on real + synthetic)", dict(thr_on="all")),
    ("thresholds on real pages", dict()),
    ("combiner and thresholds on real pages", dict(calib="real")),
    ("synthetic rows weight 0.3", dict(synth_w=0.3)),
    ("+ real heads", dict(sig_extra=("real",))),
    ("+ TF-IDF real heads", dict(sig_extra=("tfidf",))),
    ("+ gate", dict(sig_extra=("gate",))),
    ("+ real heads + gate", dict(sig_extra=("real", "gate"))),
    ("coarse/fine combiners", dict(split_fine=True)),
    ("coarse/fine combiners + real heads (shipped)", dict(split_fine=True, sig_extra=("real",))),
    ("coarse/fine combiners + TF-IDF real heads", dict(split_fine=True, sig_extra=("tfidf",))),
    ("coarse/fine combiners + real heads + gate", dict(split_fine=True, sig_extra=("real", "gate"))),
    ("coarse/fine combiners + real heads, combiner on real", dict(split_fine=True, sig_extra=("real",), calib="real")),
]


def baseline_cv(examples, z) -> tuple[float, float]:
    """The eval's TF-IDF + LR baseline on the same outer folds."""
    tax = load_taxonomies(Settings().taxonomies)
    real_docs = np.flatnonzero(z["is_real"])
    texts = [f"{e.title}\n{e.text}" for e in examples]
    co = [{l for l in e.labels if not tax[l].is_fine} for e in examples]
    fi = [{l for l in e.labels if tax[l].is_fine} for e in examples]
    obj = lambda g, p: float(np.mean([samples_f1(a, b) for a, b in zip(g, p)]))  # noqa: E731
    sc = sf = n = 0
    for seed in (1, 2, 3):
        perm = np.random.RandomState(seed).permutation(real_docs)
        outer = {d: i % 5 for i, d in enumerate(perm)}
        for k in range(5):
            tr = [d for d in real_docs if outer[d] != k]
            ho = [d for d in real_docs if outer[d] == k]
            pc = MultiLabel(obj).fit([texts[i] for i in tr], [co[i] for i in tr]).predict([texts[i] for i in ho])
            pf = MultiLabel(obj).fit([texts[i] for i in tr], [fi[i] for i in tr]).predict([texts[i] for i in ho])
            sc += sum(samples_f1(co[i], p) for i, p in zip(ho, pc))
            sf += sum(samples_f1(fi[i], p) for i, p in zip(ho, pf))
            n += len(ho)
    return round(sc / n, 4), round(sf / n, 4)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real-weight", type=float, default=1.0, help="sample weight of real pages in the main heads")
    ap.add_argument("--baseline", action="store_true", help="also cross-validate the TF-IDF + LR baseline")
    args = ap.parse_args()
    z, examples = oof_rows(args.real_weight)
    setup(z)
    for name, kw in VARIANTS:
        c, f = run(**kw)
        print(f"{name:55} coarse {c:.4f}  fine {f:.4f}", flush=True)
    if args.baseline:
        print("{:55} coarse {:.4f}  fine {:.4f}".format("TF-IDF + LR baseline", *baseline_cv(examples, z)))


if __name__ == "__main__":
    main()
