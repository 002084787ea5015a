"""Lesson 06's optimizers in Keras's form: hand-computed steps, the interface, the closing table.

Their parity with ``keras.optimizers`` is tested in test_keras_parity.py; exercise 06's checks,
which use them as references, in test_mistakes_06_optimizers.py."""

import numpy as np
import pytest

from course_lib import optimizers
from course_lib.optimizers import SGD, Adadelta, Adagrad, Adam, Momentum, Nesterov, RMSprop

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
    assert all(getattr(cls, name) for name in ("title", "rule", "keras_class"))
    assert set(optimizers.SUMMARY[cls]) == {"idea", "strengths", "weaknesses"} and all(optimizers.SUMMARY[cls].values())


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
    assert table.columns["hyperparameters (defaults)"][3] == ("learning_rate=0.001, initial_accumulator_value=0.1, "
                                                              "epsilon=1e-07")
    assert table.columns["in Keras"][-1] == 'Adam() or "adam"'
    assert table.columns["idea"][-1] == optimizers.SUMMARY[Adam]["idea"]
    assert "<table>" in table._repr_html_()
