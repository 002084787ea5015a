"""Lesson 06's optimizers: hand-computed steps, the interface, the slides' conventions, the slides'
Adam as a pure function, and parity with ``keras.optimizers`` over 100+ steps.

Exercise 06's checks, which use these as references, are tested in test_mistakes_06_optimizers.py."""

import subprocess
import sys

import numpy as np
import pytest

from course_lib import data, optimizers
from course_lib.optimizers import (SGD, Adadelta, Adagrad, Adam, Momentum, Nesterov, RMSprop)

STEPS = 100  # parity runs: at least 100 steps, as the lesson promises
RTOL = 1e-6


# --- one step by hand ----------------------------------------------------------------------------

def one_step(optimizer, w, g, steps=1):
    params = {"w": np.array(w, dtype=float)}
    for _ in range(steps):
        optimizer.update(params, {"w": np.array(g, dtype=float)})
    return params["w"]


def test_sgd_steps_against_the_gradient():
    np.testing.assert_allclose(one_step(SGD(learning_rate=0.1), [1.0, -2.0], [0.5, -1.0]), [0.95, -1.9])


def test_momentum_two_steps_by_hand():
    # v1 = −0.1·0.5 = −0.05, w1 = 0.95; v2 = 0.9·(−0.05) − 0.05 = −0.095, w2 = 0.855
    np.testing.assert_allclose(one_step(Momentum(learning_rate=0.1, momentum=0.9), [1.0], [0.5], steps=2), [0.855])


def test_nesterov_two_steps_by_hand():
    # step 1: v = −0.05, w += 0.9·(−0.05) − 0.05 = −0.095; step 2: v = −0.095, w += 0.9·(−0.095) − 0.05
    expected = 1.0 - 0.095 + (0.9 * -0.095 - 0.05)
    np.testing.assert_allclose(one_step(Nesterov(learning_rate=0.1, momentum=0.9), [1.0], [0.5], steps=2), [expected])


def test_adagrad_first_step_uses_the_initial_accumulator():
    expected = 1.0 - 0.1 * 0.5 / np.sqrt(0.1 + 0.25 + 1e-7)
    np.testing.assert_allclose(one_step(Adagrad(learning_rate=0.1), [1.0], [0.5]), [expected])


def test_rmsprop_first_step():
    expected = 1.0 - 0.01 * 0.5 / np.sqrt(0.1 * 0.25 + 1e-7)
    np.testing.assert_allclose(one_step(RMSprop(learning_rate=0.01), [1.0], [0.5]), [expected])


def test_adadelta_first_step_is_about_sqrt_epsilon():
    delta = -np.sqrt(1e-7) / np.sqrt(0.05 * 0.25 + 1e-7) * 0.5
    np.testing.assert_allclose(one_step(Adadelta(learning_rate=1.0), [1.0], [0.5]), [1.0 + delta])


def test_adam_first_step_is_about_learning_rate_times_the_sign():
    w = one_step(Adam(learning_rate=0.01), [1.0, 1.0], [0.5, -3.0])
    np.testing.assert_allclose(w, [0.99, 1.01], rtol=1e-6)


# --- the interface -------------------------------------------------------------------------------

@pytest.mark.parametrize("cls", optimizers.OPTIMIZERS, ids=lambda c: c.__name__)
def test_update_is_in_place_keeps_float32_and_reuses_its_state(cls):
    rng = np.random.default_rng(1)
    params = {"W": rng.normal(size=(3, 4)).astype(np.float32), "b": np.zeros(4, np.float32)}
    arrays = {k: v for k, v in params.items()}
    opt = cls()
    opt.update(params, {k: rng.normal(size=v.shape).astype(np.float32) for k, v in params.items()})
    state_ids = {k: {n: id(a) for n, a in s.items()} for k, s in opt.state.items()}
    for _ in range(3):
        opt.update(params, {k: rng.normal(size=v.shape).astype(np.float32) for k, v in params.items()})
    assert all(params[k] is arrays[k] and params[k].dtype == np.float32 for k in params)
    assert {k: {n: id(a) for n, a in s.items()} for k, s in opt.state.items()} == state_ids
    assert all(a.dtype == np.float32 for s in opt.state.values() for a in s.values())
    assert opt.iterations == 4


