"""Sliders that redraw a figure: the one widget pattern every lesson uses.

A lesson writes a *pure* drawing function ``render(fig, **values) -> str`` that draws the
state for the given control values onto a Matplotlib figure and returns a short text summary
(the numbers a student should read). :class:`Explorer` binds sliders and buttons to it:

* every change redraws the same figure into the same image, so nothing flickers and no
  figures pile up below the cell;
* where no widget front end runs (GitHub, nbviewer, nbval) the cell still shows a picture of
  the starting state and its numbers, because the output also carries a PNG and plain text;
* only API common to ipywidgets 7.7 (Google Colab) and 8.x is used.

Fast redraws: a render function may be a :class:`Scene`, which also knows which of its artists
move with the controls. The explorer then draws the fixed part once (a cached background on the
Agg canvas) and on each change only moves and repaints the moving artists (blitting), and encodes
the picture straight from the canvas's pixels. Slider changes that arrive while a picture is
being drawn are coalesced: the next picture shows the latest values, and stale ones are dropped.

Tests drive an explorer without a browser through :meth:`Explorer.set`.
"""

from __future__ import annotations

import asyncio
import base64
import html
import io
import threading
from collections.abc import Callable, Iterable, Mapping

import ipywidgets as widgets
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

Render = Callable[..., str]

_CONTROL_STYLE = {"description_width": "initial"}

# A change waits this long before it is drawn, so that every slider message already on its way to
# the kernel is applied first and one picture shows them all (see Explorer._on_change).
COALESCE_SECONDS = 0.005


