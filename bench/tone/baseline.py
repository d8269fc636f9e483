#!/usr/bin/env python3
"""The peer for the accuracy benchmark: TF-IDF + logistic regression (scikit-learn defaults,
word unigrams and bigrams), trained on GoEmotions ekman/train, predicting ekman/dev with the
usual 0.5 probability threshold. Writes `anger\\tfear` probabilities, one dev row per line.

`baseline.py balanced` trains the same model with class_weight="balanced" (a stronger peer on
these rare labels, reported beside the plain one)."""
import os
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

DATA = os.environ.get("GOEMOTIONS", "/work/shared/data/goemotions")
LABELS = open(os.path.join(DATA, "ekman/labels.txt")).read().split()


def load(split):
    texts, ys = [], []
    with open(os.path.join(DATA, f"ekman/{split}.tsv"), encoding="utf-8") as f:
        for line in f:
            text, ids, _ = line.rstrip("\n").split("\t")
            texts.append(text)
            ys.append({LABELS[int(i)] for i in ids.split(",")})
    return texts, ys


def main():
    train_x, train_y = load("train")
    dev_x, _ = load("dev")
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    X = vec.fit_transform(train_x)
    D = vec.transform(dev_x)
    cols = []
    for emotion in ["anger", "fear"]:
        y = [1 if emotion in labs else 0 for labs in train_y]
        weight = "balanced" if sys.argv[1:] == ["balanced"] else None
        m = LogisticRegression(max_iter=2000, C=1.0, class_weight=weight)
        m.fit(X, y)
        cols.append(m.predict_proba(D)[:, 1])
    out = sys.stdout
    out.write("anger\tfear\n")
    for a, f in zip(*cols):
        out.write(f"{a:.6f}\t{f:.6f}\n")


if __name__ == "__main__":
    main()
