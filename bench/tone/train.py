#!/usr/bin/env python3
"""Train microlead-tone's emotion model and write crates/microlead-tone/data/emotion_weights.tsv.

One logistic regression per emotion over binary lower-cased unigrams and bigrams
(features.py mirrors the Rust tokeniser). Tuned on GoEmotions *train only*, with 3-fold
cross-validation over the regularisation strength and class weighting; the decision threshold
that maximises cross-validated F1 is folded into the bias, so the engine's "present" is simply
score >= 0.5. The dev split is never used here (bench/tone/run.sh reports on it).

Emotions (GoEmotions original labels):
  anger    = anger, annoyance, disapproval   (the Ekman "anger" group)
  fear     = fear, nervousness               (the Ekman "fear" group)
  distress = grief, remorse, sadness, nervousness  (hurt, upset, overwhelmed)

Deterministic: fixed fold split, liblinear solver. Run:
    pip install scikit-learn numpy
    python3 bench/tone/train.py
"""
import math
import os
import sys

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from features import features  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.environ.get("GOEMOTIONS", "/work/shared/data/goemotions")
OUT = os.path.join(ROOT, "crates/microlead-tone/data/emotion_weights.tsv")

GROUPS = {
    "anger": {"anger", "annoyance", "disapproval"},
    "fear": {"fear", "nervousness"},
    "distress": {"grief", "remorse", "sadness", "nervousness"},
}
EMOTIONS = ["anger", "fear", "distress"]
GRID_C = [0.25, 0.5, 1.0]
GRID_WEIGHT = [None, "balanced"]
MIN_DF = 3
PRUNE = 0.1  # weights smaller than this are dropped from the shipped table


def load(split):
    names = open(os.path.join(DATA, "original/labels.txt"), encoding="utf-8").read().split()
    texts, labels = [], []
    with open(os.path.join(DATA, f"original/{split}.tsv"), encoding="utf-8") as f:
        for line in f:
            text, ids, _ = line.rstrip("\n").split("\t")
            texts.append(text)
            labels.append({names[int(i)] for i in ids.split(",")})
    y = {e: np.array([1 if labs & GROUPS[e] else 0 for labs in labels]) for e in EMOTIONS}
    return texts, y


def best_threshold(y, p):
    order = np.argsort(-p)
    ys = y[order]
    tp = np.cumsum(ys)
    k = np.arange(1, len(ys) + 1)
    prec = tp / k
    rec = tp / ys.sum()
    f1 = np.where(prec + rec > 0, 2 * prec * rec / np.maximum(prec + rec, 1e-12), 0)
    i = int(np.argmax(f1))
    return float(p[order][i]), float(f1[i])


def fit(X, y, c, w):
    m = LogisticRegression(C=c, class_weight=w, solver="liblinear", max_iter=1000)
    m.fit(X, y)
    return m


def main():
    texts, ys = load("train")
    vec = CountVectorizer(analyzer=lambda t: sorted(features(t)), binary=True, min_df=MIN_DF)
    X = vec.fit_transform(texts)
    vocab = vec.get_feature_names_out()
    print(f"{X.shape[0]} comments, {X.shape[1]} features", file=sys.stderr)
    weights, biases, notes = {}, {}, []
    for e in EMOTIONS:
        y = ys[e]
        folds = list(StratifiedKFold(n_splits=3, shuffle=True, random_state=7).split(X, y))
        best = None
        for c in GRID_C:
            for w in GRID_WEIGHT:
                oof = np.zeros(len(y))
                for tr, te in folds:
                    oof[te] = fit(X[tr], y[tr], c, w).decision_function(X[te])
                t, f1 = best_threshold(y, oof)
                print(f"  {e}: C={c} weight={w}: CV F1 {f1:.3f} at logit {t:.3f}", file=sys.stderr)
                if best is None or f1 > best[0]:
                    best = (f1, c, w, t)
        f1, c, w, t = best
        m = fit(X, y, c, w)
        weights[e] = m.coef_[0]
        # Fold the CV-optimal threshold into the bias: present <=> sigmoid(z) >= 0.5.
        biases[e] = float(m.intercept_[0]) - t
        notes.append(f"{e}: C={c} class_weight={w} cv_f1={f1:.3f} threshold_logit={t:.3f}")
        print("  chose", notes[-1], file=sys.stderr)
    keep = [i for i in range(len(vocab)) if max(abs(weights[e][i]) for e in EMOTIONS) >= PRUNE]
    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        out.write("# microlead-tone emotion model: logistic regression weights per feature.\n")
        out.write("# Made by bench/tone/train.py from GoEmotions train (Demszky et al. 2020, Apache-2.0);\n")
        out.write("# features are lower-cased words and adjacent-word bigrams; score = sigmoid(bias + sum).\n")
        for n in notes:
            out.write(f"# {n}\n")
        out.write("feature\tanger\tfear\tdistress\n")
        out.write("__bias__\t" + "\t".join(f"{biases[e]:.4f}" for e in EMOTIONS) + "\n")
        for i in keep:
            f = vocab[i]
            if "\t" in f or "\n" in f:
                continue
            vals = [weights[e][i] for e in EMOTIONS]
            out.write(f + "\t" + "\t".join("0" if abs(v) < PRUNE else f"{v:.3f}" for v in vals) + "\n")
    print(f"wrote {len(keep)} features to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
