"""Word lists for attribution: reporting verbs and nouns, stance words, non-speakers.

Kept apart from the rules so they can be read and extended without touching the grammar.
Surface forms are listed (no lemmatizer runs in the pipeline).
"""

from __future__ import annotations

ASSERTION = "assertion"
ACCUSATION = "accusation"
DENIAL = "denial"
CASUALTY = "casualty-report"
APPEAL = "appeal"
STANCES = (ASSERTION, ACCUSATION, DENIAL, CASUALTY, APPEAL)


def _forms(lemma: str, *forms: str) -> dict[str, str]:
    return {f: lemma for f in (lemma, *forms)}


def by_stance(table: str) -> dict[str, str | None]:
    """lemma -> the stance a reporting verb carries on its own, from a table of lemmas: a line
    "denial: deny reject …" gives its words that stance, other lines' words carry none (their
    content decides). Both engines' verb lists are written this way."""
    out: dict[str, str | None] = {}
    for line in table.splitlines():
        label, sep, words = line.partition(":")
        stance = label.strip() if sep else None
        if stance is not None and stance not in STANCES:
            raise ValueError(f"unknown stance {stance!r} in a verb table")
        out.update(dict.fromkeys((words if sep else line).split(), stance))
    return out


# lemma -> stance the verb itself carries (None: the content decides)
VERB_STANCE: dict[str, str | None] = by_stance("""
    say state claim assert tell add declare announce report note stress emphasise insist argue write
    tweet explain maintain confirm reveal acknowledge admit warn threaten vow pledge promise respond
    reply allege condemn back support endorse welcome quote specify clarify point describe believe
    fear think assure reiterate underline underscore highlight recall remark contend predict
    estimate concede affirm reaffirm inform disclose indicate observe comment read question
    accusation: accuse blame charge criticise denounce slam decry lambast
    denial: deny reject dismiss refute rebuff dispute
    appeal: urge call appeal ask demand request implore plead offer
""")

