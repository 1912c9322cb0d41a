"""What the extraction benchmarks share: each pipeline measured in a fresh process, several rounds.

A benchmark gives :func:`compare` a ``setup(kind, batch_size)`` that loads one pipeline ("bare" or
"ours") and returns a function running it over a list of texts (returning how many statements it
found). Each run happens in its own spawned process, so the peak resident memory is that pipeline's
own; the rounds alternate bare and ours, so a burst of load from other processes on a shared machine
falls on both, and the best round of each counts. Time is CPU time of the one process, with the
numeric libraries held to one thread: the nlp worker runs one process per core, and spinning BLAS
threads on a busy machine would count other work as ours.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import resource
import time
from collections.abc import Callable
from pathlib import Path

ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _child(setup: Callable, kind: str, texts: list[str], batch_size: int, warm: int, queue) -> None:
    before, t0 = peak_rss_mb(), time.process_time()
    work = setup(kind, batch_size)
    load_cpu, loaded = time.process_time() - t0, peak_rss_mb()
    work(texts[:warm])
    start, cpu = time.perf_counter(), time.process_time()
    found = work(texts)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - start
    queue.put(
        {
            "kind": kind,
            "cpu_seconds": cpu,
            "seconds": wall,
            "statements": found,
            "peak_rss_mb": peak_rss_mb(),
            "start_rss_mb": before,
            "load_cpu_seconds": load_cpu,
            "loaded_rss_mb": loaded,
        }
    )


def measure(setup: Callable, kind: str, texts: list[str], batch_size: int, warm: int = 2) -> dict:
    """One run of ``kind`` in a fresh process."""
    for name in ONE_THREAD:
        os.environ.setdefault(name, "1")
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(setup, kind, texts, batch_size, warm, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def compare(setup: Callable, texts: list[str], batch_size: int, rounds: int = 3, warm: int = 2) -> dict:
    """The best (least CPU) of ``rounds`` alternating runs of "bare" and "ours", with the figures of
    every round and the ratio of ours to bare in words per CPU-second."""
    words = sum(len(t.split()) for t in texts)
    runs: dict[str, list[dict]] = {"bare": [], "ours": []}
    for _ in range(max(1, rounds)):
        for kind in runs:
            runs[kind].append(measure(setup, kind, texts, batch_size, warm))
    best = {kind: min(results, key=lambda r: r["cpu_seconds"]) for kind, results in runs.items()}
    wps = {kind: words / r["cpu_seconds"] for kind, r in best.items()}
    return {
        "documents": len(texts),
        "words": words,
        "best": best,
        "words_per_cpu_s": wps,
        "ratio": wps["ours"] / wps["bare"],
        "round_ratios": [b["cpu_seconds"] / o["cpu_seconds"] for b, o in zip(runs["bare"], runs["ours"], strict=True)],
        "wall_clock_ratio": best["bare"]["seconds"] / best["ours"]["seconds"],
    }


def build_corpus(
    real_dir: Path, synthetic: Callable[[random.Random], str], min_words: int, *, every: int = 0
) -> list[str]:
    """At least ``min_words`` words of texts: the real articles of ``real_dir`` (when ../shared is
    there) and texts from ``synthetic(rng)``. With ``every`` = n, every n-th text is a real one
    (cycling through them); with 0, all the real ones come first."""
    rng = random.Random(7)
    real = [p.read_text(encoding="utf-8") for p in sorted(real_dir.glob("*.txt"))] if real_dir.is_dir() else []
    texts: list[str] = [] if every else list(real)
    words = sum(len(t.split()) for t in texts)
    while words < min_words:
        pick_real = every and real and len(texts) % every == every - 1
        text = real[len(texts) // every % len(real)] if pick_real else synthetic(rng)
        texts.append(text)
        words += len(text.split())
    return texts
