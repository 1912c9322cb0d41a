#!/usr/bin/env python
"""Russian extraction throughput: ``extract_many_ru`` against bare natasha on the same texts.

Builds a corpus of at least 10,000 words (Russian articles generated from templates here, plus
the ru-dev articles from ../shared when that folder exists), then measures, each in a fresh
process so that the peak memory is that pipeline's own:

- baseline: natasha alone, segment + morphology + syntax + NER (``sources.nlp.ru.model.bare_doc``);
- ours: ``sources.nlp.ru.extract.extract_many_ru`` (text preparation, the same models, pymorphy
  lemmas, the cue, speaker, casualty and date rules), reached as the nlp worker reaches it, through
  ``sources.nlp.engines.extract_routed`` (which also looks for paragraphs in another language).

Prints words per CPU-second for each, the ratio ours/baseline (target: at least 0.9), the peak
resident memory of each process and what loading the models costs (``bench/extract_common.py``:
one process per run, one BLAS thread, rounds alternating, the best of each counts). Bare natasha
parses text by text, as its ``Doc`` does; ours parses ``--batch-size`` texts together, as the nlp
worker does with a batch of articles. Run with
``.venv/bin/python bench/bench_extract_ru.py``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RU_DEV = ROOT.parent / "shared" / "corpus" / "ru-dev" / "articles"
sys.path.insert(0, str(ROOT))

from extract_common import build_corpus, compare  # noqa: E402

# one template per line: speakers, reporting verbs, what they said
SPEAKERS = """
Минобороны Армении
Министерство обороны Азербайджана
Пресс-секретарь Кремля Дмитрий Песков
Никол Пашинян
Ильхам Алиев
МИД России
Мария Захарова
Сергей Лавров
""".strip().splitlines()
VERBS = ["заявил", "сообщил", "подчеркнул", "отметил", "опроверг", "обвинил", "призвал"]
CLAIMS = """
противник обстрелял позиции у села Сотк из стрелкового оружия
двое военнослужащих погибли и трое получили ранения
сообщения о потерях не соответствуют действительности
стороны должны вернуться к переговорам о делимитации границы
во вторник ситуация на границе оставалась напряженной
""".strip().splitlines()
FILLER = "Ситуация в регионе обострилась после нескольких дней затишья, передает корреспондент."


def synthetic_text(rng: random.Random) -> str:
    lines = []
    for _ in range(12):
        if rng.random() < 0.3:
            lines.append(FILLER)
        else:
            lines.append(f"{rng.choice(SPEAKERS)} {rng.choice(VERBS)}, что {rng.choice(CLAIMS)}.")
    return "\n".join(lines) + "\n"


def setup(kind: str, batch_size: int):
    """Load bare natasha or our pipeline; return the function that runs it over texts."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from sources.nlp.ru.model import bare_doc, models

    if kind == "bare":
        models()

        def bare(texts: list[str]) -> int:
            for text in texts:
                bare_doc(text)
            return 0

        return bare
    from claims.gazetteer.extractor import gazetteer_from_yaml
    from sources.nlp.engines import extract_routed
    from sources.nlp.gazetteer import default_gazetteer_set

    def refused(index: int, exc: Exception) -> None:
        raise exc

    default_gazetteer_set(gazetteer_from_yaml)  # as claims.apps does under Django
    models()

    def ours(texts: list[str]) -> int:
        items = ((t, {}) for t in texts)
        found = extract_routed(items, languages=["ru"] * len(texts), on_error=refused, batch_size=batch_size)
        return sum(len(statements) for statements in found)

    return ours


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=16, help="texts extract_many_ru parses together")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each; the best counts")
    args = parser.parse_args()
    texts = build_corpus(RU_DEV, synthetic_text, args.words)
    result = compare(setup, texts, args.batch_size, rounds=args.rounds)
    bare, ours = result["best"]["bare"], result["best"]["ours"]
    bare_wps, our_wps = result["words_per_cpu_s"]["bare"], result["words_per_cpu_s"]["ours"]
    print(f"corpus: {len(texts)} texts, {result['words']:,} words, batch_size {args.batch_size}, best of {args.rounds}")
    print(f"bare natasha (segment+morph+syntax+NER): {bare_wps:,.0f} words/CPU-s  peak {bare['peak_rss_mb']:.0f} MB")
    print(
        f"extract_many_ru (routed):                {our_wps:,.0f} words/CPU-s  peak {ours['peak_rss_mb']:.0f} MB  "
        f"{ours['statements']} statements"
    )
    rounds = ", ".join(f"{r:.2f}" for r in result["round_ratios"])
    print(f"ratio ours/bare: {result['ratio']:.2f} (target >= 0.9; each round: {rounds})")
    print(
        f"model load: {bare['load_cpu_seconds']:.1f} CPU-s; the models cost about "
        f"{bare['loaded_rss_mb'] - bare['start_rss_mb']:.0f} MB over the interpreter "
        "(loaded once per process, lazily, on the first Russian text)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
