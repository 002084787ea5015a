"""Sliders that redraw a figure: the one widget pattern every lesson uses.

A lesson writes a *pure* drawing function ``render(fig, **values) -> str`` that draws the
state for the given control values onto a Matplotlib figure and returns a short text summary
(the numbers a student should read). :class:`Explorer` binds sliders and buttons to it:

* every change redraws the same figure into the same image, so nothing flickers and no
  figures pile up below the cell;
* where no widget front end runs (GitHub, nbviewer, nbval) the cell still shows a picture of
  the starting state and its numbers, because the output also carries a PNG and plain text;
* only API common to ipywidgets 7.7 (Google Colab) and 8.x is used.

Tests drive an explorer without a browser through :meth:`Explorer.set`.
"""

from __future__ import annotations

import base64
import html
import io
import threading
from collections.abc import Callable, Mapping

import ipywidgets as widgets
from matplotlib.figure import Figure

Render = Callable[..., str]

_CONTROL_STYLE = {"description_width": "initial"}


def slider(description: str, value: float, low: float, high: float, step: float,
           readout_format: str = ".2f") -> widgets.FloatSlider:
    """A float slider that updates while it is dragged."""
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                               readout_format=readout_format, continuous_update=True,
                               style=_CONTROL_STYLE, layout=widgets.Layout(width="340px"))


def int_slider(description: str, value: int, low: int, high: int) -> widgets.IntSlider:
    """An integer slider (a step counter, a number of epochs...)."""
    return widgets.IntSlider(value=value, min=low, max=high, step=1, description=description,
                             continuous_update=True, style=_CONTROL_STYLE,
                             layout=widgets.Layout(width="340px"))


def step_buttons(counter: widgets.IntSlider, jumps: Mapping[str, int]) -> widgets.HBox:
    """Buttons that move ``counter`` by fixed amounts, e.g. ``{"▶ 1 step": 1, "⟲ reset": 0}``.

    A jump of 0 resets the counter to its minimum. The counter stays the single source of
    truth, so the explorer redraws exactly as if the slider had been dragged.
    """
    def on_click(jump: int) -> Callable:
        def move(_button) -> None:
            counter.value = counter.min if jump == 0 else min(counter.max, max(counter.min, counter.value + jump))
        return move

    buttons = []
    for label, jump in jumps.items():
        button = widgets.Button(description=label, layout=widgets.Layout(width="auto"))
        button.on_click(on_click(jump))
        buttons.append(button)
    return widgets.HBox(buttons)


class Explorer:
    """Bind named controls to a pure ``render(fig, **values) -> summary`` function.

    ``controls`` maps each keyword argument of ``render`` to a widget with a ``value``;
    ``extra`` are more widgets shown under the controls (e.g. :func:`step_buttons`).
    """

    def __init__(self, render: Render, controls: Mapping[str, widgets.ValueWidget], *,
                 extra: tuple[widgets.Widget, ...] = (), figsize: tuple[float, float] = (9, 3.6),
                 dpi: int = 90):
        self.render = render
        self.controls = dict(controls)
        self.figure = Figure(figsize=figsize, dpi=dpi)
        self.image = widgets.Image(format="png")
        self.summary = widgets.HTML()
        self.text = ""
        self._drawing = threading.Lock()  # the kernel may handle two slider messages at once
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.box = widgets.VBox([widgets.HBox(list(self.controls.values()),
                                              layout=widgets.Layout(flex_flow="row wrap")),
                                 *extra, self.summary, self.image])
        self.redraw()

    @property
    def values(self) -> dict:
        """The current value of every control, by keyword."""
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values) -> str:
        """Move controls as a student would (one redraw per changed control); return the summary."""
        for name, value in values.items():
            self.controls[name].value = value
        return self.text

    def redraw(self) -> str:
        """Draw the current state into the same figure and image; return the summary text.

        One drawing at a time: a Matplotlib figure must not be drawn by two threads at once, and
        each drawing reads the controls' values when it starts, so the last one shows the last state.
        """
        with self._drawing:
            self.figure.clear()
            self.text = self.render(self.figure, **self.values)
            self.image.value = figure_png(self.figure)
            self.summary.value = f"<pre style='margin:0'>{html.escape(self.text)}</pre>"
            return self.text

    def _on_change(self, _change) -> None:
        self.redraw()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """A live widget where a widget front end runs; a PNG and the numbers everywhere else."""
        return {
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2, "version_minor": 0, "model_id": self.box.model_id},
            "image/png": base64.b64encode(self.image.value).decode("ascii"),
            "text/plain": self.text,
        }


def figure_png(figure: Figure) -> bytes:
    """The figure as PNG bytes (no pyplot, so no stray copy of it is shown).

    Light compression: a redraw is sent to the browser at once, so speed beats file size.
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()
