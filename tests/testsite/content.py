"""Article text for the test site, generated from our own sentence templates (no copied text).

Each article combines different speakers, places, numbers and sentence shapes, so two generated
articles share little wording and are not near-duplicates of each other.
"""

from __future__ import annotations

import random
from html import escape

ARMENIAN = ["Armenia's Defence Ministry", "the Armenian Foreign Ministry", "Armenian Prime Minister Nikol Pashinyan"]
AZERBAIJANI = [
    "Azerbaijan's Defence Ministry",
    "the Azerbaijani Foreign Ministry",
    "Azerbaijani President Ilham Aliyev",
]
OUTSIDERS = [
    "the Kremlin",
    "the European Union",
    "the United Nations",
    "the OSCE Minsk Group",
    "the US State Department",
]
PLACES = ["Norabak", "Sotk", "Jermuk", "Kalbajar", "Lachin", "Tegh", "Goris", "Kapan", "Shusha", "Fuzuli", "Ijevan",
          "Vardenis", "Stepanakert"]  # fmt: skip
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "eleven", "twelve"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEAPONS = ["mortars", "artillery", "drones", "sniper rifles", "grenade launchers", "heavy machine guns"]
OBJECTS = ["a school", "a water station", "a farm building", "an army post", "a road bridge", "a clinic"]
VENUES = ["Brussels", "Moscow", "Washington", "Geneva", "Vienna", "Prague"]
FILLER = [
    "Residents described {adj} nights spent in basements while {weapon} were heard across the valley.",
    "The {ordinal} incident this {period} came as negotiators prepared another round of talks in {venue}.",
    "Local farmers near {place} said they had abandoned fields within sight of the positions since {month}.",
    "Independent observers were unable to reach {place} to check either account before nightfall.",
    "Footage shared by a regional channel showed smoke rising above hills east of {place}.",
    "Traffic on the road towards {place} was halted for {hours} hours while engineers inspected the damage.",
]
ADJS = ["sleepless", "tense", "frightening", "long", "cold", "anxious"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth"]
PERIODS = ["week", "month", "season"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def article_sentences(n: int) -> tuple[str, list[str]]:
    """A headline and paragraphs for article `n` (deterministic)."""
    rng = random.Random(n * 7919 + 13)
    place, place2 = rng.sample(PLACES, 2)
    arm, aze, out = rng.choice(ARMENIAN), rng.choice(AZERBAIJANI), rng.choice(OUTSIDERS)
    first, second = (arm, aze) if n % 2 else (aze, arm)
    enemy = "Azerbaijani" if first == arm else "Armenian"
    num, num2 = rng.sample(NUMBERS, 2)
    day = rng.choice(DAYS)
    weapon = rng.choice(WEAPONS)
    obj = rng.choice(OBJECTS)
    headline = f"{num.capitalize()} soldiers wounded near {place} as {enemy.lower()} fire is reported (report {n})"
    paragraphs = [
        f"{first[0].upper() + first[1:]} said on {day} that {num} soldiers were wounded when {enemy} units "
        f"fired {weapon} at positions near {place}.",
        f"{second[0].upper() + second[1:]} denied the claim and said its forces near {place2} had only returned fire "
        f"after {obj} came under attack.",
        f"According to {first}, {num2} more servicemen were evacuated from the area around {place2} "
        f"late on {day} evening.",
        f"{out[0].upper() + out[1:]} urged both sides to respect the ceasefire and resume talks in {rng.choice(VENUES)}.",
    ]
    fillers = rng.sample(FILLER, 3)
    for template in fillers:
        paragraphs.insert(
            rng.randint(1, len(paragraphs)),
            template.format(
                adj=rng.choice(ADJS),
                weapon=rng.choice(WEAPONS),
                ordinal=rng.choice(ORDINALS),
                period=rng.choice(PERIODS),
                venue=rng.choice(VENUES),
                place=rng.choice(PLACES),
                month=rng.choice(MONTHS),
                hours=rng.choice(NUMBERS),
            ),
        )
    paragraphs.append(f"This is test-site dispatch number {n}, written for Counterclaim's own tests.")
    return headline, paragraphs


def article_text(n: int) -> str:
    headline, paragraphs = article_sentences(n)
    return headline + "\n\n" + "\n\n".join(paragraphs) + "\n"


def article_html(n: int, *, site: str = "Test Wire", variant: str = "") -> str:
    """An article page with navigation, sidebar and footer around the story (as news sites have)."""
    headline, paragraphs = article_sentences(n)
    if variant:
        # Another site's copy of the same wire story: its own headline, credit line and footer.
        headline = f"{variant}: {headline.lower()}"
        paragraphs = [*paragraphs, f"Additional reporting by the {variant} desk."]
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(headline)} | {escape(site)}</title>
<meta property="og:site_name" content="{escape(site)}">
<meta name="author" content="Staff Reporter">
<meta property="article:published_time" content="2023-09-0{1 + n % 9}T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav>
<main><article><h1>{escape(headline)}</h1>
{body}
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/x">Weather warning for the weekend</a></li>
<li><a href="/y">Football results round-up</a></li></ul></aside>
<footer><p>Copyright {escape(site)}. All rights reserved.</p><p>Subscribe to our newsletter.</p></footer>
</body></html>"""


RUSSIAN_TEXT = (
    "Министерство обороны сообщило во вторник, что в результате обстрела были ранены двое военнослужащих. "
    "По словам представителя ведомства, огонь велся из минометов по позициям вблизи села. "
    "Противоположная сторона отвергла эти обвинения и заявила, что лишь ответила на провокацию. "
    "Международные наблюдатели призвали стороны соблюдать режим прекращения огня и вернуться к переговорам."
)


def long_article_html(n: int, parts: int = 4) -> str:
    """A news-length page (~600 words): the bodies of `parts` generated reports under one headline."""
    headline, paragraphs = article_sentences(n)
    for extra in range(1, parts):
        paragraphs = paragraphs + article_sentences(n + extra * 100_000)[1]
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(headline)}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{escape(headline)}</h1>{body}</article></body></html>"
    )
