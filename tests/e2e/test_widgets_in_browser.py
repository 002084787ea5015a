"""Every widget of the course, used as a student uses it: in JupyterLab, in a real browser.

For each widget below: open its notebook, run all cells, wait for the widget, then use every
control as a student would, in order — slider keys, buttons, check boxes, drop-downs, the play
button — and check, at the marked points and at the end, that the numbers shown are exactly what
the widget's pure function computes for the values the controls then show, with no error output
and exactly one figure in the widget. Screenshots before and after go to test-artifacts/browser/.

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

from course_lib import data, gradient_descent as gd, linear_fit, optimizer_race, perceptron as pc, xor_network

pytestmark = pytest.mark.e2e

IDLE = "Python 3 (ipykernel) | Idle"


@dataclass
class WidgetSpec:
    """How to find one widget, how to use it, and what its pure function says it must show.

    ``actions`` run in order; each is a tuple whose first item says what a student does:

    * ``("keys", slider description, key, presses)`` — focus the slider's handle, press the key;
    * ``("click", button label, presses)``;
    * ``("toggle", checkbox description)``;
    * ``("select", dropdown description, option shown)``;
    * ``("play", slider description, advance)`` — press ▶ of the widget's Play control, wait until the
      slider it drives (linked in the browser) has moved ``advance`` steps on, press ⏸;
    * ``("stop",)`` — press ■ of the Play control (back to its first value);
    * ``("check", {keyword: value})`` — wait until the widget settles, then the summary must equal the
      pure function for the values shown, and those controls must show the given values.
    """

    notebook: str
    controls: dict[str, str]  # description on screen (slider, checkbox, dropdown) -> keyword of the pure function
    expected: Callable[[dict], str]  # control values -> the summary text
    actions: list[tuple] = field(default_factory=list)
    index: int = 0  # which widget of the notebook (0 = the first)

    def __str__(self) -> str:
        return f"{self.notebook}#{self.index}"


LINE = data.load_table("line_two_points")
WEATHER = data.load_table("weather")
WEATHER_X, WEATHER_Y = np.column_stack([WEATHER["cloud"], WEATHER["wind"]]), WEATHER["rain"]


def perceptron_summary(v: dict) -> str:
    """What lesson 03's stepper must show: the run with α and the bias setting, after n samples."""
    start_b = pc.DEFAULT_B if v["use_bias"] else 0.0
    trace = pc.train_trace(WEATHER_X, WEATHER_Y, pc.DEFAULT_W, start_b, v["learning_rate"], use_bias=v["use_bias"],
                           epochs=8)
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


SURFACE_KEYS = {surface.title: key for key, surface in optimizer_race.SURFACES.items()}  # shown title -> key
ROSENBROCK = optimizer_race.SURFACES["rosenbrock"]

