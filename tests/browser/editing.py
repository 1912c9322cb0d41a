"""Helpers for the editors' browser tests."""

from __future__ import annotations


def pick(scope, label: str, text: str, choice: str | None = None) -> None:
    """Type `text` into the type-ahead (tom-select) labelled `label` and choose the option that
    contains `choice` (default: `text`) from what the server answers."""
    control = scope.get_by_role("combobox", name=label, exact=True)
    control.click()
    control.fill(text)
    page = control.page
    option = page.locator(".ts-dropdown.single .option, .ts-dropdown.multi .option").filter(has_text=choice or text)
    option.first.click()