VERB_FORMS: dict[str, str] = {}
for _lemma, _extra in {
    "say": ("says", "said", "saying"),
    "state": ("states", "stated", "stating"),
    "claim": ("claims", "claimed", "claiming"),
    "assert": ("asserts", "asserted", "asserting"),
    "tell": ("tells", "told", "telling"),
    "add": ("adds", "added", "adding"),
    "declare": ("declares", "declared", "declaring"),
    "announce": ("announces", "announced", "announcing"),
    "report": ("reports", "reported", "reporting"),
    "note": ("notes", "noted", "noting"),
    "stress": ("stresses", "stressed", "stressing"),
    "emphasise": ("emphasises", "emphasised", "emphasising", "emphasize", "emphasizes", "emphasized", "emphasizing"),
    "insist": ("insists", "insisted", "insisting"),
    "argue": ("argues", "argued", "arguing"),
    "write": ("writes", "wrote", "writing", "written"),
    "tweet": ("tweets", "tweeted", "tweeting"),
    "explain": ("explains", "explained", "explaining"),
    "maintain": ("maintains", "maintained", "maintaining"),
    "confirm": ("confirms", "confirmed", "confirming"),
    "reveal": ("reveals", "revealed", "revealing"),
    "acknowledge": ("acknowledges", "acknowledged", "acknowledging"),
    "admit": ("admits", "admitted", "admitting"),
    "warn": ("warns", "warned", "warning"),
    "threaten": ("threatens", "threatened", "threatening"),
    "vow": ("vows", "vowed", "vowing"),
    "pledge": ("pledges", "pledged", "pledging"),
    "promise": ("promises", "promised", "promising"),
    "respond": ("responds", "responded", "responding"),
    "reply": ("replies", "replied", "replying"),
    "allege": ("alleges", "alleged", "alleging"),
    "accuse": ("accuses", "accused", "accusing"),
    "blame": ("blames", "blamed", "blaming"),
    "charge": ("charges", "charged", "charging"),
    "criticise": ("criticises", "criticised", "criticising", "criticize", "criticizes", "criticized", "criticizing"),
    "denounce": ("denounces", "denounced", "denouncing"),
    "condemn": ("condemns", "condemned", "condemning"),
    "deny": ("denies", "denied", "denying"),
    "reject": ("rejects", "rejected", "rejecting"),
    "dismiss": ("dismisses", "dismissed", "dismissing"),
    "refute": ("refutes", "refuted", "refuting"),
    "rebuff": ("rebuffs", "rebuffed", "rebuffing"),
    "urge": ("urges", "urged", "urging"),
    "call": ("calls", "called", "calling"),
    "appeal": ("appeals", "appealed", "appealing"),
    "ask": ("asks", "asked", "asking"),
    "demand": ("demands", "demanded", "demanding"),
    "request": ("requests", "requested", "requesting"),
    "implore": ("implores", "implored", "imploring"),
    "plead": ("pleads", "pleaded", "pleading", "pled"),
    "offer": ("offers", "offered", "offering"),
    "back": ("backs", "backed", "backing"),
    "support": ("supports", "supported", "supporting"),
    "endorse": ("endorses", "endorsed", "endorsing"),
    "welcome": ("welcomes", "welcomed", "welcoming"),
    "quote": ("quotes", "quoted", "quoting"),
    "specify": ("specifies", "specified", "specifying"),
    "clarify": ("clarifies", "clarified", "clarifying"),
    "point": ("points", "pointed", "pointing"),
    "describe": ("describes", "described", "describing"),
    "believe": ("believes", "believed", "believing"),
    "fear": ("fears", "feared", "fearing"),
    "think": ("thinks", "thought", "thinking"),
    "assure": ("assures", "assured", "assuring"),
    "reiterate": ("reiterates", "reiterated", "reiterating"),
    "underline": ("underlines", "underlined", "underlining"),
    "underscore": ("underscores", "underscored", "underscoring"),
    "highlight": ("highlights", "highlighted", "highlighting"),
    "recall": ("recalls", "recalled", "recalling"),
    "remark": ("remarks", "remarked", "remarking"),
    "contend": ("contends", "contended", "contending"),
    "predict": ("predicts", "predicted", "predicting"),
    "estimate": ("estimates", "estimated", "estimating"),
    "concede": ("concedes", "conceded", "conceding"),
    "affirm": ("affirms", "affirmed", "affirming"),
    "reaffirm": ("reaffirms", "reaffirmed", "reaffirming"),
    "inform": ("informs", "informed", "informing"),
    "disclose": ("discloses", "disclosed", "disclosing"),
    "indicate": ("indicates", "indicated", "indicating"),
    "observe": ("observes", "observed", "observing"),
    "comment": ("comments", "commented", "commenting"),
    "slam": ("slams", "slammed", "slamming"),
    "decry": ("decries", "decried", "decrying"),
    "lambast": ("lambasts", "lambasted", "lambasting"),
    "dispute": ("disputes", "disputed", "disputing"),
    "read": ("reads",),  # '"…," the statement read' (the past form is spelt like the lemma)
    "question": ("questions", "questioned", "questioning"),
}.items():
    VERB_FORMS.update(_forms(_lemma, *_extra))

