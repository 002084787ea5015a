"""Lesson 04's 2-2-1 network: seeded, built from the layers, learns XOR; the population matches single runs."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import xor_network as xn


def test_initial_weights_are_seeded_and_shaped():
    w = xn.initial_weights(3)
    assert {k: v.shape for k, v in w.items()} == {"W1": (2, 2), "b1": (2,), "W2": (2, 1), "b2": (1,)}
    np.testing.assert_array_equal(w["W1"], xn.initial_weights(3)["W1"])
    assert not np.array_equal(w["W1"], xn.initial_weights(4)["W1"])
    assert xn.initial_weights(0, hidden=4)["W2"].shape == (4, 1)


def test_the_network_predicts_what_the_formula_says():
    w = xn.initial_weights(1)
    net = xn.build_network(w)
    np.testing.assert_allclose(net.forward(xn.X)[:, 0], xn.predict(w, xn.X), rtol=1e-15)
    assert net.loss(xn.X, xn.Y) == pytest.approx(np.mean((xn.Y[:, 0] - xn.predict(w, xn.X)) ** 2))
    assert xn.network_weights(net).keys() == w.keys()
    net.params["0.W"][0, 0] += 1.0  # the network trains its own copies
    assert xn.network_weights(net)["W1"][0, 0] == w["W1"][0, 0] + 1.0


def test_training_is_plain_gradient_descent_on_every_weight():
    start = xn.initial_weights(2)
    net = xn.build_network(start)
    net.loss(xn.X, xn.Y)
    net.backward()
    _, snapshots = xn.train(2, epochs=1, learning_rate=0.5, snapshot_every=1)
    for name, key in (("W1", "0.W"), ("b1", "0.b"), ("W2", "2.W"), ("b2", "2.b")):
        np.testing.assert_array_equal(snapshots[-1][name], start[name] - 0.5 * net.grads[key])


def test_seed_0_learns_xor():
    losses, snapshots = xn.train(0, epochs=4000, snapshot_every=100)
    assert losses.shape == (4001,) and len(snapshots) == 41
    assert losses[-1] < xn.LOSS_SOLVED < losses[0]
    np.testing.assert_array_equal(xn.predict(snapshots[-1], xn.X) > 0.5, [False, True, True, False])
    np.testing.assert_array_equal(snapshots[0]["W1"], xn.initial_weights(0)["W1"])


def test_population_training_is_the_same_arithmetic_as_single_training():
    seeds = [0, 5, 7]
    population = xn.train_population(seeds, epochs=300)
    for k, seed in enumerate(seeds):
        losses, snapshots = xn.train(seed, epochs=300, snapshot_every=300)
        for name in ("W1", "b1", "W2", "b2"):
            np.testing.assert_allclose(population[name][k], snapshots[-1][name], rtol=1e-10, atol=1e-12)
        assert population["loss"][k] == pytest.approx(losses[-1], rel=1e-10)


def test_some_seeds_get_stuck_and_wider_networks_rarely_do():
    table = xn.outcome_columns(xn.train_population(range(40)))
    assert sum(table["networks"]) == 40
    assert table["outcome"][0] == "solved (loss < 0.01)" and 20 <= table["networks"][0] < 40
    wide = xn.outcome_columns(xn.train_population(range(40), hidden=4))
    assert wide["networks"][0] >= 38


def test_a_stuck_network_has_almost_no_gradient_left():
    population = xn.train_population(range(40))
    stuck = int(np.argmax(population["loss"] > 0.1))
    assert population["loss"][stuck] > 0.1
    assert xn.gradient_norm(xn.pick(population, stuck)) < 1e-2
    table = xn.hidden_columns(xn.pick(population, stuck))
    assert list(table) == ["x1", "x2", "h1", "h2", "ŷ", "target"]


def test_draw_decision_surface_reports_outputs_and_loss():
    losses, snapshots = xn.train(0, epochs=200, snapshot_every=100)
    fig = Figure()
    summary = xn.draw_decision_surface(fig, snapshots[-1], losses, 200)
    y_hat = xn.predict(snapshots[-1], xn.X)
    assert summary.startswith("epoch 200: ŷ = [") and f"MSE = {np.mean((xn.Y[:, 0] - y_hat) ** 2):.4f}" in summary
    assert [ax.get_xlabel() for ax in fig.axes][:2] == ["x1", "epoch"]


def test_explorer_shows_what_the_pure_function_computes():
    losses, snapshots = xn.train(0, epochs=1000, snapshot_every=100)
    explorer = xn.training_explorer(losses, snapshots, snapshot_every=100)
    assert explorer.text == xn.draw_decision_surface(Figure(), snapshots[-1], losses, 1000)  # starts at the end
    first = explorer.image.value
    text = explorer.set(snapshot=7)
    assert text == xn.draw_decision_surface(Figure(), snapshots[7], losses, 700)
    assert explorer.image.value != first
    assert plt.get_fignums() == []
    assert explorer._repr_mimebundle_()["text/plain"] == text


def test_gate_name_knows_the_slides_gates_and_every_other_table():
    from course_lib import logic_gates
    for name, gate in logic_gates.GATES.items():
        assert xn.gate_name(logic_gates.gate_columns(gate)["y"]) == name
    assert len(set(xn.GATE_NAMES.values())) == 16  # all functions of two inputs, each named once
    assert xn.gate_name([0.97, 0.02, 0.6, 0.99]) == "x2 OR NOT x1"  # rounded first
    assert xn.gate_name([0, 0, 1, 0], inputs=("h1", "h2")) == "h2 AND NOT h1"


def test_hidden_gates_of_seed_0_compose_to_xor():
    _, snapshots = xn.train(0)
    weights = snapshots[-1]
    gates = xn.hidden_gates(weights)
    table = xn.hidden_columns(weights)
    for unit, info in gates.items():
        np.testing.assert_array_equal(info["rounded"], np.round(table[unit]))
        assert info["gate"] == xn.gate_name(table[unit])
        assert info["largest distance from 0/1"] == pytest.approx(np.abs(table[unit] - np.round(table[unit])).max())
    # the output unit's gate, applied to the rounded hidden outputs, gives XOR on the four rows
    truth = {xn.gate_name(rows, inputs=("h1", "h2")): rows for rows in xn.GATE_NAMES}[xn.output_gate(weights)]
    composed = [truth[h1 + 2 * h2] for h1, h2 in zip(gates["h1"]["rounded"], gates["h2"]["rounded"])]
    np.testing.assert_array_equal(composed, xn.Y[:, 0])
    assert xn.output_gate(weights) == "h2 OR NOT h1"


def test_gate_reading_of_seed_0_composes_to_xor():
    _, snapshots = xn.train(0)
    lines = xn.gate_reading(snapshots[-1]).splitlines()
    assert lines[3] == "composed on the rows 00, 10, 01, 11: ŷ = XOR"
    assert lines[0].startswith("h1 = ") and lines[2].startswith("ŷ = ")


def test_a_stuck_seed_is_on_a_plateau_not_at_a_minimum():
    table = xn.plateau_runs(5, epochs=(4000, 8000))
    assert table["loss"][1] < table["loss"][0]               # still going down
    assert 0 < table["gradient length"][1] < table["gradient length"][0] < 1e-3
    weights = xn.pick(xn.train_population([5]), 0)
    assert "rows 00, 10, 11" in xn.stuck_reading(weights)
    assert xn.saturation(weights).max() <= 0.25
