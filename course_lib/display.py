"""Tables a student reads in the notebook, and the check of every slide number against code.

Both render as HTML in Jupyter and as aligned plain text elsewhere (and in nbval's comparison).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
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


def slide_verdict(computed: float, slide: str) -> str:
    """Compare a computed value with a number as the slide prints it (a string, e.g. ``"1.6"``).

    The slide's own number of decimals says how it was rounded: 1.5811 against "1.6" agrees
    after rounding; against "1.7" it is an erratum.
    """
    written = float(slide)
    if np.isclose(computed, written, rtol=0, atol=1e-12):
        return "✓ agrees"
    decimals = len(slide.split(".")[1]) if "." in slide else 0
    if np.isclose(round(float(computed), decimals), written, rtol=0, atol=0.5 * 10.0 ** -(decimals + 1)):
        return f"✓ agrees (slide rounds to {decimals} decimal{'s' if decimals != 1 else ''})"
    return "✗ ERRATUM: the slide is wrong"


def compare_with_slides(rows: Mapping[str, tuple[float, str]], digits: int = 6) -> Table:
    """A table quantity → (computed value, slide's printed value) with a verdict per row."""
    names, computed, slides, verdicts = [], [], [], []
    for name, (value, slide) in rows.items():
        names.append(name)
        computed.append(float(value))
        slides.append(slide)
        verdicts.append(slide_verdict(value, slide))
    return Table({"quantity": names, "computed": computed, "slide": slides, "verdict": verdicts},
                 digits=digits)
