#!/usr/bin/env python
"""Russian extraction throughput: ``extract_many_ru`` against bare natasha on the same texts.

Builds a corpus of at least 10,000 words (Russian articles generated from templates here, plus
the ru-dev articles from ../shared when that folder exists), then measures, each in a fresh
process so that the peak memory is that pipeline's own:

- baseline: natasha alone, segment + morphology + syntax + NER (``sources.nlp.ru.model.bare_doc``);
- ours: ``sources.nlp.ru.extract.extract_many_ru`` (text preparation, the same models, pymorphy
  lemmas, the cue, speaker, casualty and date rules).

Prints words per CPU-second for each, the ratio ours/baseline (target: at least 0.9), the peak
resident memory of each process and what loading the models costs. Run with
``.venv/bin/python bench/bench_extract_ru.py``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RU_DEV = ROOT.parent / "shared" / "corpus" / "ru-dev" / "articles"
sys.path.insert(0, str(ROOT))

SPEAKERS = [
    "Минобороны Армении", "Министерство обороны Азербайджана", "Пресс-секретарь Кремля Дмитрий Песков",
    "Никол Пашинян", "Ильхам Алиев", "МИД России", "Мария Захарова", "Сергей Лавров",
]  # fmt: skip
VERBS = ["заявил", "сообщил", "подчеркнул", "отметил", "опроверг", "обвинил", "призвал"]
CLAIMS = [
    "противник обстрелял позиции у села Сотк из стрелкового оружия",
    "двое военнослужащих погибли и трое получили ранения",
    "сообщения о потерях не соответствуют действительности",
    "стороны должны вернуться к переговорам о делимитации границы",
    "во вторник ситуация на границе оставалась напряженной",
]
FILLER = "Ситуация в регионе обострилась после нескольких дней затишья, передает корреспондент."


def make_corpus(min_words: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted(RU_DEV.glob("*.txt"))] if RU_DEV.is_dir() else []
    words = sum(len(t.split()) for t in texts)
    while words < min_words:
        lines = []
        for _ in range(12):
            if rng.random() < 0.3:
                lines.append(FILLER)
            else:
                lines.append(f"{rng.choice(SPEAKERS)} {rng.choice(VERBS)}, что {rng.choice(CLAIMS)}.")
        text = "\n".join(lines) + "\n"
        texts.append(text)
        words += len(text.split())
    return texts


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(which: str, texts: list[str], queue) -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    before = _peak_mb()
    t0 = time.process_time()
    if which == "bare":
        from sources.nlp.ru.model import bare_doc, models

        models()
        loaded = time.process_time()
        for text in texts[:2]:
            bare_doc(text)  # warm-up
        start = time.process_time()
        for text in texts:
            bare_doc(text)
    else:
        from claims.gazetteer.extractor import gazetteer_from_yaml
        from sources.nlp.ru.extract import extract_many_ru
        from sources.nlp.ru.model import models

        gazetteer = gazetteer_from_yaml()
        models()
        loaded = time.process_time()
        for _ in extract_many_ru(((t, {}) for t in texts[:2]), gazetteer=gazetteer):
            pass
        start = time.process_time()
        for _ in extract_many_ru(((t, {}) for t in texts), gazetteer=gazetteer):
            pass
    end = time.process_time()
    queue.put({"cpu": end - start, "load": loaded - t0, "peak": _peak_mb(), "before": before})


def measure(which: str, texts: list[str]) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=run, args=(which, texts, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=10_000)
    args = parser.parse_args()
    texts = make_corpus(args.words)
    words = sum(len(t.split()) for t in texts)
    bare = measure("bare", texts)
    ours = measure("ours", texts)
    bare_wps, our_wps = words / bare["cpu"], words / ours["cpu"]
    print(f"corpus: {len(texts)} texts, {words:,} words")
    print(f"bare natasha (segment+morph+syntax+NER): {bare_wps:,.0f} words/CPU-s  peak {bare['peak']:.0f} MB")
    print(f"extract_many_ru:                         {our_wps:,.0f} words/CPU-s  peak {ours['peak']:.0f} MB")
    print(f"ratio ours/bare: {our_wps / bare_wps:.2f} (target >= 0.9)")
    print(
        f"model load: {bare['load']:.1f} CPU-s; models cost about {bare['peak'] - bare['before']:.0f} MB "
        "over the interpreter (loaded once per process, lazily, on the first Russian text)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
