#!/usr/bin/env python3
"""Parses every .vtt file in a directory with webvtt-py (parse only) and prints MB/s.

usage: webvtt_parse.py DIR [MAX_FILES]
"""
import os
import sys
import time

import webvtt


def main():
    root = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    names = sorted(n for n in os.listdir(root) if n.endswith(".vtt"))[:limit]
    total = 0
    captions = 0
    began = time.perf_counter()
    cpu_began = time.process_time()
    for name in names:
        path = os.path.join(root, name)
        total += os.path.getsize(path)
        captions += len(webvtt.read(path).captions)
    seconds = time.perf_counter() - began
    cpu = time.process_time() - cpu_began
    print("webvtt-py files=%d bytes=%d captions=%d seconds=%.3f cpu_seconds=%.3f MB/s=%.2f cpu_MB/s=%.2f"
          % (len(names), total, captions, seconds, cpu, total / 1e6 / seconds, total / 1e6 / cpu))


if __name__ == "__main__":
    main()
