"""What a notebook shows besides its own plots: tables, the check of every slide number against the
code, grids of images, and any ``draw_…(fig, …)`` drawing shown at once with its summary.

Tables render as HTML in Jupyter and as aligned plain text elsewhere (and in nbval's comparison).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


def format_number(value, digits: int = 4) -> str:
    """Integers as integers, other numbers rounded to ``digits`` decimals, text as it is."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e6):
            return f"{value:.{digits}g}"
        text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    return str(value)


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


@dataclass
class Table:
    """Columns of equal length, shown as a table; rows can be added one at a time."""

    columns: Mapping[str, Sequence]
    digits: int = 4
    caption: str = ""

    def rows(self) -> list[list[str]]:
        names = list(self.columns)
        length = max((len(v) for v in self.columns.values()), default=0)
        return [[format_number(self.columns[n][i], self.digits) if i < len(self.columns[n]) else ""
                 for n in names] for i in range(length)]

    def __repr__(self) -> str:
        header = list(self.columns)
        body = self.rows()
        widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(header)]
        lines = [self.caption] if self.caption else []
        numeric = [all(_is_number(self.columns[h][i]) for i in range(len(self.columns[h]))) for h in header]
        align = [str.rjust if n else str.ljust for n in numeric]
        lines.append("  ".join(a(h, w) for a, h, w in zip(align, header, widths)).rstrip())
        lines += ["  ".join(a(c, w) for a, c, w in zip(align, row, widths)).rstrip() for row in body]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                       for row in self.rows())
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


AGREES = "✓ agrees"
FROM_SLIDE_INPUTS = "≈ follows from the slide's rounded inputs"
WITHIN_INPUT_ROUNDING = "≈ within the rounding of the slide's printed inputs"
EXTRACTION = "? likely extraction artefact"
REAL_ERROR = "✗ real error (see Errata)"


@dataclass(frozen=True)
class Slide:
    """A number as the slide prints it, with what the lesson knows about how the slide got it.

    * ``printed``: the string the slide prints, e.g. ``"0.629"``.
    * ``from_inputs``: the slide's chain recomputed *from the slide's own rounded inputs* (e.g.
      −2·(1 − 0.629) for a slide that rounded ŷ to 0.629 first). If the printed number agrees with
      it, the difference from the exact value is the slide's rounding carried forward, not an error.
    * ``input_rounding``: when the slide computed from unrounded inputs but prints them rounded, how
      far the quantity can move when each printed input moves within its last digit (see
      :func:`rounding_effect`); a difference within it (plus the printed rounding) is no error.
    * ``extraction``: ``(name, value)`` of a neighbouring quantity the extracted text most likely
      shows in this place (OCR merged or shifted the numbers). Checked: the printed string must agree
      with that value, or the verdict stays "real error".
    """

    printed: str
    from_inputs: float | None = None
    input_rounding: float | None = None
    extraction: tuple[str, float] | None = None


def _decimals(slide: str) -> int:
    return len(slide.split(".")[1]) if "." in slide else 0


def _agreement(value: float, slide: str) -> str | None:
    """"exact", "rounds", "truncates" or None: how ``value`` relates to the printed ``slide``."""
    written, decimals = float(slide), _decimals(slide)
    value = float(value)
    if np.isclose(value, written, rtol=0, atol=1e-12):
        return "exact"
    tolerance = 0.5 * 10.0 ** -(decimals + 1)
    if np.isclose(round(value, decimals), written, rtol=0, atol=tolerance):
        return "rounds"
    if np.isclose(np.trunc(value * 10.0 ** decimals) / 10.0 ** decimals, written, rtol=0, atol=tolerance):
        return "truncates"
    return None


def _places(decimals: int) -> str:
    return f"{decimals} decimal{'s' if decimals != 1 else ''}"


def slide_verdict(computed: float, slide: str | Slide) -> str:
    """Compare a computed value with a number as the slide prints it (a string, or a :class:`Slide`).

    The verdicts, in the order they are tried:

    1. "✓ agrees" — the same number;
    2. "✓ agrees (slide rounds to n decimals)" — the computed value, rounded as the slide rounds;
    3. "≈ follows from the slide's rounded inputs" — the printed number is what the slide's own
       rounded inputs give (``Slide.from_inputs``), or lies within what rounding the slide's printed
       inputs can change (``Slide.input_rounding``): rounding carried forward, not a mistake;
    4. "✓ agrees (slide truncates to n decimals)" — the computed value cut off, not rounded;
    5. "? likely extraction artefact (…)" — the printed string is a neighbouring number
       (``Slide.extraction``), the text extraction's doing rather than the slide's;
    6. "✗ real error (see Errata)" — none of these: the slide is wrong.
    """
    info = slide if isinstance(slide, Slide) else Slide(slide)
    printed, decimals = info.printed, _decimals(info.printed)
    how = _agreement(computed, printed)
    if how == "exact":
        return AGREES
    if how == "rounds":
        return f"{AGREES} (slide rounds to {_places(decimals)})"
    if info.from_inputs is not None and _agreement(info.from_inputs, printed) is not None:
        return FROM_SLIDE_INPUTS
    if info.input_rounding is not None and \
            abs(float(computed) - float(printed)) <= info.input_rounding + 0.5 * 10.0 ** -decimals:
        return WITHIN_INPUT_ROUNDING
    if how == "truncates":
        return f"{AGREES} (slide truncates to {_places(decimals)})"
    if info.extraction is not None and _agreement(info.extraction[1], printed) is not None:
        return f"{EXTRACTION} (it is {info.extraction[0]})"
    return REAL_ERROR


