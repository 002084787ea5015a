"""Lesson 06's optimizer race: surfaces, runs, drawing, the explorer."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import optimizer_race as race, optimizers
from course_lib.slide_optimizers import trajectory


@pytest.mark.parametrize("key", list(race.SURFACES))
def test_gradients_match_finite_differences(key):
    surface = race.SURFACES[key]
    rng = np.random.default_rng(0)
    for x, y in rng.uniform(-1.5, 1.5, size=(5, 2)):
        h = 1e-6
        numeric = ((surface.f(x + h, y) - surface.f(x - h, y)) / (2 * h),
                   (surface.f(x, y + h) - surface.f(x, y - h)) / (2 * h))
        np.testing.assert_allclose(surface.grad(x, y), numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("key", list(race.SURFACES))
def test_minima_are_stationary_and_lowest(key):
    surface = race.SURFACES[key]
    for point in surface.minima:
        np.testing.assert_allclose(surface.grad(*point), (0.0, 0.0), atol=1e-12)
    xs, ys = np.meshgrid(np.linspace(*surface.xlim, 60), np.linspace(*surface.ylim, 60))
    assert surface.f(xs, ys).min() >= surface.min_loss - 1e-12
    assert surface.xlim[0] < surface.start[0] < surface.xlim[1] and surface.ylim[0] < surface.start[1] < surface.ylim[1]


def test_run_optimizer_follows_the_optimizer_step_by_step():
    surface = race.SURFACES["valley"]
    result = race.run_optimizer(surface, optimizers.Adam(learning_rate=0.1), 20)
    expected = trajectory(optimizers.Adam(learning_rate=0.1), lambda p: {"w": np.array(surface.grad(*p["w"]))},
                          {"w": np.array(surface.start)}, 20)["w"]
    np.testing.assert_array_equal(result.path, expected)
    np.testing.assert_allclose(result.loss, surface.f(expected[:, 0], expected[:, 1]))
    assert not result.diverged


def test_a_too_large_learning_rate_diverges_and_the_path_stops():
    result = race.run_optimizer(race.SURFACES["bowl"], optimizers.SGD(learning_rate=2.5), 200)
    assert result.diverged and len(result.path) < 200
    assert np.all(np.isfinite(result.path))


def test_run_race_has_every_racer_and_uses_the_surfaces_learning_rates():
    results = race.run_race("bowl", steps=30)
    assert list(results) == list(race.RACERS)
    assert all(r.path.shape == (31, 2) and r.loss.shape == (31,) for r in results.values())
    direct = race.run_optimizer(race.SURFACES["bowl"], optimizers.Momentum(learning_rate=0.1, momentum=0.9), 30)
    np.testing.assert_array_equal(results["Momentum"].path, direct.path)


def test_the_cached_race_equals_a_fresh_run_for_any_number_of_steps():
    for steps in (5, 250, 40):
        cached = race.run_race("saddle", steps, 0.1, 0.1, 0.8)
        fresh = race.make_racers(0.1, 0.1, 0.8)
        for name, result in cached.items():
            fresh_run = race.run_optimizer(race.SURFACES["saddle"], fresh[name], steps)
            np.testing.assert_array_equal(result.path, fresh_run.path)


def test_a_diverged_run_cut_before_it_diverged_is_not_marked():
    full = race.run_race("valley", 100, sgd_lr=0.6, adaptive_lr=0.1)
    assert full["SGD"].diverged
    early = race.run_race("valley", 3, sgd_lr=0.6, adaptive_lr=0.1)
    assert not early["SGD"].diverged and len(early["SGD"].path) == 4


def test_on_the_valley_momentum_beats_plain_sgd_and_saddle_adam_escapes_first():
    valley = race.run_race("valley", 100)
    assert valley["Momentum"].loss[-1] < valley["SGD"].loss[-1] / 100
    saddle = race.run_race("saddle", 30)
    assert abs(saddle["Adam"].path[-1, 1]) > 0.5 > abs(saddle["SGD"].path[-1, 1])


def test_draw_race_summary_reports_what_it_runs():
    fig = Figure()
    text = race.draw_race(fig, "bowl", 0.1, 0.3, 0.9, 50)
    results = race.run_race("bowl", 50, 0.1, 0.3, 0.9)
    assert text.splitlines()[0].startswith("round bowl, 50 steps: SGD-family learning rate 0.1, momentum 0.90")
    x, y = results["Adam"].path[-1]
    assert f"Adam      ends at ({x:6.3f}, {y:6.3f})" in text
    assert len(fig.axes) == 2 and fig.axes[1].get_xlabel() == "step" and fig.axes[0].get_ylabel() == "y"
    assert [t.get_text() for t in fig.axes[1].get_legend().get_texts()] == list(race.RACERS)


@pytest.mark.parametrize("key", list(race.SURFACES))
def test_explorer_summary_lines_fit_a_narrow_output(key):
    # JupyterLab at a 1280-px window with the file browser open gives the output ~840 px: ≤ 90 monospace characters
    explorer = race.race_explorer(key)
    assert max(len(line) for line in explorer.text.splitlines()) <= 90
    assert explorer.figure.get_size_inches()[1] / explorer.figure.get_size_inches()[0] >= 0.45  # tall enough to read


def test_draw_race_reports_divergence():
    text = race.draw_race(Figure(), "bowl", 2.5, 0.3, 0.0, 100)
    assert "SGD       diverged after" in text


def test_race_table():
    table = race.race_table(steps=20)
    assert table.columns["optimizer"] == list(race.RACERS)
    assert len(table.columns) == 1 + len(race.SURFACES)


@pytest.mark.parametrize("values", [{"sgd_lr": 0.05}, {"steps": 40, "momentum": 0.5}, {"adaptive_lr": 0.02},
                                    {"surface": "rosenbrock"}])
def test_explorer_shows_what_the_pure_function_computes(values):
    explorer = race.race_explorer()
    first_png = explorer.image.value
    text = explorer.set(**values)
    assert text == race.draw_race(Figure(), **explorer.values)
    assert explorer.image.value != first_png
    assert plt.get_fignums() == []


def test_choosing_a_surface_resets_the_learning_rates_to_its_suggestion():
    explorer = race.race_explorer("bowl")
    explorer.set(sgd_lr=0.01)
    explorer.set(surface="rosenbrock")
    surface = race.SURFACES["rosenbrock"]
    assert explorer.values["sgd_lr"] == pytest.approx(surface.sgd_lr, rel=0.02)
    assert explorer.values["adaptive_lr"] == pytest.approx(surface.adaptive_lr, rel=0.02)
    assert explorer.text.startswith("Rosenbrock-like banana")


def test_explorer_static_view_for_github_and_nbval():
    bundle = race.race_explorer()._repr_mimebundle_()
    assert bundle["text/plain"].startswith("long narrow valley, 100 steps")
    assert bundle["image/png"].startswith("iVBOR")


def test_race_by_optimizer_has_one_column_per_optimizer_and_reports_the_runs():
    fig = Figure(figsize=(14, 10))
    text = race.draw_race_by_optimizer(fig, steps=20)
    rows = len(race.SURFACES) + 1
    assert len(fig.axes) == rows * len(race.RACERS)
    assert [ax.get_title() for ax in fig.axes[:len(race.RACERS)]] == list(race.RACERS)
    loss_row = fig.axes[-len(race.RACERS):]
    assert all(ax.get_xlabel() == "step" and len(ax.get_lines()) == len(race.SURFACES) for ax in loss_row)
    bowl = race.run_race("bowl", 20)
    sgd_loss = loss_row[0].get_lines()[0].get_ydata()
    start_gap = race.SURFACES["bowl"].f(*np.array(race.SURFACES["bowl"].start))
    np.testing.assert_allclose(sgd_loss, np.maximum(bowl["SGD"].loss / start_gap, 1e-16))
    panel_texts = [t.get_text() for t in fig.axes[0].texts if t.get_visible()]
    assert f"{bowl['SGD'].loss[-1]:.0e}".replace("e-0", "e-") in panel_texts
    assert text == "\n".join(f"[{s.title}]\n" + race.race_summary(s, race.run_race(s, 20), 20)
                             for s in race.SURFACES.values())


def test_rmsprop_decay_study_shows_the_rebound_and_what_decay_does():
    bowl = race.rmsprop_decay_study("bowl")
    constant, decayed = bowl.loss["constant"], bowl.loss["decayed"]
    assert constant.min() < 1e-10 and constant[-1] > 1e-3            # falls very low, then climbs back
    assert decayed[-1] < constant[-1] / 1000
    trace = bowl.traces["constant"]
    np.testing.assert_allclose(bowl.multiplier["constant"], trace.learning_rates[:, None] / np.sqrt(trace.slot + 1e-7))
    # on the bowl g = w, so a step multiplies w by 1 − multiplier: it grows exactly where the multiplier exceeds 2
    growing = np.abs(trace.weights[1:]) > np.abs(trace.weights[:-1])
    np.testing.assert_array_equal(growing, bowl.multiplier["constant"] > 2)
    np.testing.assert_allclose(bowl.traces["decayed"].learning_rates, 0.3 * 0.98 ** np.arange(race.MAX_STEPS))
    banana = race.rmsprop_decay_study("rosenbrock")
    assert banana.largest_rise("constant")[0] > 5 * banana.largest_rise("decayed")[0]
    factor, step = banana.largest_rise("constant")
    before = np.minimum.accumulate(banana.loss["constant"])[step - 1]
    assert banana.loss["constant"][step] == pytest.approx(factor * before)


def test_draw_rmsprop_decay_labels_its_panels_and_reports_the_runs():
    bowl, banana = race.rmsprop_decay_study("bowl", steps=120), race.rmsprop_decay_study("rosenbrock", steps=120)
    fig = Figure(figsize=(12, 8))
    text = race.draw_rmsprop_decay(fig, bowl, banana)
    assert len(fig.axes) == 4
    assert all(ax.get_xlabel() == "step" and ax.get_ylabel() and ax.get_legend() for ax in fig.axes)
    assert len(text.splitlines()) == 4
    assert f"final {bowl.loss['constant'][-1]:.1e} (step 120)" in text.splitlines()[0]
