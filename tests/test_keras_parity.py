"""Lesson 06's optimizers against ``keras.optimizers`` over 100+ steps, and the slides' conventions."""

import numpy as np
import pytest

from course_lib import keras_parity
from course_lib.optimizers import OPTIMIZERS, SGD, Adadelta, Adagrad, Adam, Momentum, Nesterov, RMSprop
from course_lib.slide_optimizers import SlideAdadelta, SlideMomentum, trajectory

STEPS = 100  # parity runs: at least 100 steps, as the lesson promises
RTOL = 1e-6


# --- the slides' conventions ---------------------------------------------------------------------

@pytest.mark.parametrize("convention", keras_parity.CONVENTIONS, ids=lambda c: c.name)
def test_slide_form_and_keras_form_coincide_only_when_matched(convention):
    start, gradient = keras_parity.parity_problem(np.float64)
    assert keras_parity.convention_gap(convention, gradient, start, steps=150) < 1e-12
    assert keras_parity.convention_gap(convention, gradient, start, steps=150, matched=False) > 1e-4


def test_the_slides_adadelta_uses_the_slides_beta_and_keras_rho_is_named():
    assert SlideAdadelta().beta == 0.9 and Adadelta().rho == 0.95
    adadelta = next(c for c in keras_parity.CONVENTIONS if c.name == "AdaDelta")
    assert "0.9" in adadelta.difference and "0.95" in adadelta.difference and "0.95" in adadelta.coincide_when
    assert adadelta.slide_usual().beta == 0.9 and adadelta.slide_matched().beta == adadelta.keras_matched().rho


def test_format_gap():
    assert [keras_parity.format_gap(v) for v in (0.0, 3e-15, 0.01234)] == ["0", "< 1e-12", "0.012"]


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
    assert keras_parity.compare_with_keras(fresh, steps=STEPS, dtype=np.float32) <= RTOL


def test_matches_keras_in_float64_when_hyperparameters_are_exact_in_float32(keras):
    # Keras rounds learning rates and other Python-float hyperparameters through float32 even for
    # float64 weights; with values float32 represents exactly, the float64 runs agree too.
    opt = Adam(learning_rate=2 ** -7, beta_1=0.875, beta_2=1 - 2 ** -10, epsilon=2 ** -20)
    assert keras_parity.compare_with_keras(opt, steps=STEPS, dtype=np.float64) <= 1e-12


def test_the_slide_forms_of_momentum_disagree_with_keras_unless_matched(keras):
    slide = SlideMomentum(learning_rate=0.1, beta=0.9)
    start, gradient = keras_parity.parity_problem(np.float64)
    ours = trajectory(slide, gradient, start, 5)
    matched = trajectory(Momentum(learning_rate=0.1 * (1 - 0.9)), gradient, start, 5)
    np.testing.assert_allclose(ours["W1"], matched["W1"], rtol=1e-12)


@pytest.mark.parametrize("cls", OPTIMIZERS, ids=lambda c: c.__name__)
def test_defaults_are_keras_defaults(keras, cls):
    assert keras_parity.keras_defaults(cls) == cls.keras_equivalent().hyperparameters()
    assert type(cls().keras()).__name__ == cls.keras_class