class Scene:
    """A pure render function that can also move what it has drawn: the fast path of :class:`Explorer`.

    * ``scene(fig, **values)`` (that is :meth:`draw`) draws the whole picture for the values and
      returns the summary, like any render function; it lists in :attr:`moving` the artists that
      depend on the values (everything else is the fixed part);
    * :meth:`update` moves those artists to new values (``set_data``, ``set_text``...) and returns
      the summary, or ``None`` when the change needs a drawing from scratch (e.g. another surface).

    ``update(**values)`` must leave the figure exactly as ``draw(Figure(), **values)`` draws it.
    """

    moving: list[Artist] = []

    def draw(self, fig: Figure, **values) -> str:
        raise NotImplementedError

    def update(self, **values) -> str | None:
        return None

    def __call__(self, fig: Figure, **values) -> str:
        return self.draw(fig, **values)


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
    A plain function is redrawn from scratch on every change; a :class:`Scene` only has its
    moving artists updated and repainted over the cached fixed part.
    """

    def __init__(self, render: Render | Scene, controls: Mapping[str, widgets.ValueWidget], *,
                 extra: tuple[widgets.Widget, ...] = (), figsize: tuple[float, float] = (9, 3.6),
                 dpi: int = 90):
        self.render = render
        self.controls = dict(controls)
        self.figure = Figure(figsize=figsize, dpi=dpi)
        self.image = widgets.Image(format="png")
        self.summary = widgets.HTML()
        self.text = ""
        self.redraws = 0  # pictures drawn (tests compare it with the number of changes)
        self._drawing = threading.Lock()  # the kernel may handle two slider messages at once
        self._canvas = FigureCanvasAgg(self.figure)
        self._background = None  # the fixed part's pixels, while the overlay below can be moved
        self._overlay: list[Artist] = []  # the artists repainted over it (see overlay_artists)
        self._moving: list[Artist] = []
        self._pending = None  # a scheduled redraw (an asyncio handle), while changes are coalesced
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
        """Move controls as a student would and return the summary of the new picture.

        Synchronous: the picture and summary show the new values when it returns (outside a
        running event loop each changed control redraws at once; inside a kernel the changes are
        coalesced and drawn once, here).
        """
        for name, value in values.items():
            self.controls[name].value = value
        if self._pending is not None:
            self.redraw()
        return self.text

    def redraw(self) -> str:
        """Draw the current state into the same figure and image; return the summary text.

        One drawing at a time: a Matplotlib figure must not be drawn by two threads at once, and
        each drawing reads the controls' values when it starts, so the last one shows the last state.
        With a :class:`Scene`, only the moving artists are updated and repainted over the cached
        fixed part; anything else is drawn from scratch.
        """
        with self._drawing:
            self._cancel_pending()
            values = self.values
            text = self.render.update(**values) if self._background is not None else None
            if text is not None:
                overlay = overlay_artists(self.figure, self.render.moving)
                if _fixed(overlay, self.render.moving) != _fixed(self._overlay, self._moving):
                    text = None  # the update moved something of the fixed part: start again
            if text is None:
                text = self._draw_from_scratch(values)
            else:
                self._set_overlay(overlay)
                self._canvas.restore_region(self._background)
            self._paint_overlay()
            self.text = text
            self.redraws += 1
            self.image.value = canvas_png(self._canvas)
            self.summary.value = f"<pre style='margin:0'>{html.escape(self.text)}</pre>"
            return self.text

    def _draw_from_scratch(self, values: dict) -> str:
        self.figure.clear()
        self._background, self._overlay, self._moving = None, [], []
        text = self.render(self.figure, **values)
        if isinstance(self.render, Scene):
            self._set_overlay(overlay_artists(self.figure, self.render.moving))
            self._canvas.draw()  # the fixed part only: the overlay's artists are animated
            self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        else:
            self._canvas.draw()
        return text

    def _set_overlay(self, overlay: list[Artist]) -> None:
        for artist in overlay:
            artist.set_animated(True)
        self._overlay, self._moving = overlay, list(self.render.moving)

    def _paint_overlay(self) -> None:
        renderer = self._canvas.get_renderer()
        for artist in self._overlay:
            artist.draw(renderer)

    def _on_change(self, _change) -> None:
        """Redraw for a control's change; in a running kernel, coalesce a burst of changes.

        Inside an event loop (a Jupyter or Colab kernel) the redraw is scheduled on that loop a
        few milliseconds later, and further changes before it runs only update the controls: the
        kernel first applies every slider message that arrived while the last picture was being
        drawn, then draws once with the latest values. No thread is involved. Without a running
        loop (a script, a test) it redraws at once.
        """
        if self._pending is not None:
            return  # the scheduled redraw will read the latest values
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.redraw()
            return
        self._pending = loop.call_later(COALESCE_SECONDS, self._redraw_pending)

    def _redraw_pending(self) -> None:
        self._pending = None
        self.redraw()

    def _cancel_pending(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

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


def canvas_png(canvas: FigureCanvasAgg) -> bytes:
    """The canvas's current pixels as PNG bytes, encoded straight from its buffer (no new drawing).

    RGB (the figures are opaque) and light compression: a redraw is sent to the browser at once,
    so speed beats file size.
    """
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _draw_order(parent: Axes | Figure) -> list[Artist]:
    """The artists an axes or a figure draws itself, in the order it draws them (by zorder)."""
    children = [child for child in parent.get_children()
                if child is not parent.patch and not isinstance(child, Axes)]
    return sorted(children, key=lambda artist: artist.get_zorder())


def overlay_artists(figure: Figure, moving: Iterable[Artist]) -> list[Artist]:
    """What must be repainted over the fixed part so that the picture is the one a full drawing makes.

    In each axes (and in the figure itself) the moving artists and every artist drawn after the
    first of them, in drawing order: something fixed that lies on top of a moving artist is
    repainted on top of it again. An axes' axis (ticks, tick labels, grid) stays in the fixed part
    unless it is itself listed as moving.
    """
    moving = set(moving)
    overlay = []
    for parent in (*figure.axes, figure):
        order = _draw_order(parent)
        first = next((i for i, artist in enumerate(order) if artist in moving), None)
        if first is not None:
            overlay += [artist for artist in order[first:] if artist in moving or not isinstance(artist, Axis)]
    return overlay


def _fixed(overlay: list[Artist], moving: Iterable[Artist]) -> set[int]:
    moving = set(moving)
    return {id(artist) for artist in overlay if artist not in moving}