# Verbs that are reporting verbs only with a clause, a quote or a claim-like object after them
# ("added that …", not "added to the tension"; "declared an 'anti-terrorist' campaign", not
# "declared martial law").
NEEDS_CLAUSE = {
    "add", "declare", "announce", "report", "note", "stress", "emphasise", "write", "explain",
    "maintain", "confirm", "reveal", "acknowledge", "admit", "tell", "respond", "reply",
    "threaten", "promise", "insist", "argue", "tweet", "ask", "offer", "state", "warn",
    "specify", "clarify", "point", "believe", "fear", "think", "assure", "reiterate", "underline",
    "underscore", "highlight", "recall", "remark", "contend", "predict", "estimate", "concede",
    "affirm", "reaffirm", "inform", "disclose", "indicate", "observe", "comment", "read",
}  # fmt: skip
# Verbs that turn a noun into an act of saying ("made a similar appeal", "issued a statement").
LIGHT_VERBS = {
    "make", "makes", "made", "making", "issue", "issues", "issued", "issuing", "release",
    "releases", "released", "publish", "publishes", "published", "put", "puts", "voice", "voices",
    "voiced", "renew", "renews", "renewed", "repeat", "repeats", "repeated", "send", "sent",
    "deliver", "delivered", "lodge", "lodged", "file", "filed", "express", "expresses",
    "expressed", "expressing", "take", "takes", "took", "taken", "trade", "trades", "traded",
    "trading", "exchange", "exchanges", "exchanged", "exchanging", "raise", "raises", "raised",
}  # fmt: skip
# "In her view, …": nouns whose owner's view the sentence gives.
VIEW_NOUNS = {"view", "opinion", "reading", "words", "assessment", "estimation", "judgement", "judgment", "analysis"}
# "according to figures released by X", "according to the ministry's data": X speaks.
SOURCE_NOUNS = {
    "information", "data", "figures", "figure", "statistics", "estimate", "estimates", "report",
    "reports", "statement", "statements", "account", "accounts", "version", "tally", "count",
    "findings", "assessment", "records", "list",
}  # fmt: skip
# Objects that make "reported/confirmed/acknowledged X" a claim without a clause.
REPORTED_NOUNS = {
    "deaths", "dead", "casualties", "killed", "wounded", "injured", "loss", "losses", "fatalities",
    "victims", "injuries", "violations", "violation", "incidents", "attacks", "shelling", "fire",
    "clashes", "provocations", "death", "toll",
}  # fmt: skip
# Events that "reported/confirmed X" makes a claim about, besides tolls and attacks.
EVENT_NOUNS = {
    "shootout", "skirmish", "skirmishes", "clash", "exchange", "incident", "incursion", "report",
    "downing", "crash", "explosion", "ambush", "raid", "offensive", "assault", "breach",
    "ceasefire", "truce",
}  # fmt: skip
# Support verbs count only when what is backed is a position, not a party ("backed the stance").
POSITION_NOUNS = {
    "stance", "call", "calls", "position", "statement", "proposal", "initiative", "efforts",
    "appeal", "resolution", "plan", "ceasefire", "truce", "talks", "mediation", "declaration",
    "demand", "decision", "agreement", "idea", "approach", "view", "appeals", "proposals",
    "announcement", "deal", "move", "step", "steps", "exchange", "news", "accord", "compromise",
}  # fmt: skip
# "call" is a cue only as "call for/on/upon/out".
CALL_PARTICLES = {"for": APPEAL, "on": APPEAL, "upon": APPEAL, "out": ACCUSATION}

NOMINAL_CUES: dict[str, str | None] = {
    "claim": None, "claims": None, "allegation": ACCUSATION, "allegations": ACCUSATION,
    "accusation": ACCUSATION, "accusations": ACCUSATION, "assertion": None, "assertions": None,
    "statement": None, "statements": None, "plea": APPEAL, "pleas": APPEAL, "appeal": APPEAL,
    "appeals": APPEAL, "call": APPEAL, "calls": APPEAL, "demand": APPEAL, "demands": APPEAL,
    "warning": None, "warnings": None, "denial": DENIAL, "denials": DENIAL, "charge": ACCUSATION,
    "charges": ACCUSATION, "insistence": None, "pledge": None, "vow": None, "request": APPEAL,
    # speech nouns that a light verb turns into an act of saying ("voiced concern over …",
    # "expressed criticism of …", "took note of …", "trade blame for …")
    "concern": None, "concerns": None, "criticism": ACCUSATION, "blame": ACCUSATION,
    "note": None, "protest": ACCUSATION, "regret": None, "alarm": None, "hope": None,
    "condemnation": ACCUSATION, "outrage": ACCUSATION, "dissatisfaction": None, "readiness": None,
}  # fmt: skip
# Speech nouns that are an act of saying only after a light verb ("voiced concern"), never with
# a possessive alone ("Yerevan's readiness to …" refers to a position; it reports no statement).
LIGHT_ONLY_NOUNS = {
    "concern", "concerns", "criticism", "blame", "note", "protest", "regret", "alarm", "hope",
    "condemnation", "outrage", "dissatisfaction", "readiness",
}  # fmt: skip
# "with the stated aim of …": the purpose is the actor's own claim.
STATED_PURPOSE = {"aim", "goal", "purpose", "intention", "objective", "aims", "goals"}
STATED_ADJ = {"stated", "declared", "professed", "announced"}