@pytest.mark.parametrize("cls", optimizers.OPTIMIZERS, ids=lambda c: c.__name__)
def test_state_is_kept_per_key(cls):
    rng = np.random.default_rng(2)
    grads = [{"a": rng.normal(size=3), "b": rng.normal(size=2)} for _ in range(5)]
    together, alone_a, alone_b = cls(), cls(), cls()
    p, pa, pb = {"a": np.ones(3), "b": np.ones(2)}, {"a": np.ones(3)}, {"b": np.ones(2)}
    for g in grads:
        together.update(p, g)
        alone_a.update(pa, {"a": g["a"]})
        alone_b.update(pb, {"b": g["b"]})
    np.testing.assert_array_equal(p["a"], pa["a"])
    np.testing.assert_array_equal(p["b"], pb["b"])


@pytest.mark.parametrize("cls", optimizers.OPTIMIZERS, ids=lambda c: c.__name__)
def test_docstring_writes_the_update_rule_and_the_table_facts_are_set(cls):
    assert "Update rule" in cls.__doc__ and cls.rule.splitlines()[-1] in cls.__doc__
    assert all(getattr(cls, name) for name in ("title", "idea", "rule", "strengths", "weaknesses", "keras_class"))


def test_keras_names_and_calls():
    assert [c.keras_call() for c in optimizers.OPTIMIZERS] == [
        "SGD()", "SGD(momentum=0.9)", "SGD(momentum=0.9, nesterov=True)", "Adagrad()", "RMSprop()",
        "Adadelta()", "Adam()"]
    assert Nesterov(learning_rate=0.02).keras_kwargs() == {"learning_rate": 0.02, "momentum": 0.9, "nesterov": True}
    assert repr(Adam()) == "Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)"


def test_summary_table_is_generated_from_the_classes():
    table = optimizers.summary_table()
    assert list(table.columns) == ["optimizer", "idea", "update rule", "hyperparameters (defaults)", "in Keras",
                                   "strengths", "weaknesses"]
    assert table.columns["optimizer"] == ["SGD", "Momentum", "NAG", "AdaGrad", "RMSProp", "AdaDelta", "Adam"]
    assert table.columns["hyperparameters (defaults)"][3] == "learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07"
    assert table.columns["in Keras"][-1] == 'Adam() or "adam"'
    assert "<table>" in table._repr_html_()


# --- the slides' conventions ---------------------------------------------------------------------

@pytest.mark.parametrize("convention", optimizers.CONVENTIONS, ids=lambda c: c.name)
def test_slide_form_and_keras_form_coincide_only_when_matched(convention):
    start, gradient = optimizers.parity_problem(np.float64)
    assert optimizers.convention_gap(convention, gradient, start, steps=150) < 1e-12
    assert optimizers.convention_gap(convention, gradient, start, steps=150, matched=False) > 1e-4


def test_the_rmsprop_rule_as_printed_never_forgets():
    constant = lambda p: {"w": np.ones(1)}  # noqa: E731
    start = {"w": np.zeros(1)}
    printed, meant = optimizers.SlideRMSprop(as_printed=True), optimizers.SlideRMSprop()
    optimizers.trajectory(printed, constant, start, 100)
    optimizers.trajectory(meant, constant, start, 100)
    assert printed.state["w"]["E"][0] == pytest.approx(10.0)          # 100 × (1 − 0.9) · 1²: a growing sum
    assert meant.state["w"]["E"][0] == pytest.approx(1 - 0.9 ** 100)  # an average of g² = 1


