"""Every widget of the course, used as a student uses it: in JupyterLab, in a real browser.

For each widget below: open its notebook, run all cells, wait for the widget, move each control
with the keyboard (or press its buttons), then check that the numbers shown are exactly what the
widget's pure function computes for the values the controls now show — with no error output and
exactly one figure in the widget. Screenshots before and after go to test-artifacts/browser/.

A lesson that adds a widget adds a `WidgetSpec` to SPECS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from matplotlib.figure import Figure

from course_lib import data, linear_fit

pytestmark = pytest.mark.e2e

IDLE = "Python 3 (ipykernel) | Idle"


@dataclass
class WidgetSpec:
    """How to find one widget, how to move it, and what its pure function says it must show."""

    notebook: str
    controls: dict[str, str]  # slider description shown on screen -> keyword of the pure function
    expected: Callable[[dict[str, float]], str]  # control values -> the summary text
    keys: list[tuple[str, str, int]] = field(default_factory=list)  # (slider description, key, presses)
    clicks: list[tuple[str, int]] = field(default_factory=list)  # (button label, presses)
    index: int = 0  # which widget of the notebook (0 = the first)

    def __str__(self) -> str:
        return f"{self.notebook}#{self.index}"


LINE = data.load_table("line_two_points")

SPECS = [
    WidgetSpec(
        "01_linear_fit_mse.ipynb",
        controls={"slope m": "m", "intercept b": "b"},
        expected=lambda v: linear_fit.draw_line_fit(Figure(), LINE["x"], LINE["y"], v["m"], v["b"]),
        keys=[("slope m", "ArrowRight", 10), ("intercept b", "ArrowLeft", 7)],
    ),
]


def _number(readout: str) -> float:
    return float(readout.replace("−", "-"))


def _control_values(widget, spec: WidgetSpec) -> dict[str, float]:
    values = {}
    for description, keyword in spec.controls.items():
        control = widget.locator(".widget-slider", has=widget.page.get_by_text(description, exact=True))
        values[keyword] = _number(control.locator(".widget-readout").inner_text())
    return values


def _run_all(page, url: str) -> None:
    page.goto(url)
    page.get_by_text(IDLE).wait_for(timeout=90_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    page.wait_for_selector(".widget-slider", timeout=120_000)
    page.get_by_text(IDLE).wait_for(timeout=180_000)


def _assert_shows_pure_function(widget, spec: WidgetSpec) -> str:
    expected = spec.expected(_control_values(widget, spec))
    widget.locator("pre", has_text=expected.splitlines()[0]).wait_for(timeout=10_000)
    assert widget.locator("pre").inner_text() == expected
    assert widget.locator("img").count() == 1, "exactly one figure in the widget, redrawn in place"
    return expected


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_widget_follows_its_controls(spec, lab, browser, artifacts):
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        _run_all(page, f"{base}/lab/tree/{spec.notebook}?token={token}")
        widget = page.locator(".jupyter-widgets.widget-vbox").nth(spec.index)
        widget.scroll_into_view_if_needed()
        before = _assert_shows_pure_function(widget, spec)
        widget.screenshot(path=artifacts / f"{spec}-before.png".replace("#", "-"))

        for description, key, presses in spec.keys:
            control = widget.locator(".widget-slider", has=page.get_by_text(description, exact=True))
            control.locator(".noUi-handle").first.focus()
            for _ in range(presses):
                page.keyboard.press(key)
        for label, presses in spec.clicks:
            for _ in range(presses):
                widget.get_by_role("button", name=label).click()
        page.get_by_text(IDLE).wait_for(timeout=60_000)

        after = _assert_shows_pure_function(widget, spec)
        widget.screenshot(path=artifacts / f"{spec}-after.png".replace("#", "-"))
        assert after != before, "moving the controls changed nothing"
        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0
    finally:
        page.close()