# Nouns for texts rather than speakers: their owner is the speaker ("the ministry's statement").
DOCUMENT_NOUNS = {
    "statement", "statements", "report", "communique", "communiqué", "release", "letter",
    "tweet", "post", "message", "note", "bulletin", "notice", "briefing", "readout",
}  # fmt: skip
# Heads that never make an annotated statement: media, crowds, anonymous sources.
NON_SPEAKERS = {
    "media", "press", "outlet", "outlets", "newspaper", "newspapers",
    "tv", "television", "channel", "broadcaster", "reporter", "reporters", "journalist",
    "journalists", "correspondent", "correspondents", "website", "websites", "daily",
    "protesters", "protestors", "demonstrators", "residents", "resident", "witnesses",
    "witness", "locals", "villagers", "refugees", "people", "crowd", "crowds", "users",
    "bloggers", "sources", "source", "footage", "video", "videos", "images", "photos",
    "data", "study", "survey", "poll", "analysis", "analysts", "experts", "observers",
    "commentators", "critics", "many", "some", "others", "everyone", "nobody", "one",
    "woman", "women", "man", "men", "mother", "father", "farmer", "farmers", "student",
    "students", "teacher", "doctor", "doctors", "driver", "shopkeeper", "pensioner", "family",
    "families", "relatives", "survivor", "survivors", "eyewitness", "eyewitnesses", "displaced",
    "civilians", "civilian", "villager", "inhabitants", "citizens", "volunteer", "volunteers",
    "neighbour", "neighbours", "neighbor", "neighbors", "youtuber", "blogger", "activist",
    "activists", "protester", "demonstrator", "worker", "workers", "owner", "priest",
    "anyone", "someone", "who", "what", "this", "that", "these", "which", "there",
}  # fmt: skip
# A speaker phrase with one of these words names a news organisation ("state news agency APA").
MEDIA_WORDS = {
    "media", "newspaper", "agency", "television", "tv", "broadcaster", "outlet",
    "channel", "daily", "weekly", "website", "news",
}  # fmt: skip
# Well-known news organisations: what they report is the outlet's voice, not a side's.
MEDIA_NAMES = {
    "reuters", "ap", "associated press", "afp", "agence france-presse", "tass", "ria novosti",
    "ria", "interfax", "sputnik", "armenpress", "news.am", "apa", "trend", "azertac",
    "report.az", "bbc", "cnn", "al jazeera", "eurasianet", "oc media", "jamnews", "anadolu",
    "anadolu agency", "the guardian", "the new york times", "the washington post", "vice",
    "vice world news", "the epoch times", "rferl", "radio free europe", "azatutyun",
    "hetq", "civilnet", "turan", "bloomberg", "the associated press", "euronews", "dw",
}  # fmt: skip

PRONOUNS_PERSON = {"he", "she", "him", "her", "his"}
PRONOUNS_THING = {"it", "its"}
PRONOUNS_PLURAL = {"they", "them", "their"}
PRONOUNS_FIRST = {"i", "we", "me", "us"}
RELATIVE = {"who", "which", "that", "whom"}
TWO_SIDES = {
    ("both", "sides"), ("each", "side"), ("two", "sides"), ("both", "parties"),
    ("two", "parties"), ("each", "party"), ("both", "countries"), ("two", "countries"),
    ("both", "nations"), ("two", "nations"), ("both", "governments"), ("two", "governments"),
    ("both", "armies"), ("two", "armies"),
}  # fmt: skip
# Plural heads that, counted as "both"/"the two", stand for the two parties ("both ministries").
PARTY_GROUP_NOUNS = {
    "sides", "parties", "countries", "nations", "governments", "armies", "ministries", "leaders",
    "capitals", "delegations", "militaries", "presidents", "ministers", "republics", "states",
}  # fmt: skip
INDEFINITE_DETS = {"either", "neither", "any", "no", "some", "several", "many"}

# Words that make the speaker an analyst (international side) rather than a state's official.
ANALYST_WORDS = {
    "analyst", "fellow", "professor", "researcher", "scholar", "expert", "institute",
    "university", "studies", "think", "tank", "centre", "center", "lecturer", "programme",
    "program", "foundation", "academic", "commentator", "specialist",
}  # fmt: skip
# Institutions a bare description ("the ministry", "the Ministry of Defence") can refer to, and the
# words their canonical gazetteer names contain.
INSTITUTION_KEYWORDS = {
    "defence": ("defence",), "defense": ("defence",), "foreign": ("foreign affairs",),
    "military": ("armed forces",), "army": ("armed forces",), "forces": ("armed forces",),
    "government": ("government of",), "presidency": ("president",), "kremlin": ("kremlin",),
    "parliament": ("national assembly",), "border": ("border",),
}  # fmt: skip
INSTITUTION_HEADS = {
    "ministry", "ministries", "military", "army", "government", "authorities", "presidency",
    "office", "forces", "officials", "parliament", "side", "spokesman", "spokeswoman",
    "spokesperson", "service", "command", "leadership", "administration", "mod", "mfa",
}  # fmt: skip

