"""The journeys: which pages each role visits, in order, and what it does there.

A journey is a list of `Step`s: (role, url, action). `test_journeys.py` walks each role's steps in
real Chromium and, on every page, checks what holds for every page (no console error, no request off
the machine, no broken same-site link, axe-core clean at desktop and phone widths, no sideways scroll
on a phone), then runs the step's own `action` (what the user does and expects there).

A new feature slots in as one more `Step` in `STEPS` (or an action on an existing one): its url may
name the world's rows by `{placeholder}` (see `World.urls`). Steps with `screenshot` save the page at
both widths as `docs/screenshots/<screenshot>-desktop.png` and `-phone.png`, shown in the README.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from claims import models as cm
from tests import factories as f
from tests.ui import scenario

PASSWORD = "correct horse battery staple"  # the factories' test password
ROLES = ("anonymous", "researcher", "editor", "admin")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class World:
    """The scenario's reviewed incident, with work left for an editor, and one account per role."""

    story: scenario.Scenario
    pending: list[cm.Statement] = field(default_factory=list)
    users: dict[str, object] = field(default_factory=dict)

    def urls(self) -> dict[str, object]:
        """The placeholders a step's url may use."""
        shelling = self.story.incidents["shelling"]
        return {
            "incident": shelling.pk,
            "statement": self.story.statements["am"].pk,
            "article": self.story.articles["am"].pk,
            "actor": self.story.actors["az-mod"].slug,
            "place": self.story.places["stepanakert"].slug,
            "outlet": self.story.articles["am"].outlet.slug,
            "pending": self.pending[0].pk,
        }


def build_world() -> World:
    """The UI scenario, three pending statements for the queue (one spoken by a bare "He"), and a
    researcher, an editor and an admin."""
    story = scenario.build()
    shelling = story.incidents["shelling"]
    article, offsets = scenario.article_with(
        outlet=story.articles["am"].outlet,
        title="More reports from Stepanakert",
        published=datetime.date(2023, 9, 22),
        sentences=[
            "Local officials said the water supply to several districts was cut after the shelling.",
            "A resident told reporters that the shelter near the market was full.",
            "He said more people arrived during the night.",
        ],
    )
    pending = [
        f.StatementFactory(
            article=article,
            start=offsets[n][0],
            end=offsets[n][1],
            sentence=article.text[offsets[n][0] : offsets[n][1]],
            incident=shelling,
            side=story.actors["am-mod"].side,
            speaker=speaker,
            cue="said",
            stance="assertion",
            content=content,
            review_status="pending",
            confidence=confidence,
        )
        for n, (speaker, content, confidence) in enumerate(
            [
                ("Local officials", "The water supply to several districts was cut.", 0.9),
                ("A resident", "The shelter near the market was full.", 0.7),
                ("He", "More people arrived during the night.", 0.4),
            ]
        )
    ]
    users = {
        "researcher": f.UserFactory(username="rita"),
        "editor": f.UserFactory(username="erin", role="editor"),
        "admin": f.UserFactory(username="ada", role="admin", is_staff=True),
    }
    return World(story=story, pending=pending, users=users)


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"


# --- What each role does on a page ----------------------------------------------------------------


def sees_the_four_sides(page, world: World) -> None:
    headings = page.locator(".side-column > h3").all_inner_texts()
    assert [h.split(" (")[0].strip() for h in headings] == ["Armenian", "Azerbaijani", "Russian", "International"]


def finds_stepanakert_by_another_spelling(page, world: World) -> None:
    assert page.get_by_role("link", name="Shelling of Stepanakert").first.is_visible()


def reads_the_attributed_sentence(page, world: World) -> None:
    am = world.story.statements["am"]
    assert page.locator(f"mark#s-{am.pk}").is_visible()


def sees_pending_work(page, world: World) -> None:
    # The queue shows one line per statement (the sentence opens with the line).
    for statement in world.pending:
        assert page.locator(f"#q-{statement.pk} summary").is_visible()


def does_not_see_pending_work(page, world: World) -> None:
    assert page.get_by_text(world.pending[0].sentence[:40]).count() == 0


def sees_the_statement_form(page, world: World) -> None:
    assert page.get_by_label("Speaker", exact=False).first.is_visible()


def sees_the_admin(page, world: World) -> None:
    assert page.get_by_role("heading", level=1).first.is_visible()


@dataclass(frozen=True)
class Step:
    role: str
    url: str
    action: Callable | None = None
    screenshot: str | None = None
    #: Status the page answers with (an editor page refuses a researcher with 403).
    status: int = 200


def public(url: str, action: Callable | None = None, *, screenshot: str | None = None) -> list[Step]:
    """The same page in every role's journey."""
    return [Step(role, url, action, screenshot if role == "anonymous" else None) for role in ROLES]


STEPS: list[Step] = [
    *public("/", screenshot="home"),
    *public("/how-to-read/"),
    *public("/incidents/"),
    *public("/incidents/{incident}/", sees_the_four_sides),
    *public("/map/"),
    *public("/search/?q=Khankendi", finds_stepanakert_by_another_spelling),
    *public("/statements/"),
    *public("/statements/{statement}/"),
    *public("/articles/{article}/", reads_the_attributed_sentence),
    *public("/actors/{actor}/"),
    *public("/places/{place}/"),
    *public("/outlets/{outlet}/"),
    Step("anonymous", "/incidents/{incident}/", does_not_see_pending_work),
    Step("editor", "/incidents/{incident}/", screenshot="incident"),
    Step("researcher", "/accounts/tokens/"),
    Step("researcher", "/editor/", status=403),
    Step("editor", "/editor/", sees_pending_work, screenshot="queue"),
    Step("editor", "/editor/statements/{pending}/", sees_the_statement_form),
    Step("editor", "/editor/incidents/"),
    Step("editor", "/editor/incidents/{incident}/"),
    Step("editor", "/editor/articles/"),
    Step("editor", "/sources/submit/"),
    Step("editor", "/map/", screenshot="map"),
    Step("admin", "/editor/"),
    Step("admin", "/admin/", sees_the_admin),
    Step("admin", "/admin/claims/statement/"),
    Step("admin", "/admin/claims/incident/"),
]


def steps_of(role: str) -> list[Step]:
    return [step for step in STEPS if step.role == role]
