"""Tables render the same numbers as text and HTML; slide numbers are judged by their rounding."""

import numpy as np
import pytest

from course_lib.display import Table, compare_with_slides, format_number, slide_verdict


@pytest.mark.parametrize("value, text", [
    (3, "3"), (np.int64(-2), "-2"), (2.5, "2.5"), (1.5811388, "1.5811"), (4.0, "4"),
    (-0.00001, "-1e-05"), (2e7, "2e+07"), (-0.0, "0"), ("x", "x"), (np.True_, "True"),
])
def test_format_number(value, text):
    assert format_number(value) == text


def test_table_text_and_html_show_the_same_cells():
    table = Table({"x": np.array([1, 2]), "ŷ": np.array([4.0, 3.25]), "note": ["a", "bb"]}, caption="t")
    assert repr(table) == "t\nx     ŷ  note\n1     4  a\n2  3.25  bb"
    html = table._repr_html_()
    assert "<caption>t</caption>" in html and "<td>3.25</td>" in html and html.count("<tr>") == 3


@pytest.mark.parametrize("computed, slide, verdict", [
    (2.5, "2.5", "✓ agrees"),
    (np.sqrt(2.5), "1.6", "✓ agrees (slide rounds to 1 decimal)"),
    (0.61301, "0.613", "✓ agrees (slide rounds to 3 decimals)"),
    (-0.3, "-1.7", "✗ ERRATUM: the slide is wrong"),
    (1.5811, "1.5", "✗ ERRATUM: the slide is wrong"),
    (4.0, "4", "✓ agrees"),
])
def test_slide_verdict(computed, slide, verdict):
    assert slide_verdict(computed, slide) == verdict


def test_compare_with_slides_lists_every_quantity():
    text = repr(compare_with_slides({"MSE": (2.5, "2.5"), "m after one step": (-0.3, "-1.7")}))
    assert "MSE" in text and "✓ agrees" in text and "✗ ERRATUM" in text
