"""Every widget of the course, used as a student uses it: in JupyterLab, in a real browser.

For each widget below: open its notebook, run all cells, wait for the widget, move each control
with the keyboard (or press its buttons), then check that the numbers shown are exactly what the
widget's pure function computes for the values the controls now show — with no error output and
exactly one figure in the widget. Screenshots before and after go to test-artifacts/browser/.

A lesson that adds a widget adds a `WidgetSpec` to SPECS.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pytest
from matplotlib.figure import Figure

pytest.importorskip("playwright.sync_api", reason="pip install playwright")

from course_lib import data, linear_fit, optimizer_race, xor_network
from course_lib import gradient_descent as gd
from course_lib import perceptron as pc

pytestmark = pytest.mark.e2e

IDLE = "Python 3 (ipykernel) | Idle"


@dataclass
class WidgetSpec:
    """How to find one widget, how to move it, and what its pure function says it must show."""

    notebook: str
    controls: dict[str, str]  # description shown on screen (slider or checkbox) -> keyword of the pure function
    expected: Callable[[dict], str]  # control values -> the summary text
    keys: list[tuple[str, str, int]] = field(default_factory=list)  # (slider description, key, presses)
    clicks: list[tuple[str, int]] = field(default_factory=list)  # (button label, presses)
    toggles: list[str] = field(default_factory=list)  # checkbox descriptions to click
    index: int = 0  # which widget of the notebook (0 = the first)

    def __str__(self) -> str:
        return f"{self.notebook}#{self.index}"


LINE = data.load_table("line_two_points")
WEATHER = data.load_table("weather")
WEATHER_X, WEATHER_Y = np.column_stack([WEATHER["cloud"], WEATHER["wind"]]), WEATHER["rain"]


def perceptron_summary(v: dict) -> str:
    """What lesson 03's stepper must show: the run with α and the bias setting, after n samples."""
    start_b = pc.DEFAULT_B if v["use_bias"] else 0.0
    trace = pc.train_trace(WEATHER_X, WEATHER_Y, pc.DEFAULT_W, start_b, v["lr"], use_bias=v["use_bias"], epochs=8)
    return pc.draw_state(Figure(), WEATHER_X, WEATHER_Y, trace, v["samples"], pc.DEFAULT_W, start_b)


def xor_summary(v: dict) -> str:
    """What lesson 04's snapshot slider must show for the seeded run of the notebook."""
    losses, snapshots = xor_run()
    epoch = min(v["snapshot"] * 100, len(losses) - 1)
    return xor_network.draw_decision_surface(Figure(), snapshots[v["snapshot"]], losses, epoch)


@functools.cache
def xor_run():
    """The notebook's seeded XOR training run, recomputed here once."""
    return xor_network.train(seed=0)

