"""Helpers for the editors' browser tests."""

from __future__ import annotations


def pick(scope, label: str, text: str, choice: str | None = None) -> None:
    """Type `text` into the type-ahead (tom-select) labelled `label` and choose the option that
    contains `choice` (default: `text`) from what the server answers."""
    control = scope.locator(".ts-control input").and_(scope.get_by_role("combobox", name=label, exact=True))
    # The control box takes the click: a single picker hides its input until then.
    control.locator("xpath=ancestor::div[contains(@class, 'ts-control')]").click()
    control.fill(text)
    page = control.page
    option = page.locator(".ts-dropdown.single .option, .ts-dropdown.multi .option").filter(has_text=choice or text)
    option.first.click()


PASSWORD = "correct horse battery staple"  # the factories' test password


def log_in(page, base: str, username: str, landing: str = "/editor/") -> None:
    page.goto(f"{base}/accounts/login/?next={landing}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + landing)