SPECS = [
    WidgetSpec(
        "01_linear_fit_mse.ipynb",
        controls={"slope m": "m", "intercept b": "b"},
        expected=lambda v: linear_fit.draw_line_fit(Figure(), LINE["x"], LINE["y"], v["m"], v["b"]),
        actions=[("keys", "slope m", "ArrowRight", 10), ("keys", "intercept b", "ArrowLeft", 7)],
    ),
    WidgetSpec(
        "02_gradient_descent.ipynb",
        controls={"learning rate λ": "learning_rate", "steps taken": "steps"},
        expected=lambda v: gd.draw_descent(Figure(), LINE["x"], LINE["y"], v["learning_rate"], int(v["steps"]),
                                           -1.0, 5.0, 150, gd.mse_surface(LINE["x"], LINE["y"])),
        actions=[("keys", "learning rate λ", "ArrowRight", 6),
                 ("click", "⟲ reset", 1), ("check", {"steps": 0}),  # the notebook starts it at some steps
                 ("click", "▶ 1 step", 2), ("click", "▶▶ 10 steps", 1), ("check", {"steps": 12}),
                 ("play", "steps taken", 5), ("check", {}),
                 ("stop",), ("check", {"steps": 0}),
                 ("keys", "steps taken", "ArrowRight", 4), ("check", {"steps": 4})],
    ),
    WidgetSpec(
        "03_perceptron.ipynb",
        controls={"learning rate α": "learning_rate", "train the bias b": "use_bias", "samples seen": "samples"},
        expected=lambda v: perceptron_summary({**v, "samples": int(v["samples"])}),
        actions=[("keys", "learning rate α", "ArrowRight", 2),
                 ("click", "⟲ reset", 1), ("check", {"samples": 0}),  # the notebook starts it at some samples
                 ("click", "▶ 1 sample", 3), ("click", "▶▶ 1 epoch (7 samples)", 1), ("check", {"samples": 10}),
                 ("toggle", "train the bias b"), ("keys", "samples seen", "ArrowRight", 5),
                 ("check", {"use_bias": False, "samples": 15})],
    ),
    WidgetSpec(
        "04_xor_stacking.ipynb",
        controls={"epochs (×100)": "snapshot"},
        expected=lambda v: xor_summary({"snapshot": int(v["snapshot"])}),
        actions=[("click", "⟲ to epoch 0", 1), ("check", {"snapshot": 0}),  # it starts at the end of training
                 ("click", "▶ +100 epochs", 3), ("click", "▶▶ +1000 epochs", 1), ("check", {"snapshot": 13}),
                 ("keys", "epochs (×100)", "ArrowLeft", 2), ("check", {"snapshot": 11})],
    ),
    WidgetSpec(
        "06_optimizers.ipynb",
        controls={"surface": "surface", "learning rate, SGD family": "sgd_lr",
                  "learning rate, AdaGrad/RMSProp/Adam": "adaptive_lr", "momentum (Momentum, NAG)": "momentum",
                  "steps": "steps"},
        expected=lambda v: optimizer_race.draw_race(Figure(), SURFACE_KEYS[v["surface"]], v["sgd_lr"],
                                                     v["adaptive_lr"], v["momentum"], int(v["steps"])),
        actions=[("select", "surface", ROSENBROCK.title),  # the learning rates jump to the surface's own
                 ("check", {"surface": ROSENBROCK.title, "sgd_lr": ROSENBROCK.sgd_lr,
                            "adaptive_lr": ROSENBROCK.adaptive_lr}),
                 ("keys", "momentum (Momentum, NAG)", "ArrowLeft", 20),
                 ("keys", "learning rate, SGD family", "ArrowLeft", 1),
                 ("keys", "learning rate, AdaGrad/RMSProp/Adam", "ArrowRight", 2),
                 ("keys", "steps", "ArrowLeft", 30),
                 ("check", {"sgd_lr": 0.003, "adaptive_lr": 0.3})],  # from 0.005: one rate down; from 0.1: two up
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


def _control(widget, kind: str, description: str):
    """The control of class ``widget-<kind>`` whose description is ``description``."""
    return widget.locator(f".widget-{kind}", has=widget.page.get_by_text(description, exact=True))


def _control_values(widget, spec: WidgetSpec) -> dict:
    """What each control shows now: a slider's readout, whether a box is ticked, a drop-down's choice."""
    values = {}
    for description, keyword in spec.controls.items():
        if (slider := _control(widget, "slider", description)).count():
            values[keyword] = _number(slider.locator(".widget-readout"))
        elif (dropdown := _control(widget, "dropdown", description)).count():
            shown = dropdown.locator("select").evaluate("s => s.selectedOptions[0]?.text ?? ''")
            values[keyword] = shown.replace("\xa0", " ")  # ipywidgets shows spaces as no-break spaces
        else:
            box = _control(widget, "checkbox", description)
            values[keyword] = box.locator("input[type=checkbox]").is_checked()
    return values


def _readout_reaches(readout, target: float, seconds: float = 30) -> None:
    """Wait until a slider's readout shows at least ``target``."""
    deadline = time.monotonic() + seconds
    while _number(readout) < target:
        assert time.monotonic() < deadline, f"the slider never reached {target} (it shows {_number(readout)})"
        readout.page.wait_for_timeout(100)


def _act(widget, action: tuple, spec: WidgetSpec) -> None:
    """Do one of the spec's actions as a student would (see WidgetSpec)."""
    page, verb, *args = widget.page, *action
    if verb == "keys":
        description, key, presses = args
        _control(widget, "slider", description).locator(".noUi-handle").first.focus()
        for _ in range(presses):
            page.keyboard.press(key)
    elif verb == "click":
        label, presses = args
        for _ in range(presses):
            widget.get_by_role("button", name=label, exact=True).click()
    elif verb == "toggle":
        _control(widget, "checkbox", args[0]).locator("input").click()
    elif verb == "select":
        description, option = args
        _control(widget, "dropdown", description).locator("select").select_option(label=option)
    elif verb == "play":
        description, advance = args
        readout = _control(widget, "slider", description).locator(".widget-readout")
        start, play_pause = _number(readout), widget.locator(".widget-play button").first
        play_pause.click()
        play_pause.locator("i.fa-pause").wait_for(timeout=5_000)  # playing
        _readout_reaches(readout, start + advance)
        play_pause.click()
        play_pause.locator("i.fa-play").wait_for(timeout=5_000)  # paused
        assert _number(readout) >= start + advance, "pausing moved the slider back"
    elif verb == "stop":
        widget.locator(".widget-play button").nth(1).click()
    elif verb == "check":
        page.get_by_text(IDLE).wait_for(timeout=60_000)
        values = _assert_shows_pure_function(widget, spec)[1]
        assert {k: values[k] for k in args[0]} == pytest.approx(args[0]), f"after {action}"
    else:
        raise ValueError(f"unknown action {action!r}")


def _run_all(page, url: str) -> None:
    page.goto(url)
    page.get_by_text(IDLE).wait_for(timeout=90_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    page.wait_for_selector(".widget-slider", timeout=120_000)
    page.get_by_text(IDLE).wait_for(timeout=180_000)


def _assert_shows_pure_function(widget, spec: WidgetSpec, seconds: float = 60) -> tuple[str, dict]:
    """Wait until the widget has settled (kernel idle, controls and text unchanged for a moment), then compare.

    Button clicks and key presses reach the kernel one by one, so the widget passes through
    intermediate states; the check is made on the state it settles in. A redraw can take longer
    than the pause between two looks (a drop-down that also moves two sliders redraws three
    times), so the kernel must be idle at both looks too.
    """
    deadline, last = time.monotonic() + seconds, None
    while True:
        idle = widget.page.get_by_text(IDLE).count() > 0
        values = _control_values(widget, spec)
        shown = widget.locator("pre").inner_text()
        if (idle and (values, shown) == last) or time.monotonic() > deadline:
            break
        last = (values, shown) if idle else None
        widget.page.wait_for_timeout(700)
    assert shown == spec.expected(values), f"shown for {values}"
    assert widget.locator("img").count() == 1, "exactly one figure in the widget, redrawn in place"
    return shown, values


def _screenshot_path(artifacts, spec: WidgetSpec, stage: str):
    return artifacts / f"{spec}-{stage}.png".replace("#", "-")


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_widget_follows_its_controls(spec, lab, browser, artifacts):
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        _run_all(page, f"{base}/lab/tree/{spec.notebook}?reset&token={token}")  # only this notebook open
        widget = page.locator(".jupyter-widgets.widget-vbox").nth(spec.index)
        widget.scroll_into_view_if_needed()
        before = _assert_shows_pure_function(widget, spec)[0]
        widget.screenshot(path=_screenshot_path(artifacts, spec, "before"))

        for action in spec.actions:
            _act(widget, action, spec)
        page.get_by_text(IDLE).wait_for(timeout=60_000)

        after = _assert_shows_pure_function(widget, spec)[0]
        widget.screenshot(path=_screenshot_path(artifacts, spec, "after"))
        assert after != before, "moving the controls changed nothing"
        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0
    except Exception:
        page.screenshot(path=_screenshot_path(artifacts, spec, "failed"))  # what the browser showed
        raise
    finally:
        page.close()


# --- Benchmark (reported, not asserted): slider key press → new picture shown ---------------------

LATENCY_SLIDERS = {  # notebook -> (the slider a student drags, the key that moves it)
    "01_linear_fit_mse.ipynb": ("slope m", "ArrowRight"),
    "02_gradient_descent.ipynb": ("steps taken", "ArrowRight"),
    "03_perceptron.ipynb": ("samples seen", "ArrowRight"),
    "04_xor_stacking.ipynb": ("epochs (×100)", "ArrowLeft"),  # it starts at the end of training
    "06_optimizers.ipynb": ("steps", "ArrowLeft"),
}
LATENCY_PRESSES = 15
LATENCY_REPORT = "key-press-latency.json"

# Times, in the page's own clock, of every key press on the widget and of every new picture it
# shows (the image's load event: the new PNG is decoded and on screen).
_RECORD_LATENCY = """widget => {
    const log = {keys: [], pictures: []};
    widget.addEventListener("keydown", () => log.keys.push(performance.now()), true);
    widget.querySelector("img").addEventListener("load", () => log.pictures.push(performance.now()));
    window.__latency = log;
}"""


@pytest.mark.parametrize("notebook", LATENCY_SLIDERS)
def test_key_press_to_new_picture_latency(notebook, lab, browser, artifacts, capsys):
    """Press the slider's arrow key, one press at a time, and time how long until the new picture is
    shown in JupyterLab: the kernel's update, the round trip and the browser's decoding included.
    Reported (printed and saved in test-artifacts/browser/key-press-latency.json), not asserted."""
    import json
    import statistics

    base, token = lab
    description, key = LATENCY_SLIDERS[notebook]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        _run_all(page, f"{base}/lab/tree/{notebook}?reset&token={token}")
        widget = page.locator(".jupyter-widgets.widget-vbox").first
        widget.scroll_into_view_if_needed()
        widget.evaluate(_RECORD_LATENCY)
        _control(widget, "slider", description).locator(".noUi-handle").first.focus()
        page.wait_for_timeout(1000)  # a picture still on its way from "Run All" is not one of ours
        latencies = []
        for _ in range(LATENCY_PRESSES):
            shown = page.evaluate("window.__latency.pictures.length")
            page.keyboard.press(key)
            page.wait_for_function(f"window.__latency.pictures.length > {shown}", timeout=30_000)
            page.get_by_text(IDLE).wait_for(timeout=30_000)
            page.wait_for_timeout(250)  # one press at a time: the kernel is idle again before the next
            log = page.evaluate("window.__latency")
            latencies.append(log["pictures"][shown] - log["keys"][-1])
    finally:
        page.close()
    result = {"median_ms": round(statistics.median(latencies), 1),
              "p90_ms": round(float(np.percentile(latencies, 90)), 1), "presses": len(latencies)}
    report = artifacts / LATENCY_REPORT
    saved = json.loads(report.read_text()) if report.exists() else {}
    report.write_text(json.dumps({**saved, notebook: result}, indent=2))
    with capsys.disabled():
        print(f"\n  key press → new picture, {notebook} ({description!r}, {key}): "
              f"median {result['median_ms']:.0f} ms, 90th percentile {result['p90_ms']:.0f} ms "
              f"({len(latencies)} presses)")
