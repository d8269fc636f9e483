#!/usr/bin/env python3
"""Freeze Python vaderSentiment 3.3.2's scores for the Rust parity test.

Writes crates/microlead-tone/tests/fixtures/vader_parity.tsv: all GoEmotions dev comments, the
first 2,000 train comments, and hand-written tricky cases (negation, "but", "at least",
"kind of", boosters, caps, emoticons, emoji, punctuation). Deterministic.

    pip install vaderSentiment==3.3.2
    python3 bench/tone/make_vader_fixture.py
"""
import os
import sys

import vaderSentiment
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.environ.get("GOEMOTIONS", "/work/shared/data/goemotions")
OUT = os.path.join(ROOT, "crates/microlead-tone/tests/fixtures/vader_parity.tsv")

TRICKY = [
    "VADER is smart, handsome, and funny.",
    "VADER is smart, handsome, and funny!",
    "VADER is very smart, handsome, and funny.",
    "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "The book was good.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all",
    "Sentiment analysis has never been good.",
    "Sentiment analysis has never been this good!",
    "Most automated sentiment analysis tools are shit.",
    "With VADER, sentiment analysis is the shit!",
    "Other sentiment analysis tools can be quite bad.",
    "On the other hand, VADER is quite bad ass",
    "VADER is such a badass!",
    "Without a doubt, excellent idea.",
    "Roger Dodger is one of the most compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Not such a badass after all.",
    "Without a doubt, an excellent idea.",
    "I am at least happy.",
    "I am very least happy.",
    "least happy",
    "the least happy day",
    "It was kind of bad, but not terrible.",
    "It was sort of good and kind of great",
    "good good but good good",
    "bad but bad but bad",
    "but",
    "no good",
    "no no no",
    "No problem at all, no worries!",
    "There is no way this is no or bad",
    "This is NOT good at ALL",
    "THIS IS ALL CAPS AND GREAT",
    "I HATE this and I love that",
    "You are SO smart",
    "ok. fine. good.",
    "That was the bomb, a real kiss of death to die for",
    "yeah right, whatever",
    "He waited at the bus stop.",
    "Why??",
    "Why would you do that???",
    "What?!?!?!",
    "Great!!!!!!!",
    "Terrible!!!!!!!",
    ":( :-( :'( </3 <3 :-) ;) :P xD",
    "I love it 😍😍😍",
    "🙁x 😡!!",
    "Café au lait is délicieux, très bien!",
    "日本語のテキスト is nice 🎉",
    "ÉNORME problème mais SUPER",
    "I can't believe how bad this is.",
    "It isn't bad, it's not great either.",
    "Never so happy",
    "never this bad",
    "I don't really like it",
    "I didn't NOT like it",
    "Nothing good ever happens.",
    "Without doubt the best",
    "It was a total disaster.",
    "Kinda sorta happy I guess",
    "kind-of awesome, sort-of awful",
    "just enough good",
    "  leading and trailing spaces  ",
    "tabs\tand\nnewlines\u000bhere are good",
    "\u001cseparator\u001fgood",
    "!!!",
    "???",
    "'good'",
    "\"LOL\" he said",
    "ＦＵＬＬ ｗｉｄｔｈ good",
    "ǅemal is great",
    "ΣΊΣΥΦΟΣ is bad",
]


def rows():
    seen = set()

    def take(text):
        if text in seen or "\t" in text or "\n" in text or "\r" in text:
            return None
        seen.add(text)
        return text

    for text in TRICKY:
        t = text.replace("\t", " ").replace("\n", " ")
        if take(t) is not None:
            yield "tricky", t
    with open(os.path.join(DATA, "ekman/dev.tsv"), encoding="utf-8") as f:
        for line in f:
            t = take(line.rstrip("\n").split("\t")[0])
            if t is not None:
                yield "goemotions-dev", t
    with open(os.path.join(DATA, "ekman/train.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n >= 2000:
                break
            t = take(line.rstrip("\n").split("\t")[0])
            if t is not None:
                yield "goemotions-train", t


def main():
    assert vaderSentiment.__name__ and SentimentIntensityAnalyzer
    analyzer = SentimentIntensityAnalyzer()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    n = 0
    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        out.write("# Frozen scores of Python vaderSentiment 3.3.2 (pip install vaderSentiment==3.3.2)\n")
        out.write("# made by bench/tone/make_vader_fixture.py; do not edit by hand.\n")
        out.write("# Sources: hand-written tricky cases, then GoEmotions (Demszky et al. 2020,\n")
        out.write("# Apache-2.0) ekman/dev.tsv and the first 2,000 rows of ekman/train.tsv.\n")
        out.write("# Text is escaped: \\\\ for backslash, \\t tab, \\n newline, \\r, \\v, \\x1c..\\x1f.\n")
        out.write("source\tneg\tneu\tpos\tcompound\ttext\n")
        for source, text in rows():
            s = analyzer.polarity_scores(text)
            esc = (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                   .replace("\r", "\\r").replace("\x0b", "\\v"))
            for c in range(0x1c, 0x20):
                esc = esc.replace(chr(c), "\\x%02x" % c)
            out.write(f"{source}\t{s['neg']!r}\t{s['neu']!r}\t{s['pos']!r}\t{s['compound']!r}\t{esc}\n")
            n += 1
    print(f"wrote {n} rows to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
