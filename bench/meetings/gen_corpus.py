#!/usr/bin/env python3
"""Writes a deterministic corpus of Zoom- and Teams-style WebVTT transcripts for the benchmark.

usage: gen_corpus.py OUT_DIR [FILES] [BYTES_PER_FILE] [SEED]

Half the files are Zoom style (`Name: text` payloads, numeric cue ids, a few cues without a
speaker), half Teams style (`<v Name>` spans, GUID/N-M cue ids, NOTE Confidence blocks, some
payloads over two lines, some without the closing tag). Speakers overlap now and then and
answer with backchannels, as in real meetings.
"""
import os
import random
import sys
import uuid

WORDS = (
    "the a we should ship plan next sprint customer review budget deploy design test data "
    "because maybe think agree question timeline risk owner action team update report "
    "meeting today tomorrow friday roadmap feature release bug fix priority scope estimate "
    "migration service latency users onboarding docs feedback metrics goal quarter launch"
).split()
NAMES = [
    "Dana Smith", "Sam Lee", "José Álvarez", "Priya Natarajan", "Chen Wei", "Ola Nordmann",
    "Mary-Jane O'Neil", "Kwame Mensah", "Ana Lúcia Ferreira", "Tom Baker", "Yuki Tanaka",
    "Fatima Zahra", "Lars van der Berg", "Ivan Petrov",
]
BACKCHANNELS = ["Yeah.", "Mm-hmm.", "Right.", "Okay.", "Got it.", "Sure."]


def clock(t):
    h, rest = divmod(t, 3600)
    m, s = divmod(rest, 60)
    return "%02d:%02d:%06.3f" % (h, m, s)


def sentence(rng):
    n = rng.randint(6, 24)
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + ("?" if rng.random() < 0.15 else ".")


def transcript(rng, teams, size):
    people = rng.sample(NAMES, rng.randint(3, 8))
    weights = [rng.random() ** 2 + 0.05 for _ in people]
    out = ["WEBVTT\n\n"]
    length = len(out[0])
    t = rng.uniform(0, 3)
    cue = 1
    while length < size:
        who = rng.choices(people, weights)[0]
        if rng.random() < 0.08:
            text, dur = rng.choice(BACKCHANNELS), rng.uniform(0.3, 0.9)
        else:
            text = sentence(rng)
            dur = len(text.split()) * rng.uniform(0.25, 0.45)
        start = t - (rng.uniform(0.2, 1.5) if rng.random() < 0.1 else 0)
        start = max(start, 0.0)
        end = start + dur
        if teams:
            cue_id = "%s/%d-%d" % (uuid.UUID(int=rng.getrandbits(128)), cue, rng.randint(0, 3))
            if rng.random() < 0.2:
                words = text.split()
                half = len(words) // 2
                text = " ".join(words[:half]) + "\n" + " ".join(words[half:])
            closing = "" if rng.random() < 0.1 else "</v>"
            block = "%s\n%s --> %s\n<v %s>%s%s\n\n" % (cue_id, clock(start), clock(end), who, text, closing)
            if rng.random() < 0.3:
                block += "NOTE Confidence: %.8f\n\n" % rng.uniform(0.6, 1.0)
        else:
            payload = text if rng.random() < 0.03 else "%s: %s" % (who, text)
            block = "%d\n%s --> %s\n%s\n\n" % (cue, clock(start), clock(end), payload)
        out.append(block)
        length += len(block.encode("utf-8"))
        t = end + rng.uniform(0.0, 1.2)
        cue += 1
    return "".join(out)


def main():
    out_dir = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 20240501
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(seed)
    for i in range(files):
        teams = i % 2 == 1
        name = "%05d-%s.vtt" % (i, "teams" if teams else "zoom")
        with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(transcript(rng, teams, size))


if __name__ == "__main__":
    main()
