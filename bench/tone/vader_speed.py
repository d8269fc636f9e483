#!/usr/bin/env python3
"""Throughput of Python vaderSentiment 3.3.2 on one core: sentences per second of
polarity_scores over the file given (one sentence per line), best of 5 runs. Time is the
thread's CPU time (time.thread_time), as on the Rust side, so other work on a shared machine
does not count."""
import sys
import time

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
a = SentimentIntensityAnalyzer()
best = float("inf")
for _ in range(5):
    t = time.thread_time()
    for s in lines:
        a.polarity_scores(s)
    best = min(best, time.thread_time() - t)
print(f"sentences\t{len(lines)}")
print(f"vader_python_seconds\t{best:.4f}\tvader_python_per_second\t{len(lines) / best:.0f}")