def test_slide_nesterov_takes_the_gradient_at_the_look_ahead_point():
    seen = []

    def gradient(p):
        seen.append(p["w"].copy())
        return {"w": p["w"].copy()}

    optimizers.trajectory(optimizers.SlideNesterov(alpha=0.1, beta=0.5), gradient, {"w": np.array([1.0])}, 2)
    # step 1 at w0 = 1: v = 0.1, w = 0.9; step 2 at w − βv = 0.9 − 0.05
    np.testing.assert_allclose(np.concatenate(seen), [1.0, 0.85])


# --- batch, stochastic and mini-batch gradient descent ---------------------------------------------

def test_minibatches_cover_every_example_once():
    rng = np.random.default_rng(0)
    batches = list(optimizers.minibatches(10, 4, rng))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches)) == list(range(10))
    assert [list(b) for b in optimizers.minibatches(3, 3)] == [[0, 1, 2]]


def test_linear_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(20, 3)), rng.normal(size=20)
    params = {"w": rng.normal(size=3), "b": np.asarray(0.4)}
    _, grads = optimizers.linear_loss_and_grads(params, X, y)
    for key, shape in (("w", (3,)), ("b", ())):
        numeric = np.zeros(shape)
        for index in np.ndindex(shape):
            for sign in (1, -1):
                shifted = {k: np.array(v, dtype=float) for k, v in params.items()}
                shifted[key][index] += sign * 1e-6
                numeric[index] += sign * optimizers.linear_loss_and_grads(shifted, X, y)[0] / 2e-6
        np.testing.assert_allclose(grads[key], numeric, rtol=1e-6, atol=1e-8)


def test_batch_gradient_descent_reproduces_the_slides_step():
    table = data.load_table("regression_six_points")
    history = optimizers.fit_linear(table["x"], table["y"], {"w": np.array([0.2])}, SGD(learning_rate=0.01),
                                    batch_size=6, epochs=1)
    assert history.loss[0] == pytest.approx(33.95 / 6)
    assert history.params["w"][0] == pytest.approx(0.2 + 0.01 * 2 / 6 * 42.8)
    assert list(history.updates) == [0, 1] and list(history.examples_seen) == [0, 6]


def test_stochastic_updates_use_the_current_weight():
    table = data.load_table("regression_six_points")
    x, y = table["x"], table["y"]
    history = optimizers.fit_linear(x, y, {"w": np.array([0.2])}, SGD(learning_rate=0.01), batch_size=1, epochs=1)
    w = 0.2
    for xi, yi in zip(x, y):
        w += 0.01 * 2 * (yi - w * xi) * xi
    assert history.params["w"][0] == pytest.approx(w)
    assert len(history.loss) == 7 and history.examples_seen[-1] == 6


def test_make_regression_is_seeded():
    X1, y1, w1 = optimizers.make_regression(rng=np.random.default_rng(5))
    X2, y2, w2 = optimizers.make_regression(rng=np.random.default_rng(5))
    assert X1.shape == (2000, 10) and np.array_equal(y1, y2) and np.array_equal(w1, w2)


def test_draw_gd_variants_reports_the_final_losses():
    from matplotlib.figure import Figure

    table = data.load_table("regression_six_points")
    history = optimizers.fit_linear(table["x"], table["y"], {"w": np.array([0.2])}, SGD(learning_rate=0.01), 6, 3)
    fig = Figure()
    text = optimizers.draw_gd_variants(fig, {"batch": history}, "six points")
    assert text == f"batch: 3 updates, final loss {history.loss[-1]:.4f}"
    assert fig.axes[0].get_xlabel().startswith("number of updates") and fig.axes[1].get_xlabel() == "examples seen"


# --- the slides' Adam as a pure function ----------------------------------------------------------

def test_the_slide_adam_class_follows_the_reference_step():
    w = {"w": np.array([1.0, -2.0])}
    m = v = np.zeros(2)
    reference = np.array([1.0, -2.0])
    opt = optimizers.SlideAdam(alpha=0.01, epsilon=1e-3)
    for t, g in enumerate(np.random.default_rng(0).normal(size=(50, 2)), start=1):
        opt.update(w, {"w": g})
        reference, m, v = optimizers.adam_step(reference, m, v, g, t, 0.01, epsilon=1e-3)
    np.testing.assert_allclose(w["w"], reference, rtol=1e-12)