SPECS = [
    WidgetSpec(
        "01_linear_fit_mse.ipynb",
        controls={"slope m": "m", "intercept b": "b"},
        expected=lambda v: linear_fit.draw_line_fit(Figure(), LINE["x"], LINE["y"], v["m"], v["b"]),
        keys=[("slope m", "ArrowRight", 10), ("intercept b", "ArrowLeft", 7)],
    ),
    WidgetSpec(
        "02_gradient_descent.ipynb",
        controls={"learning rate λ": "lr", "steps taken": "steps"},
        expected=lambda v: gd.draw_descent(Figure(), LINE["x"], LINE["y"], v["lr"], int(v["steps"]), -1.0, 5.0,
                                           150, gd.mse_surface(LINE["x"], LINE["y"])),
        keys=[("learning rate λ", "ArrowRight", 6)],
        clicks=[("▶ 1 step", 2), ("▶▶ 10 steps", 1)],
    ),
    WidgetSpec(
        "03_perceptron.ipynb",
        controls={"learning rate α": "lr", "train the bias b": "use_bias", "samples seen": "samples"},
        expected=lambda v: perceptron_summary({**v, "samples": int(v["samples"])}),
        keys=[("learning rate α", "ArrowRight", 2)],
        clicks=[("▶ 1 sample", 3), ("▶▶ 1 epoch (7 samples)", 1)],
        toggles=["train the bias b"],
    ),
    WidgetSpec(
        "04_xor_stacking.ipynb",
        controls={"snapshot": "snapshot"},
        expected=lambda v: xor_summary({"snapshot": int(v["snapshot"])}),
        clicks=[("⟲ to epoch 0", 1), ("▶ +100 epochs", 3)],
    ),
    WidgetSpec(
        "06_optimizers.ipynb",
        controls={"learning rate, SGD family": "sgd_lr", "learning rate, AdaGrad/RMSProp/Adam": "adaptive_lr",
                  "momentum (Momentum, NAG)": "momentum", "steps": "steps"},
        expected=lambda v: optimizer_race.draw_race(Figure(), "valley", v["sgd_lr"], v["adaptive_lr"],
                                                     v["momentum"], int(v["steps"])),
        keys=[("momentum (Momentum, NAG)", "ArrowLeft", 20), ("learning rate, SGD family", "ArrowLeft", 1),
              ("steps", "ArrowLeft", 30)],
    ),
]


def _number(readout, seconds: float = 10) -> float:
    """A slider's readout as a number, once the browser has filled it in.

    The readout is empty for a moment while a view is (re)attached, so it is read again until
    it parses or the time is up.
    """
    deadline = time.monotonic() + seconds
    while True:
        text = (readout.text_content() or "").strip().replace("−", "-")
        try:
            return float(text)
        except ValueError:
            if time.monotonic() > deadline:
                raise AssertionError(f"slider readout never showed a number (last: {text!r})") from None
            readout.page.wait_for_timeout(200)


def _control_values(widget, spec: WidgetSpec) -> dict:
    """What each control shows on screen now: a slider's readout, or whether a box is ticked."""
    values = {}
    for description, keyword in spec.controls.items():
        slider = widget.locator(".widget-slider", has=widget.page.get_by_text(description, exact=True))
        if slider.count():
            values[keyword] = _number(slider.locator(".widget-readout"))
        else:
            box = widget.locator(".widget-checkbox", has=widget.page.get_by_text(description, exact=True))
            values[keyword] = box.locator("input[type=checkbox]").is_checked()
    return values


def _run_all(page, url: str) -> None:
    page.goto(url)
    page.get_by_text(IDLE).wait_for(timeout=90_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    page.wait_for_selector(".widget-slider", timeout=120_000)
    page.get_by_text(IDLE).wait_for(timeout=180_000)


def _assert_shows_pure_function(widget, spec: WidgetSpec, seconds: float = 60) -> str:
    """Wait until the widget has settled (controls and text unchanged for a moment), then compare.

    Button clicks and key presses reach the kernel one by one, so the widget passes through
    intermediate states; the check is made on the state it settles in.
    """
    deadline, last = time.monotonic() + seconds, None
    while True:
        values = _control_values(widget, spec)
        shown = widget.locator("pre").inner_text()
        if (values, shown) == last or time.monotonic() > deadline:
            break
        last = (values, shown)
        widget.page.wait_for_timeout(700)
    assert shown == spec.expected(values)
    assert widget.locator("img").count() == 1, "exactly one figure in the widget, redrawn in place"
    return shown


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
                widget.get_by_role("button", name=label, exact=True).click()
        for description in spec.toggles:
            widget.locator(".widget-checkbox", has=page.get_by_text(description, exact=True)).locator("input").click()
        page.get_by_text(IDLE).wait_for(timeout=60_000)

        after = _assert_shows_pure_function(widget, spec)
        widget.screenshot(path=artifacts / f"{spec}-after.png".replace("#", "-"))
        assert after != before, "moving the controls changed nothing"
        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0
    finally:
        page.close()
