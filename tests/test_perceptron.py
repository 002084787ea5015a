"""Lesson 03's helpers: the step activation, the perceptron rule on the weather table, the stepper."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import data, perceptron as pc

WEATHER = data.load_table("weather")
X = np.column_stack([WEATHER["cloud"], WEATHER["wind"]])
Y = WEATHER["rain"]
N = len(Y)


def test_step_is_1_only_above_0():
    np.testing.assert_array_equal(pc.step(np.array([-1.0, 0.0, 1e-12, 3.0])), [0, 0, 1, 1])
    assert pc.step(0.0) == 0 and pc.step(0.5) == 1 and isinstance(pc.step(0.5), int)
    assert pc.step(np.zeros((2, 3))).shape == (2, 3)


def test_sigmoid():
    assert pc.sigmoid(0.0) == 0.5
    np.testing.assert_allclose(pc.sigmoid(np.array([-2.0, 2.0])), [1 / (1 + np.e ** 2), 1 / (1 + np.e ** -2)])


def test_weighted_sum_and_predict_for_one_row_and_for_all():
    assert pc.weighted_sum(X[0], [0.5, -1.0], 0.25) == pytest.approx(0.4 - 0.6 + 0.25)
    z = pc.weighted_sum(X, [0.5, -1.0], 0.25)
    assert z.shape == (N,)
    np.testing.assert_allclose(z, X @ np.array([0.5, -1.0]) + 0.25)
    np.testing.assert_array_equal(pc.predict(X, [0.4, 0.42], -0.4), Y)


def test_update_changes_nothing_after_a_right_answer():
    w, b, y_hat = pc.perceptron_update([0.4, 0.42], -0.4, X[0], 1, 0.1)
    assert y_hat == 1 and b == -0.4
    np.testing.assert_array_equal(w, [0.4, 0.42])


def test_update_after_a_missed_rain_and_a_false_alarm():
    w, b, y_hat = pc.perceptron_update([0.0, 0.0], -1.0, X[0], 1, 0.1)
    assert y_hat == 0
    np.testing.assert_allclose(w, [0.08, 0.06])
    assert b == pytest.approx(-0.9)
    w, b, y_hat = pc.perceptron_update([1.0, 1.0], 0.0, X[2], 0, 0.5)
    assert y_hat == 1
    np.testing.assert_allclose(w, [0.95, 0.9])
    assert b == -0.5
    w, b, _ = pc.perceptron_update([1.0, 1.0], 0.0, X[2], 0, 0.5, use_bias=False)
    assert b == 0.0


def test_the_default_start_reproduces_the_slides_first_predictions():
    trace = pc.train_trace(X, Y)
    assert trace["ŷ"][:3] == [0, 0, 0]
    assert (pc.DEFAULT_W, pc.DEFAULT_B, pc.DEFAULT_LEARNING_RATE) == ((0.0, 0.0), -1.0, 0.1)


def test_training_stops_after_the_first_clean_epoch():
    trace = pc.train_trace(X, Y)
    assert pc.mistakes_per_epoch(trace) == [3, 3, 0]
    assert pc.first_clean_epoch(trace) == 3
    assert len(trace["row"]) == 3 * N and trace["row"][:N] == list(range(1, N + 1))
    w, b = pc.weights_after(trace, len(trace["row"]))
    np.testing.assert_allclose(w, [0.4, 0.42])
    assert b == pytest.approx(-0.4)
    np.testing.assert_array_equal(pc.predict(X, w, b), Y)


def test_trace_records_the_prediction_before_and_the_weights_after_each_update():
    trace = pc.train_trace(X, Y)
    w, b = np.array(pc.DEFAULT_W), pc.DEFAULT_B
    for i in range(len(trace["row"])):
        x_i = X[trace["row"][i] - 1]
        assert trace["z"][i] == pytest.approx(pc.weighted_sum(x_i, w, b))
        w, b, y_hat = pc.perceptron_update(w, b, x_i, trace["y"][i], pc.DEFAULT_LEARNING_RATE)
        assert trace["ŷ"][i] == y_hat and trace["y − ŷ"][i] == trace["y"][i] - y_hat
        assert (trace["w1"][i], trace["w2"][i], trace["b"][i]) == pytest.approx((w[0], w[1], b))


def test_fixed_number_of_epochs():
    trace = pc.train_trace(X, Y, epochs=5)
    assert pc.mistakes_per_epoch(trace) == [3, 3, 0, 0, 0]


def test_without_a_bias_the_weather_table_cannot_be_learned():
    trace = pc.train_trace(X, Y, pc.DEFAULT_W, -1.0, 0.1, use_bias=False, epochs=30)
    assert set(trace["b"]) == {0.0}  # no bias: b is 0 whatever the start says
    assert pc.first_clean_epoch(trace) is None
    assert min(pc.mistakes_per_epoch(trace)) > 0
    np.testing.assert_allclose(X[5], 0.5 * X[0])  # a dry morning is half a rainy one
    for w in np.random.default_rng(1).normal(size=(20, 2)):
        assert pc.predict(X[5], w, 0.0) == pc.predict(X[0], w, 0.0)


def test_weights_after_and_the_y_hat_column():
    trace = pc.train_trace(X, Y)
    w, b = pc.weights_after(trace, 0)
    np.testing.assert_array_equal(w, [0.0, 0.0])
    assert b == -1.0
    assert pc.y_hat_column(trace, 0, N) == [""] * N
    assert pc.y_hat_column(trace, 2, N) == ["0", "0", "", "", "", "", ""]
    assert pc.y_hat_column(trace, N, N) == ["0"] * N
    assert pc.y_hat_column(trace, N + 1, N) == ["0", "", "", "", "", "", ""]  # epoch 2 starts a new column
    assert pc.y_hat_column(trace, 3 * N, N) == [str(v) for v in Y]


def test_boundary_points_lie_on_the_line():
    x1, x2 = pc.boundary_points([0.4, 0.42], -0.4)
    np.testing.assert_allclose(0.4 * x1 + 0.42 * x2 - 0.4, 0.0, atol=1e-12)
    x1, x2 = pc.boundary_points([0.5, 0.0], -0.25)
    np.testing.assert_allclose(x1, [0.5, 0.5])
    assert pc.boundary_points([0.0, 0.0], 1.0) is None


def test_draw_decision_reports_rows_right():
    fig = Figure()
    assert pc.draw_decision(fig, X, Y, [0.4, 0.42], -0.4) == "w1 = 0.4000, w2 = 0.4200, b = -0.4000: 7 of 7 rows right"
    assert fig.axes[0].get_xlabel() == "cloud x₁" and fig.axes[0].get_ylabel() == "wind x₂"
    assert pc.draw_decision(Figure(), X, Y, ray_through=0) == "3 rainy and 4 dry mornings"


def test_draw_state_summary():
    trace = pc.train_trace(X, Y, epochs=4)
    assert pc.draw_state(Figure(), X, Y, trace, 0) == "start: w1 = 0.00, w2 = 0.00, b = -1.00; no sample seen yet"
    text = pc.draw_state(Figure(), X, Y, trace, 1)
    assert text.startswith("sample 1 (epoch 1, row 1): z = -1.0000, ŷ = 0, y = 1 → a mistake")
    assert text.endswith("now w1 = 0.0800, w2 = 0.0600, b = -0.9000; mistakes so far this epoch: 1")


@pytest.mark.parametrize("values", [{"samples": 3}, {"samples": 12}, {"learning_rate": 0.5, "samples": 9},
                                    {"use_bias": False, "samples": 30}])
def test_explorer_shows_what_the_pure_function_computes(values):
    explorer = pc.perceptron_explorer(X, Y)
    text = explorer.set(**values)
    state = {"learning_rate": pc.DEFAULT_LEARNING_RATE, "use_bias": True, **values}
    start_b = pc.DEFAULT_B if state["use_bias"] else 0.0
    trace = pc.train_trace(X, Y, pc.DEFAULT_W, start_b, state["learning_rate"], use_bias=state["use_bias"], epochs=8)
    assert text == pc.draw_state(Figure(), X, Y, trace, values["samples"], pc.DEFAULT_W, start_b)
    assert plt.get_fignums() == []


def test_explorer_buttons_step_one_sample_and_one_epoch():
    explorer = pc.perceptron_explorer(X, Y, epochs=2)
    one, epoch, reset = explorer.box.children[1].children
    one.click()
    assert explorer.values["samples"] == 1 and explorer.text.startswith("sample 1 (epoch 1, row 1)")
    epoch.click()
    assert explorer.values["samples"] == 1 + N and explorer.text.startswith(f"sample {1 + N} (epoch 2, row 1)")
    epoch.click()
    assert explorer.values["samples"] == 2 * N  # clamped at the end of the last epoch
    reset.click()
    assert explorer.values["samples"] == 0 and explorer.text.startswith("start:")


def test_explorer_static_view():
    bundle = pc.perceptron_explorer(X, Y)._repr_mimebundle_()
    assert bundle["text/plain"].startswith("start: w1 = 0.00")
    assert bundle["image/png"].startswith("iVBOR")


def test_draw_activations():
    fig = Figure()
    assert pc.draw_activations(fig) == "step(0) = 0, σ(0) = 0.5000, σ(2) = 0.8808"
    assert fig.axes[0].get_ylabel() == "output"


def test_line_in_view_and_the_note_when_it_is_not():
    from matplotlib.figure import Figure
    assert not pc.line_in_view((0.0, 0.0), -1.0)           # no line at all
    assert not pc.line_in_view((0.14, 0.15), -0.8)         # z < 0 on the whole square
    assert pc.line_in_view((0.34, 0.36), -0.5)
    x, y = np.array([[0.8, 0.6], [0.1, 0.2]]), np.array([1, 0])
    fig = Figure()
    pc.draw_decision(fig, x, y, (0.14, 0.15), -0.8)
    ax = fig.axes[0]
    assert any("outside this view" in t.get_text() and "forecast dry" in t.get_text() for t in ax.texts)
    assert "decision line z = 0" not in [t.get_text() for t in ax.get_legend().get_texts()]


def test_first_sample_line_in_view_and_no_negative_zero():
    x, y = np.array([[0.8, 0.6], [0.1, 0.2]]), np.array([1, 0])
    trace = pc.train_trace(x, y, (0.0, 0.0), -1.0, 0.1, epochs=20)
    k = pc.first_sample_line_in_view(trace, (0.0, 0.0), -1.0)
    assert k is not None and pc.line_in_view(*pc.weights_after(trace, k, (0.0, 0.0), -1.0))
    assert not pc.line_in_view(*pc.weights_after(trace, k - 1, (0.0, 0.0), -1.0))
    assert pc._fixed(-1e-17, 4) == "0.0000" and pc._fixed(-0.5, 2) == "-0.50"
