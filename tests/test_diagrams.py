"""The diagrams show what the layer objects computed: the wiring from the code, the numbers from the layers."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib import backprop, diagrams, layers  # noqa: E402


def test_graph_records_forward_and_backward_of_layer_objects():
    g = diagrams.Graph()
    x, y, z = g.input("x", -2), g.input("y", 5), g.input("z", -4)
    f = g.apply(layers.Multiply(), "×", g.apply(layers.Add(), "+", x, y), z)
    g.backward(f)
    assert f.value == -12 and (x.grad, y.grad, z.grad) == (-4, -4, 3)
    assert [(w.name, op.label if op else None, grad) for w, op, grad in g.edges()][-1] == ("×", None, 1.0)


def test_a_wire_used_twice_collects_both_gradients():
    g = diagrams.Graph()
    a = g.input("a", 3.0)
    square = g.apply(layers.Multiply(), "×", a, a)
    g.backward(square)
    assert a.grad == pytest.approx(6.0)                      # d(a²)/da = 2a
    assert [grad for _, op, grad in g.edges() if op is not None] == [3.0, 3.0]  # 3 along each arrow


def test_traced_graphs_agree_with_the_lesson_functions():
    apple = backprop.traced_apple_graph()
    by_name = {w.name: w for w in apple.inputs}
    expected = backprop.apple_graph()
    assert apple.output.value == pytest.approx(expected["price"])
    assert by_name["apple"].grad == pytest.approx(expected["∂price/∂apple"])
    assert by_name["tax"].grad == pytest.approx(expected["∂price/∂tax"])
    addmul = backprop.traced_add_multiply_graph()
    assert [w.grad for w in addmul.inputs] == pytest.approx(
        [backprop.add_multiply_graph()[k] for k in ("∂f/∂x", "∂f/∂y", "∂f/∂z")])
    sigmoid = backprop.traced_sigmoid_gate_graph()
    table = backprop.sigmoid_gate_graph()
    gradient_of = dict(zip(table["node"], table["gradient ∂f/∂node"]))
    assert {w.name: w.grad for w in sigmoid.inputs} == pytest.approx({k: gradient_of[k] for k in
                                                                       ("w0", "x0", "w1", "x1", "w2")})
    assert sigmoid.output.value == pytest.approx(table["forward value"][-1])


def test_graph_drawing_labels_every_arrow_with_its_forward_value_and_gradient():
    fig, ax = plt.subplots()
    summary = backprop.traced_add_multiply_graph().draw(ax, title="f = (x + y)·z")
    assert summary.splitlines() == ["x → +: forward -2, gradient -4", "y → +: forward 5, gradient -4",
                                    "q → ×: forward 3, gradient -4", "z → ×: forward -4, gradient 3",
                                    "f → output: forward -12, gradient 1"]
    texts = [t.get_text() for t in ax.texts]
    colors = {t.get_text(): t.get_color() for t in ax.texts}
    assert {"x", "y", "z", "+", "×", "f", "-12"} <= set(texts)
    assert colors["-12"] == diagrams.FORWARD_COLOR and colors["3"] in (diagrams.FORWARD_COLOR, diagrams.GRADIENT_COLOR)
    plt.close(fig)


def test_network_wiring_comes_from_the_layer_matrices():
    edges = {(a, b): name for a, b, name, _ in diagrams.network_edges(backprop.SLIDE_WEIGHTS)}
    assert edges[("x1", "h2")] == "w2" and edges[("x2", "h1")] == "w3"     # the slides' wiring trap
    assert edges[("x1", "h1")] == "w1" and edges[("h2", "ŷ")] == "w6"
    # the same wiring as the forward pass: a1 = w1·x1 + w3·x2
    W1, _ = backprop.weight_matrices(backprop.SLIDE_WEIGHTS)
    x = np.array([0.5, 0.7])
    assert (x @ W1)[0] == pytest.approx(backprop.forward(backprop.SLIDE_WEIGHTS)["a1"])


def test_unit_values_from_the_layers_equal_the_hand_forward_pass():
    values = diagrams.unit_values(backprop.SLIDE_WEIGHTS, backprop.SLIDE_INPUTS)
    by_hand = backprop.forward(backprop.SLIDE_WEIGHTS)
    assert values["h1"] == pytest.approx(by_hand["h1"]) and values["h2"] == pytest.approx(by_hand["h2"])
    assert values["ŷ"] == pytest.approx(by_hand["y_hat"]) and values["x2"] == 0.7


def test_draw_network_shows_weights_and_gradients():
    fig, ax = plt.subplots()
    w = backprop.SLIDE_WEIGHTS
    grads = backprop.gradients(w)
    summary = diagrams.draw_network(ax, w, backprop.SLIDE_INPUTS, grads)
    assert "x1 → h2: w2 = 0.3" in summary and "x2 → h1: w3 = 0.3" in summary
    texts = [t.get_text() for t in ax.texts]
    assert "w2 = 0.3\n∂E/∂w2 = -0.007" in texts and "0.613" in texts
    plt.close(fig)


def test_draw_perceptron_shows_the_perceptron_modules_sum_and_step():
    import matplotlib.pyplot as plt

    from course_lib import perceptron as pc
    fig, ax = plt.subplots()
    text = diagrams.draw_perceptron(ax, (0.4, 0.42), -0.4, (0.8, 0.6))
    z = float(pc.weighted_sum(np.array([0.8, 0.6]), np.array([0.4, 0.42]), -0.4))
    assert text.endswith(f"= {diagrams.format_number(z)}  →  ŷ = step(z) = {int(pc.step(z))}")
    assert any(t.get_text() == f"z = {diagrams.format_number(z)}" for t in ax.texts)
    plt.close(fig)


def test_draw_gate_network_computes_xor_with_the_slides_gate_weights():
    import matplotlib.pyplot as plt

    from course_lib import logic_gates
    for x1, x2 in logic_gates.INPUTS:
        fig, ax = plt.subplots()
        lines = diagrams.draw_gate_network(ax, (x1, x2)).splitlines()
        assert lines[-1].split("   ")[0].endswith(f"= {int(logic_gates.XOR(x1, x2))}")
        labels = {t.get_text() for t in ax.texts}
        assert {"-0.5", "0.5"} <= labels and "NAND\nb = 0.7" in labels
        plt.close(fig)
