"""The explorer's fast path: moved artists over a cached background give the very picture a full
drawing gives, and a burst of slider changes ends on the last values with fewer redraws."""

from __future__ import annotations

import asyncio
import io
import os
import time

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from course_lib import data, gradient_descent as gd, linear_fit, optimizer_race, perceptron, widgets, xor_network

LINE = data.load_table("line_two_points")
WEATHER = data.load_table("weather")
WEATHER_X = np.column_stack([WEATHER["cloud"], WEATHER["wind"]])


def xor_explorer():
    return xor_network.training_explorer(*xor_network.train(seed=0, epochs=1000))


# Each widget with changes a student makes one after another (each change builds on the last).
EXPLORERS = {
    "01 line fit": (lambda: linear_fit.line_fit_explorer(LINE["x"], LINE["y"]),
                    [{"m": 2.0}, {"b": 1.0}, {"m": -2.35, "b": 6.1}, {"m": 4.95, "b": -2.95}]),
    "02 descent": (lambda: gd.descent_explorer(LINE["x"], LINE["y"]),
                   [{"steps": 30}, {"learning_rate": 0.3}, {"steps": 150}, {"learning_rate": 0.01}, {"steps": 0},
                    {"learning_rate": 0.35, "steps": 7}]),
    "03 perceptron": (lambda: perceptron.perceptron_explorer(WEATHER_X, WEATHER["rain"]),
                      [{"samples": 3}, {"samples": 12}, {"learning_rate": 0.5}, {"use_bias": False, "samples": 30},
                       {"samples": 0}, {"use_bias": True, "samples": 56}]),
    "04 XOR training": (xor_explorer, [{"snapshot": 0}, {"snapshot": 3}, {"snapshot": 10}, {"snapshot": 7}]),
    "06 optimizer race": (lambda: optimizer_race.race_explorer("valley"),
                          [{"steps": 40}, {"momentum": 0.5}, {"sgd_lr": 0.3}, {"adaptive_lr": 0.02},
                           {"surface": "rosenbrock"}, {"steps": 1}, {"sgd_lr": 0.1, "steps": 300}]),
}


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def full_drawing(explorer: widgets.Explorer) -> tuple[str, np.ndarray]:
    """What the pure render function draws from scratch for the explorer's current values."""
    figure = Figure(figsize=explorer.figure.get_size_inches(), dpi=explorer.figure.dpi)
    canvas = FigureCanvasAgg(figure)
    text = explorer.render(figure, **explorer.values)
    canvas.draw()
    return text, pixels(widgets.canvas_png(canvas))


@pytest.mark.parametrize("name", EXPLORERS)
def test_moving_only_what_moves_gives_the_picture_of_a_full_drawing(name):
    make, changes = EXPLORERS[name]
    explorer = make()
    assert isinstance(explorer.render, widgets.Scene)
    text, picture = full_drawing(explorer)
    assert explorer.text == text and np.array_equal(pixels(explorer.image.value), picture), "the starting state"
    for change in changes:
        explorer.set(**change)
        text, picture = full_drawing(explorer)
        assert explorer.text == text, change
        assert np.array_equal(pixels(explorer.image.value), picture), f"pixels differ after {change}"


def test_a_plain_render_function_is_redrawn_from_scratch():
    explorer = widgets.Explorer(lambda fig, m: linear_fit.draw_line_fit(fig, LINE["x"], LINE["y"], m, 5.0),
                                {"m": widgets.slider("m", -1.0, -3.0, 5.0, 0.05)})
    assert explorer.set(m=2.0) == linear_fit.draw_line_fit(Figure(), LINE["x"], LINE["y"], 2.0, 5.0)
    assert bytes(explorer.image.value).startswith(b"\x89PNG")


def test_a_burst_of_changes_in_a_kernel_is_drawn_once_with_the_last_values():
    """As in a kernel: the slider messages that queued up while a picture was drawn are applied
    one after another, then one picture shows the last of them."""
    explorer = linear_fit.line_fit_explorer(LINE["x"], LINE["y"])
    before = explorer.redraws
    values = np.round(np.linspace(-3, 5, 40), 2)

    async def drag():
        for m in values:
            explorer.controls["m"].value = float(m)
        assert explorer.redraws == before  # nothing drawn yet: the redraw waits on the event loop
        await asyncio.sleep(0.2)

    asyncio.run(drag())
    assert explorer.redraws == before + 1
    assert explorer.text == linear_fit.draw_line_fit(Figure(), LINE["x"], LINE["y"], 5.0, 5.0)
    assert np.array_equal(pixels(explorer.image.value), full_drawing(explorer)[1])


