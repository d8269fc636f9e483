#!/usr/bin/env python3
"""Precision, recall and F1 on GoEmotions ekman/dev for anger and fear (present = score >= 0.5),
for each score file given: evaluate.py NAME=FILE ... Prints a Markdown table."""
import os
import sys

DATA = os.environ.get("GOEMOTIONS", "/work/shared/data/goemotions")
LABELS = open(os.path.join(DATA, "ekman/labels.txt")).read().split()


def gold():
    ys = []
    with open(os.path.join(DATA, "ekman/dev.tsv"), encoding="utf-8") as f:
        for line in f:
            ids = line.rstrip("\n").split("\t")[1]
            ys.append({LABELS[int(i)] for i in ids.split(",")})
    return ys


def prf(y, p):
    tp = sum(1 for a, b in zip(y, p) if a and b)
    fp = sum(1 for a, b in zip(y, p) if not a and b)
    fn = sum(1 for a, b in zip(y, p) if a and not b)
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return pr, rc, f1


def main():
    ys = gold()
    print("| system | emotion | precision | recall | F1 |")
    print("|---|---|---|---|---|")
    for arg in sys.argv[1:]:
        name, path = arg.split("=", 1)
        rows = [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8")]
        header, rows = rows[0], rows[1:]
        assert len(rows) == len(ys), (path, len(rows), len(ys))
        for emotion in ["anger", "fear"]:
            k = header.index(emotion)
            p = [float(r[k]) >= 0.5 for r in rows]
            y = [emotion in labs for labs in ys]
            pr, rc, f1 = prf(y, p)
            print(f"| {name} | {emotion} | {pr:.3f} | {rc:.3f} | {f1:.3f} |")


if __name__ == "__main__":
    main()
