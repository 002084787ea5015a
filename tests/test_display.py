"""Tables render the same numbers as text and HTML; slide numbers are judged by their rounding; image
grids and shown figures return what they draw."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from course_lib.display import (  # noqa: E402
    REAL_ERROR,
    Slide,
    Table,
    compare_with_slides,
    draw_images,
    format_number,
    is_real_error,
    last_digit_unit,
    printed_input_rounding,
    rounding_effect,
    show,
    slide_verdict,
)


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
    (-0.3, "-1.7", "✗ real error (see Errata)"),
    (1.5811, "1.4", "✗ real error (see Errata)"),
    (1.5811, "1.5", "✓ agrees (slide truncates to 1 decimal)"),
    (115.5, "115", "✓ agrees (slide truncates to 0 decimals)"),
    (4.0, "4", "✓ agrees"),
])
def test_slide_verdict(computed, slide, verdict):
    assert slide_verdict(computed, slide) == verdict


def test_compare_with_slides_lists_every_quantity():
    text = repr(compare_with_slides({"MSE": (2.5, "2.5"), "m after one step": (-0.3, "-1.7")}))
    assert "MSE" in text and "✓ agrees" in text and "✗ real error" in text
    assert text.splitlines()[0] == "1 agrees · 1 real error"


def test_a_table_that_only_agrees_has_no_caption_and_no_extra_column():
    assert repr(compare_with_slides({"a": (2.5, "2.5"), "b": (np.sqrt(2.5), "1.6")})).splitlines()[0].split() == \
        ["quantity", "computed", "slide", "verdict"]


def test_a_slide_number_that_follows_from_its_rounded_inputs_is_not_an_error():
    exact_y_hat = 0.6295
    exact, from_rounded = -2 * (1 - exact_y_hat), -2 * (1 - 0.629)
    verdict = slide_verdict(exact, Slide("-0.742", from_inputs=from_rounded))
    assert verdict == "≈ follows from the slide's rounded inputs"
    assert slide_verdict(exact, "-0.742") == REAL_ERROR           # without the recomputation it looks wrong
    # a recomputation that does not give the printed number leaves the slide wrong
    assert is_real_error(slide_verdict(-0.014349, Slide("-0.01433", from_inputs=-0.0143413)))
    table = compare_with_slides({"∂E/∂ŷ": (exact, Slide("-0.742", from_inputs=from_rounded)), "x": (1.0, "1")})
    lines = repr(table).splitlines()
    assert "from the slide's inputs" in lines[1] and "-0.742" in lines[2] and lines[3].rstrip().endswith("✓ agrees")
    assert lines[0] == "1 agrees · 1 follows from the slide's rounding"


def test_agreement_with_the_exact_value_wins_over_the_other_explanations():
    assert slide_verdict(0.61301, Slide("0.613", from_inputs=0.7, extraction=("x", 0.613))) == \
        "✓ agrees (slide rounds to 3 decimals)"
    # the rounded-input explanation is preferred to truncation when both fit
    assert slide_verdict(0.62951, Slide("0.629", from_inputs=0.62944)) == "≈ follows from the slide's rounded inputs"


def test_input_rounding_bound():
    # H = w·x with w printed to 5 decimals: moving each weight by 1e-5 moves H by at most Σ|x|·1e-5
    x = np.array([6.3, 2.7, 4.9, 1.8])
    w = np.array([0.231595, 0.613372, -0.89624, -0.41208])
    units = [last_digit_unit(v) for v in w]
    assert units == pytest.approx([1e-6, 1e-6, 1e-5, 1e-5])
    bound = rounding_effect(lambda v: v @ x, w, units)
    assert printed_input_rounding(lambda v: v @ x, w) == pytest.approx(bound)
    assert bound == pytest.approx(6.3e-6 + 2.7e-6 + 4.9e-5 + 1.8e-5)
    H = w @ x
    assert slide_verdict(H + 0.8 * bound, Slide(f"{H:.6f}", input_rounding=bound)) == \
        "≈ within the rounding of the slide's printed inputs"
    assert is_real_error(slide_verdict(H + 3 * bound, Slide(f"{H:.6f}", input_rounding=bound)))


@pytest.mark.parametrize("value, unit", [(0.89624, 1e-5), (2.0, 1.0), (150.0, 1.0), (1e-7, 1e-7), (0.5, 0.1)])
def test_last_digit_unit(value, unit):
    assert last_digit_unit(value) == pytest.approx(unit)


def test_an_extraction_artefact_must_match_the_neighbouring_number():
    assert slide_verdict(-0.112, Slide("0.2", extraction=("x1", 0.2))) == "? likely extraction artefact (it is x1)"
    assert is_real_error(slide_verdict(-0.112, Slide("0.3", extraction=("x1", 0.2))))


# --- Figures ---------------------------------------------------------------------------------------

def test_draw_images_draws_titled_images_row_by_row_from_square_images_or_flat_rows():
    images = np.arange(3 * 16).reshape(3, 4, 4)
    fig = Figure()
    assert draw_images(fig, images.reshape(3, 16), ["a", "b", "c"], ncols=2, title="T") == "a  b\nc"
    shown = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in shown] == ["a", "b", "c"] and len(fig.axes) == 4
    np.testing.assert_array_equal(shown[1].images[0].get_array(), images[1])
    assert not fig.axes[3].axison and fig.get_suptitle() == "T"


def test_draw_images_with_a_frame_scaled_from_zero_and_coloured_titles():
    images = np.full((2, 9), 50.0)
    fig = Figure()
    draw_images(fig, images, ["a", "b"], ncols=2, frame=True, from_zero=True, color="tab:red", fontsize=8)
    ax = fig.axes[0]
    assert ax.axison and list(ax.get_xticks()) == [] and ax.images[0].get_clim() == (0, 50.0)
    assert ax.title.get_color() == "tab:red" and ax.title.get_fontsize() == 8


def test_show_draws_into_a_new_figure_of_the_given_size_and_returns_the_summary():
    def draw(fig, text, *, times):
        fig.add_subplot().set_title(text)
        return text * times

    assert show(draw, "ab", times=2, figsize=(3, 2)) == "abab"
    assert tuple(plt.gcf().get_size_inches()) == (3, 2) and plt.gcf().axes[0].get_title() == "ab"
    plt.close("all")