def is_real_error(verdict: str) -> bool:
    """True for the verdict that calls the slide wrong."""
    return verdict == REAL_ERROR


def rounding_effect(function, inputs, units) -> float:
    """How far ``function(inputs)`` can move when every input moves by up to its ``units`` (e.g. one unit
    of its last printed digit): Σ |∂f/∂inputᵢ|·unitᵢ, the first-order worst case, with ∂f/∂inputᵢ from
    central differences."""
    inputs = np.asarray(inputs, dtype=float)
    units = np.broadcast_to(np.asarray(units, dtype=float), inputs.shape)
    total = 0.0
    for index in np.ndindex(inputs.shape):
        step = np.zeros_like(inputs)
        step[index] = units[index]
        total += abs(float(function(inputs + step)) - float(function(inputs - step))) / 2
    return total


def last_digit_unit(value: float) -> float:
    """One unit of the last decimal of ``value`` as Python prints it (0.89624 → 1e-05, 2.0 → 1)."""
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        return 10.0 ** (int(exponent) - (len(mantissa.split(".")[1]) if "." in mantissa else 0))
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return 10.0 ** -decimals


def printed_input_rounding(function, inputs) -> float:
    """:func:`rounding_effect` for inputs as a slide prints them: each may be off by one unit of its
    last printed digit (rounded or cut off), e.g. a weight printed as −0.89624 by up to 1e-05."""
    inputs = np.asarray(inputs, dtype=float)
    units = np.array([last_digit_unit(v) for v in inputs.ravel()]).reshape(inputs.shape)
    return rounding_effect(function, inputs, units)


def compare_with_slides(rows: Mapping[str, tuple[float, str | Slide]], digits: int = 6) -> Table:
    """A table quantity → (computed value, slide's printed value) with a verdict per row.

    The slide's value is the string it prints, or a :class:`Slide` that also carries the value
    recomputed from the slide's own rounded inputs; the table then shows that value in a column
    "from the slide's inputs". When a row does not simply agree, the caption counts the verdicts.
    """
    names, computed, slides, recomputed, verdicts = [], [], [], [], []
    for name, (value, slide) in rows.items():
        info = slide if isinstance(slide, Slide) else Slide(slide)
        names.append(name)
        computed.append(float(value))
        slides.append(info.printed)
        recomputed.append("" if info.from_inputs is None else float(info.from_inputs))
        verdicts.append(slide_verdict(value, info))
    columns = {"quantity": names, "computed": computed, "slide": slides}
    if any(r != "" for r in recomputed):
        columns["from the slide's inputs"] = recomputed
    columns["verdict"] = verdicts
    caption = ""
    if any(not v.startswith(AGREES) for v in verdicts):
        counts = ((sum(v.startswith(AGREES) for v in verdicts), "agrees", "agree"),
                  (sum(v in (FROM_SLIDE_INPUTS, WITHIN_INPUT_ROUNDING) for v in verdicts),
                   "follows from the slide's rounding", "follow from the slide's rounding"),
                  (sum(v.startswith(EXTRACTION) for v in verdicts),
                   "likely extraction artefact", "likely extraction artefacts"),
                  (sum(map(is_real_error, verdicts)), "real error", "real errors"))
        caption = " · ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)
    return Table(columns, digits=digits, caption=caption)


# --- Figures ---------------------------------------------------------------------------------------

def show(draw: Callable[..., str], *args, figsize: tuple[float, float], **kwargs) -> str:
    """``draw(fig, *args, **kwargs)`` into a new pyplot figure of ``figsize`` inches, shown at once;
    returns the summary the drawing returns (print it below the figure)."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout="constrained")
    summary = draw(fig, *args, **kwargs)
    plt.show()
    return summary


def draw_images(fig, images, titles: Sequence[str], ncols: int = 8, *, title: str = "", cmap: str = "gray",
                frame: bool = False, from_zero: bool = False, fontsize: float = 9, color: str | None = None) -> str:
    """Draw square grey images (or flat rows of their pixels) in a grid, a title over each; return the
    titles, one grid row per line.

    ``frame`` keeps a thin box around every image; ``from_zero`` spans each image's grey scale from 0
    to its brightest pixel (rather than from its darkest); ``color`` colours the titles.
    """
    images = [np.asarray(image) for image in images]
    nrows = max(1, -(-len(images) // ncols))
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for ax in axes.flat:
        if frame:
            ax.set_xticks([])
            ax.set_yticks([])
        else:
            ax.axis("off")
    title_style = {"fontsize": fontsize, **({"color": color} if color else {})}
    for ax, image, text in zip(axes.flat, images, titles):
        side = int(round(np.sqrt(image.size)))
        scale = {"vmin": 0, "vmax": image.max() or 1} if from_zero else {}
        ax.imshow(image.reshape(side, side), cmap=cmap, **scale)
        ax.set_title(text, **title_style)
    if title:
        fig.suptitle(title)
    rows = [list(titles[i:i + ncols]) for i in range(0, len(titles), ncols)]
    return "\n".join("  ".join(row) for row in rows)