# Content words that make a neutral report an accusation, a denial or an appeal.
ATTACK_WORDS = {
    "attack", "attacked", "attacks", "attacking", "shelled", "shelling", "shells", "fired",
    "firing", "fire", "struck", "strike", "strikes", "bombed", "bombing", "bombarded",
    "bombardment", "launched", "initiated", "provocation", "provocations", "provoked",
    "aggression", "violated", "violation", "violations", "violating", "invaded", "invasion",
    "occupation", "occupied", "blockade", "blockaded", "blocking", "genocide", "cleansing",
    "crimes", "atrocities", "targeted", "targeting", "targets", "responsibility", "instigating",
    "instigated", "sabotage", "illegal", "illegally", "terror", "shot", "killed", "hitting",
    "hit", "destroyed", "unleashed", "infiltrating", "infiltrated", "advancing", "breach",
    "breached", "exploiting", "abusing", "harassment", "campaign", "double", "standards",
    "failure", "fault", "blame", "blamed", "culpable", "accused", "accusing", "preplanned",
    "encroachment", "incursion", "intrusion", "assault", "siege", "crime", "terrorism", "enemy",
    "artillery", "mortar", "mortars", "rockets", "missile", "missiles", "unacceptable",
}  # fmt: skip
# Participles that spell out the main verb's own claim rather than add another one
# ("denied …, insisting that …", "vowed …, stating that …").
ELABORATING = {
    "say", "state", "insist", "argue", "explain", "claim", "assert", "maintain", "stress",
    "emphasise", "contend", "write", "reiterate",
}  # fmt: skip
DENIAL_WORDS = {
    "false", "untrue", "groundless", "baseless", "fake", "disinformation", "misinformation",
    "lies", "lie", "fabricated", "fabrication", "nonsense", "unfounded", "denied", "denies",
    "reject", "rejected", "rejects", "refuted", "propaganda",
}  # fmt: skip
APPEAL_WORDS = {
    "urge", "urges", "urged", "calls", "call", "appeal", "appeals", "demand", "demands",
    "must", "should", "ceasefire", "restraint", "de-escalation", "de-escalate", "negotiate",
    "negotiations", "talks", "dialogue", "mediate", "mediation", "halt", "stop", "cease",
    "refrain", "help", "intervene", "step",
}  # fmt: skip

# Nouns that describe a person's role; a name set off by one of them is a person's name even when
# the model tagged it as a place or an organisation ("Marina Ohanyan, a researcher at …").
PERSON_ROLES = {
    "researcher", "analyst", "fellow", "professor", "lecturer", "scholar", "expert", "director",
    "spokesman", "spokeswoman", "spokesperson", "minister", "adviser", "advisor", "aide",
    "envoy", "ambassador", "official", "secretary", "commander", "general", "lawmaker",
    "deputy", "chairman", "chairwoman", "chair", "president", "head", "leader", "editor",
    "author", "specialist", "economist", "historian", "journalist", "mp", "senator", "ombudsman",
    "representative", "diplomat", "officer", "colonel", "mayor", "governor", "founder",
    "assistant", "counsellor", "counselor", "press-secretary", "prosecutor", "commissioner",
}  # fmt: skip
# Words of a headline's topic before a colon ("Nagorno-Karabakh conflict: …", "Live updates: …").
TOPIC_WORDS = {
    "conflict", "relations", "war", "crisis", "live", "update", "updates", "news", "topic",
    "situation", "analysis", "opinion", "explainer", "talks", "timeline", "video", "photos",
}  # fmt: skip
# Words after which a text cut off in mid-sentence leaves its claim unreadable.
CUT_AFTER = {
    "the", "a", "an", "of", "to", "that", "had", "has", "have", "been", "be", "is", "was", "were",
    "will", "would", "could", "and", "or", "by", "in", "on", "at", "for", "with", "from", "as",
    "its", "their", "his", "her", "not",
}  # fmt: skip
# Titles only international organisations give (matched on the title's words, hyphens dropped).
ORGANISATION_TITLES = {
    "secretary-general", "secretary general", "chairman-in-office", "chairperson-in-office",
    "chair-in-office", "chairman in office", "co-chair", "co-chairs", "co chair", "co chairs",
    "co-chairman", "high representative", "special rapporteur", "high commissioner",
    "personal representative", "special representative",
}  # fmt: skip
# Words of a title that belongs to a state's institution ("Foreign ministry spokesman X").
STATE_TITLE_WORDS = {"ministry", "government", "defence", "defense", "foreign", "army", "military", "presidential"}