def test_format_gap():
    assert [optimizers.format_gap(v) for v in (0.0, 3e-15, 0.01234)] == ["0", "< 1e-12", "0.012"]


def test_importing_the_lesson_modules_does_not_import_tensorflow():
    code = ("import sys, course_lib.optimizers, course_lib.optimizer_race; "
            "print('tensorflow' in sys.modules, 'keras' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"


# --- parity with Keras ---------------------------------------------------------------------------

PARITY_CASES = [
    SGD(), Momentum(), Nesterov(learning_rate=0.02, momentum=0.8),
    Adagrad(), Adagrad(learning_rate=0.05, initial_accumulator_value=0.0),
    RMSprop(learning_rate=0.01, rho=0.8, epsilon=1e-4), Adadelta(learning_rate=1.0, rho=0.9, epsilon=1e-6),
    Adam(), Adam(learning_rate=0.02, beta_1=0.8, beta_2=0.99, epsilon=1e-3),
]


@pytest.fixture(scope="module")
def keras():
    pytest.importorskip("tensorflow")
    import keras

    return keras


@pytest.mark.parametrize("template", PARITY_CASES, ids=repr)
def test_matches_keras_over_many_steps_in_float32(keras, template):
    fresh = type(template)(**template.config())
    assert optimizers.compare_with_keras(fresh, steps=STEPS, dtype=np.float32) <= RTOL


def test_matches_keras_in_float64_when_hyperparameters_are_exact_in_float32(keras):
    # Keras rounds learning rates and other Python-float hyperparameters through float32 even for
    # float64 weights; with values float32 represents exactly, the float64 runs agree too.
    opt = Adam(learning_rate=2 ** -7, beta_1=0.875, beta_2=1 - 2 ** -10, epsilon=2 ** -20)
    assert optimizers.compare_with_keras(opt, steps=STEPS, dtype=np.float64) <= 1e-12


def test_the_slide_forms_of_momentum_disagree_with_keras_unless_matched(keras):
    slide = optimizers.SlideMomentum(alpha=0.1, beta=0.9)
    start, gradient = optimizers.parity_problem(np.float64)
    ours = optimizers.trajectory(slide, gradient, start, 5)
    matched = optimizers.trajectory(Momentum(learning_rate=0.1 * (1 - 0.9)), gradient, start, 5)
    np.testing.assert_allclose(ours["W1"], matched["W1"], rtol=1e-12)


@pytest.mark.parametrize("cls", optimizers.OPTIMIZERS, ids=lambda c: c.__name__)
def test_defaults_are_keras_defaults(keras, cls):
    assert optimizers.keras_defaults(cls) == cls.keras_equivalent().hyperparameters()
    assert type(cls().keras()).__name__ == cls.keras_class


# --- AdaDelta's decay, learning-rate schedules, momentum's two conventions --------------------------

def test_the_slides_adadelta_uses_the_slides_beta_and_keras_rho_is_named():
    assert optimizers.SlideAdadelta().beta == 0.9 and Adadelta().rho == 0.95
    adadelta = next(c for c in optimizers.CONVENTIONS if c.name == "AdaDelta")
    assert "0.9" in adadelta.difference and "0.95" in adadelta.difference and "0.95" in adadelta.coincide_when
    assert adadelta.slide_usual().beta == 0.9 and adadelta.slide_matched().beta == adadelta.keras_matched().rho


def test_exponential_decay_formula():
    schedule = optimizers.exponential_decay(0.3, 10, 0.5)
    assert [schedule(t) for t in (0, 10, 20)] == pytest.approx([0.3, 0.15, 0.075])
    assert schedule(5) == pytest.approx(0.3 * 0.5 ** 0.5)


def test_exponential_decay_matches_keras(keras):
    ours = optimizers.exponential_decay(0.3, 1, 0.98)
    theirs = keras.optimizers.schedules.ExponentialDecay(0.3, decay_steps=1, decay_rate=0.98)
    np.testing.assert_allclose([ours(t) for t in range(0, 300, 37)],
                               [float(theirs(t)) for t in range(0, 300, 37)], rtol=2e-5)  # Keras: float32


def test_trace_records_weights_gradients_rates_and_the_state():
    result = optimizers.trace(RMSprop(learning_rate=0.1), lambda w: 2 * w, [1.0, -2.0], 4,
                              schedule=lambda t: 0.1 / (t + 1), slot="velocity")
    assert result.weights.shape == (5, 2) and result.gradients.shape == (4, 2) and result.slot.shape == (4, 2)
    np.testing.assert_allclose(result.learning_rates, [0.1, 0.05, 0.1 / 3, 0.025])
    np.testing.assert_allclose(result.gradients, 2 * result.weights[:-1])
    np.testing.assert_allclose(result.slot[0], 0.1 * (2 * np.array([1.0, -2.0])) ** 2)
    expected = result.weights[:-1] - result.learning_rates[:, None] * result.gradients / np.sqrt(result.slot + 1e-7)
    np.testing.assert_allclose(result.weights[1:], expected)
    np.testing.assert_allclose(result.steps, np.diff(result.weights, axis=0))
    assert optimizers.trace(SGD(0.1), lambda w: w, [1.0], 3).slot is None


def test_gradient_sum_momentum_two_steps_by_hand():
    # m1 = 0.5, w1 = 1 − 0.1·0.5 = 0.95; m2 = 0.9·0.5 + 0.5 = 0.95, w2 = 0.95 − 0.1·0.95 = 0.855
    np.testing.assert_allclose(one_step(optimizers.GradientSumMomentum(learning_rate=0.1), [1.0], [0.5], steps=2),
                               [0.855])


def test_the_two_momentum_conventions_agree_only_while_the_learning_rate_is_constant():
    same = optimizers.momentum_forms(lambda t: 0.1, steps=20)
    np.testing.assert_allclose(same["keras"], same["pytorch"], rtol=1e-12, atol=1e-15)
    drop = optimizers.momentum_forms(lambda t: 0.1 if t < 3 else 0.01, steps=6)
    np.testing.assert_allclose(drop["keras"][:3], drop["pytorch"][:3], rtol=1e-12)
    assert np.all(np.abs(drop["keras"][3:] - drop["pytorch"][3:]) > 1e-3)
    # step 4 by hand: Keras keeps the old velocity (taken at lr 0.1); PyTorch scales the whole sum by 0.01
    w, v, m = 1.0, 0.0, 0.0
    for t in range(4):
        lr = 0.1 if t < 3 else 0.01
        v = 0.9 * v - lr * w
        w_keras = w + v
        w = w_keras
    assert drop["keras"][3] == pytest.approx(w_keras)
    w = 1.0
    for t in range(4):
        lr = 0.1 if t < 3 else 0.01
        m = 0.9 * m + w
        w = w - lr * m
    assert drop["pytorch"][3] == pytest.approx(w)


def test_draw_gd_variants_starts_at_update_zero_and_draws_batch_on_top():
    from matplotlib.figure import Figure

    table = data.load_table("regression_six_points")
    runs = {label: optimizers.fit_linear(table["x"], table["y"], {"w": np.array([0.2])}, SGD(learning_rate=0.01),
                                         size, 3, rng=np.random.default_rng(1))
            for label, size in (("batch", 6), ("stochastic", 1))}
    fig = Figure()
    optimizers.draw_gd_variants(fig, runs, "six points")
    by_update = fig.axes[0]
    assert by_update.get_xscale() == "symlog" and by_update.get_xlim()[0] == 0
    batch, stochastic = by_update.get_lines()[:2]
    assert batch.get_xdata()[0] == 0 and batch.get_zorder() > stochastic.get_zorder() and batch.get_marker() == "o"
