"""The slides' update rules as pure functions, and the ``Slide…`` optimizers that wrap them."""

import numpy as np
import pytest

from course_lib import slide_optimizers
from course_lib.slide_optimizers import SlideAdadelta, SlideAdagrad, SlideMomentum, SlideNesterov, SlideRMSprop

RULES = [  # (the optimizer, its pure step with the same settings, the state it starts from)
    (SlideMomentum(learning_rate=0.1, beta=0.8), lambda w, v, g: slide_optimizers.momentum_step(w, v, g, 0.1, 0.8)),
    (SlideNesterov(learning_rate=0.1, beta=0.8), lambda w, v, g: slide_optimizers.nesterov_step(w, v, g, 0.1, 0.8)),
    (SlideAdagrad(learning_rate=0.1, epsilon=1e-6), lambda w, G, g: slide_optimizers.adagrad_step(w, G, g, 0.1, 1e-6)),
    (SlideRMSprop(learning_rate=0.1, beta=0.8, as_printed=True),
     lambda w, E, g: slide_optimizers.rmsprop_step(w, E, g, 0.1, 0.8, as_printed=True)),
    (SlideAdadelta(beta=0.95, epsilon=1e-6),
     lambda w, E_g, E_d, g: slide_optimizers.adadelta_step(w, E_g, E_d, g, 0.95, 1e-6)),
]


@pytest.mark.parametrize("optimizer, rule", RULES, ids=lambda x: type(x).__name__)
def test_each_slide_optimizer_is_its_pure_step_function(optimizer, rule):
    rng = np.random.default_rng(4)
    params = {"w": rng.normal(size=3)}
    w, state = params["w"].copy(), [np.zeros(3) for _ in optimizer.slots]
    for g in rng.normal(size=(20, 3)):
        optimizer.update(params, {"w": g})
        w, *state = rule(w, *state, g)
    np.testing.assert_array_equal(params["w"], w)
    for name, value in zip(optimizer.slots, state):
        np.testing.assert_array_equal(optimizer.state["w"][name], value)


def test_the_pure_steps_leave_their_inputs_alone():
    w, state, g = np.array([1.0, -2.0]), np.array([0.1, 0.2]), np.array([0.5, -0.5])
    kept = (w.copy(), state.copy(), g.copy())
    for step in (slide_optimizers.momentum_step, slide_optimizers.nesterov_step, slide_optimizers.adagrad_step,
                 slide_optimizers.rmsprop_step):
        step(w, state, g)
    slide_optimizers.adadelta_step(w, state, state, g)
    slide_optimizers.adam_step(w, state, state, g, 3)
    for before, after in zip(kept, (w, state, g)):
        np.testing.assert_array_equal(before, after)


def test_the_slides_momentum_by_hand():
    # v1 = 0.1·0.5 = 0.05, w1 = 1 − 0.1·0.05 = 0.995
    w, v = slide_optimizers.momentum_step(1.0, 0.0, 0.5, learning_rate=0.1, beta=0.9)
    assert (w, v) == pytest.approx((0.995, 0.05))


def test_the_rmsprop_rule_as_printed_never_forgets():
    constant = lambda p: {"w": np.ones(1)}  # noqa: E731
    start = {"w": np.zeros(1)}
    printed, meant = SlideRMSprop(as_printed=True), SlideRMSprop()
    slide_optimizers.trajectory(printed, constant, start, 100)
    slide_optimizers.trajectory(meant, constant, start, 100)
    assert printed.state["w"]["E"][0] == pytest.approx(10.0)          # 100 × (1 − 0.9) · 1²: a growing sum
    assert meant.state["w"]["E"][0] == pytest.approx(1 - 0.9 ** 100)  # an average of g² = 1


def test_slide_nesterov_takes_the_gradient_at_the_look_ahead_point():
    seen = []

    def gradient(p):
        seen.append(p["w"].copy())
        return {"w": p["w"].copy()}

    slide_optimizers.trajectory(SlideNesterov(learning_rate=0.1, beta=0.5), gradient, {"w": np.array([1.0])}, 2)
    # step 1 at w0 = 1: v = 0.1, w = 0.9; step 2 at w − βv = 0.9 − 0.05
    np.testing.assert_allclose(np.concatenate(seen), [1.0, 0.85])


def test_the_slide_adam_class_follows_the_reference_step():
    w = {"w": np.array([1.0, -2.0])}
    m = v = np.zeros(2)
    reference = np.array([1.0, -2.0])
    opt = slide_optimizers.SlideAdam(learning_rate=0.01, epsilon=1e-3)
    for t, g in enumerate(np.random.default_rng(0).normal(size=(50, 2)), start=1):
        opt.update(w, {"w": g})
        reference, m, v = slide_optimizers.adam_step(reference, m, v, g, t, 0.01, epsilon=1e-3)
    np.testing.assert_allclose(w["w"], reference, rtol=1e-12)