def test_changes_arriving_faster_than_redraws_leave_no_backlog():
    """Changes every 2 ms while each picture takes longer: stale states are dropped, the last is shown."""
    explorer = gd.descent_explorer(LINE["x"], LINE["y"])
    before = explorer.redraws
    changes = list(range(1, 61))

    async def drag():
        loop = asyncio.get_running_loop()
        for k, steps in enumerate(changes):
            loop.call_later(0.002 * k, setattr, explorer.controls["steps"], "value", steps)
        await asyncio.sleep(0.002 * len(changes) + 0.5)

    asyncio.run(drag())
    assert 1 <= explorer.redraws - before < len(changes) / 2
    assert explorer.values["steps"] == changes[-1]
    assert explorer.text == gd.draw_descent(Figure(), LINE["x"], LINE["y"], 0.1, changes[-1])
    assert np.array_equal(pixels(explorer.image.value), full_drawing(explorer)[1])


def test_set_stays_synchronous_inside_a_running_event_loop():
    explorer = optimizer_race.race_explorer("bowl")

    async def cell():  # a notebook cell runs inside the kernel's event loop
        before = explorer.redraws
        text = explorer.set(momentum=0.5, steps=20)
        assert explorer.redraws == before + 1 and explorer._pending is None
        return text

    text = asyncio.run(cell())
    assert text == explorer.text == optimizer_race.draw_race(Figure(), "bowl", 0.1, 0.3, 0.5, 20)


def test_moving_the_steps_reruns_no_optimizer(monkeypatch):
    explorer = optimizer_race.race_explorer("saddle", momentum=0.77)  # settings no other test caches
    runs = []
    real = optimizer_race.run_optimizer
    monkeypatch.setattr(optimizer_race, "run_optimizer", lambda *args: runs.append(args) or real(*args))
    for steps in (10, 50, 99, 3):
        explorer.set(steps=steps)
    assert runs == []


def test_the_perceptron_stepper_trains_once_per_setting(monkeypatch):
    runs = []
    real = perceptron.train_trace
    monkeypatch.setattr(perceptron, "train_trace", lambda *a, **k: runs.append(a) or real(*a, **k))
    explorer = perceptron.perceptron_explorer(WEATHER_X, WEATHER["rain"])
    for samples in range(1, 15):
        explorer.set(samples=samples)
    explorer.set(use_bias=False)
    explorer.set(samples=3)
    assert len(runs) == 2  # bias on, bias off


def test_in_a_real_kernel_slider_messages_faster_than_redraws_are_coalesced():
    """The frontend's messages, as JupyterLab sends them while a slider is dragged, to a real ipykernel."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", stderr=open(os.devnull, "w"))
    try:
        def run(code: str) -> str:
            msg_id, printed = client.execute(code), []
            while True:
                msg = client.get_iopub_msg(timeout=120)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] in ("stream", "error"):
                    printed.append(msg["content"].get("text") or "\n".join(msg["content"]["traceback"]))
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    return "".join(printed)

        slider = run("from course_lib import data, linear_fit\nline = data.load_table('line_two_points')\n"
                     "ex = linear_fit.line_fit_explorer(line['x'], line['y'])\n"
                     "print(ex.controls['m'].model_id)").strip()
        values = [round(-3 + 0.05 * k, 2) for k in range(1, 61)]
        for value in values:  # all at once: they queue up while the kernel draws
            client.shell_channel.send(client.session.msg("comm_msg", {
                "comm_id": slider, "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}}))
        time.sleep(1.0)  # the kernel draws once it has no message left to handle
        shown = run("print(ex.redraws, ex.values['m'], repr(ex.text))")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    redraws, m, text = shown.split(" ", 2)
    assert float(m) == values[-1]
    assert eval(text) == linear_fit.draw_line_fit(Figure(), LINE["x"], LINE["y"], values[-1], 5.0)
    assert int(redraws) - 1 < len(values) / 2, f"{redraws} pictures for {len(values)} changes"


def test_every_widget_of_the_course_is_checked_here_and_benchmarked():
    """A lesson that adds an explorer adds it to EXPLORERS above and to tools.benchmark.widget_changes."""
    import importlib
    import pkgutil

    import course_lib
    from tools import benchmark

    explorers = sorted(f"{module.name}.{name}" for module in pkgutil.iter_modules(course_lib.__path__)
                       if not module.ispkg
                       for name in vars(importlib.import_module(f"course_lib.{module.name}"))
                       if name.endswith("_explorer") and not name.startswith("_"))
    assert explorers == ["gradient_descent.descent_explorer", "linear_fit.line_fit_explorer",
                         "optimizer_race.race_explorer", "perceptron.perceptron_explorer",
                         "xor_network.training_explorer"]
    assert len(EXPLORERS) == len(benchmark.widget_changes(2)) == len(explorers)
