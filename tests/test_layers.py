"""Every layer's backward pass against central finite differences, plus dtype, batching and stability."""

import numpy as np
import pytest

from course_lib import layers, optimizers
from course_lib.gradient_check import numerical_gradient, relative_error

RNG = np.random.default_rng(0)
TOLERANCE = 1e-6  # largest entry-wise relative error (cs231n: below 1e-7 excellent, above 1e-2 wrong)


def weighted_sum(layer_forward, upstream):
    """A scalar loss L = Σ upstream·output, so ∂L/∂output = upstream."""
    return lambda value: float(np.sum(upstream * layer_forward(value)))


def with_parameter(layer, name, loss):
    """``loss()`` as a function of one parameter array of ``layer`` (restored afterwards)."""
    def f(value):
        saved = layer.params[name]
        layer.params[name] = value
        try:
            return loss()
        finally:
            layer.params[name] = saved
    return f


@pytest.mark.parametrize("layer_class", [layers.Sigmoid, layers.Tanh, layers.Relu, layers.Exp, layers.Reciprocal])
def test_elementwise_layers_match_finite_differences(layer_class):
    x = RNG.normal(size=(5, 4)) * 2
    x[np.abs(x) < 1e-3] = 0.5  # keep ReLU's kink away from the finite-difference step
    upstream = RNG.normal(size=(5, 4))
    layer = layer_class()
    layer.forward(x)
    dx = layer.backward(upstream)
    expected = numerical_gradient(weighted_sum(lambda v: layer_class().forward(v), upstream), x, h=1e-6)
    assert relative_error(dx, expected) < TOLERANCE


@pytest.mark.parametrize("layer_class", [layers.Multiply, layers.Add])
def test_two_input_gates_match_finite_differences(layer_class):
    x, y = RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4))
    upstream = RNG.normal(size=(3, 4))
    gate = layer_class()
    gate.forward(x, y)
    dx, dy = gate.backward(upstream)
    loss_x = weighted_sum(lambda v: layer_class().forward(v, y), upstream)
    loss_y = weighted_sum(lambda v: layer_class().forward(x, v), upstream)
    assert relative_error(dx, numerical_gradient(loss_x, x, h=1e-6)) < TOLERANCE
    assert relative_error(dy, numerical_gradient(loss_y, y, h=1e-6)) < TOLERANCE


def test_gates_on_plain_numbers_follow_the_slides_rules():
    add, mul = layers.Add(), layers.Multiply()
    assert add.forward(-2.0, 5.0) == 3.0 and add.backward(-4.0) == (-4.0, -4.0)  # passes it on
    assert mul.forward(3.0, -4.0) == -12.0 and mul.backward(1.0) == (-4.0, 3.0)  # swaps


def test_broadcast_inputs_get_gradients_of_their_own_shape():
    x, b = RNG.normal(size=(4, 3)), RNG.normal(size=(3,))
    upstream = RNG.normal(size=(4, 3))
    gate = layers.Add()
    gate.forward(x, b)
    dx, db = gate.backward(upstream)
    assert dx.shape == (4, 3) and db.shape == (3,)
    np.testing.assert_allclose(db, upstream.sum(axis=0))
    mul = layers.Multiply()
    mul.forward(x, 2.0)
    dx, ds = mul.backward(upstream)
    assert np.shape(ds) == () and ds == pytest.approx(np.sum(upstream * x))


def test_affine_matches_finite_differences_for_input_weights_and_bias():
    x = RNG.normal(size=(6, 4))
    layer = layers.Affine(RNG.normal(size=(4, 3)), RNG.normal(size=3))
    upstream = RNG.normal(size=(6, 3))
    layer.forward(x)
    dx = layer.backward(upstream)
    assert relative_error(dx, numerical_gradient(weighted_sum(layer.forward, upstream), x, h=1e-6)) < TOLERANCE
    loss = weighted_sum(lambda _: layer.forward(x), upstream)
    for name in ("W", "b"):
        assert layer.grads[name].shape == layer.params[name].shape
        expected = numerical_gradient(with_parameter(layer, name, lambda: loss(None)), layer.params[name], h=1e-6)
        assert relative_error(layer.grads[name], expected) < TOLERANCE


def test_affine_flattens_images_and_returns_dx_in_their_shape():
    images = RNG.normal(size=(2, 3, 5))
    layer = layers.Affine.init(15, 4, RNG)
    out = layer.forward(images)
    assert out.shape == (2, 4)
    np.testing.assert_allclose(out, images.reshape(2, 15) @ layer.W)
    assert layer.backward(np.ones((2, 4))).shape == (2, 3, 5)


def test_affine_init_scales():
    rng = np.random.default_rng(1)
    assert layers.Affine.init(400, 300, rng, init="he").W.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert layers.Affine.init(400, 300, rng).W.std() == pytest.approx(np.sqrt(1 / 400), rel=0.02)
    layer = layers.Affine.init(3, 2, rng, init=0.01, dtype=np.float32)
    assert layer.W.dtype == np.float32 and layer.b.dtype == np.float32 and not layer.b.any()


def test_mean_squared_error_value_and_gradient():
    y_hat, y = RNG.normal(size=(5, 2)), RNG.normal(size=(5, 2))
    loss = layers.MeanSquaredError()
    assert loss.forward(y_hat, y) == pytest.approx(np.mean((y - y_hat) ** 2))
    grad = loss.backward()
    expected = numerical_gradient(lambda v: layers.MeanSquaredError().forward(v, y), y_hat, h=1e-6)
    assert relative_error(grad, expected) < TOLERANCE


@pytest.mark.parametrize("one_hot", [False, True])
def test_softmax_cross_entropy_value_and_gradient(one_hot):
    rng = np.random.default_rng(1)  # its own draws: element-wise relative error is fragile for tiny gradients
    scores = rng.normal(size=(6, 4)) * 3
    classes = rng.integers(0, 4, size=6)
    labels = np.eye(4)[classes] if one_hot else classes
    loss = layers.SoftmaxCrossEntropy()
    value = loss.forward(scores, labels)
    p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    assert value == pytest.approx(-np.mean(np.log(p[np.arange(6), classes])))
    grad = loss.backward()
    expected = numerical_gradient(lambda v: layers.SoftmaxCrossEntropy().forward(v, labels), scores, h=1e-4)
    assert relative_error(grad, expected) < TOLERANCE
    np.testing.assert_allclose(grad.sum(axis=1), 0, atol=1e-15)  # probabilities minus one-hot


def test_softmax_cross_entropy_is_stable_for_huge_scores():
    scores = np.array([[1000.0, 0.0, -1000.0], [-1e4, 1e4, 0.0]])
    loss = layers.SoftmaxCrossEntropy()
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # no overflow, log(0), 0/0
        value = loss.forward(scores, np.array([0, 0]))
        grad = loss.backward()
    assert value == pytest.approx(2e4 / 2)  # the first row is right, the second is off by 2e4
    assert np.isfinite(grad).all()
    np.testing.assert_allclose(layers.softmax(scores).sum(axis=1), 1.0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_network_keeps_its_dtype_end_to_end(dtype):
    rng = np.random.default_rng(2)
    net = layers.Sequential([layers.Affine.init(5, 4, rng, dtype=dtype), layers.Relu(),
                             layers.Affine.init(4, 3, rng, dtype=dtype), layers.Sigmoid(),
                             layers.Affine.init(3, 3, rng, dtype=dtype)],
                            layers.SoftmaxCrossEntropy())
    x = rng.normal(size=(8, 5)).astype(dtype)
    assert isinstance(net.loss(x, rng.integers(0, 3, size=8)), float)
    dx = net.backward()
    assert dx.dtype == dtype
    assert all(grad.dtype == dtype for grad in net.grads.values())


def test_sequential_gradients_match_finite_differences_and_an_optimizer_step_lowers_the_loss():
    rng = np.random.default_rng(3)
    net = layers.Sequential([layers.Affine.init(3, 5, rng), layers.Tanh(),
                             layers.Affine.init(5, 2, rng)], layers.MeanSquaredError())
    x, t = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    assert net.grads == {}  # no backward pass yet
    before = net.loss(x, t)
    net.backward()
    assert list(net.params) == list(net.grads) == ["0.W", "0.b", "2.W", "2.b"]
    for key, param in net.params.items():
        layer, name = net.layers[int(key.split(".")[0])], key.split(".")[1]
        assert param is layer.params[name]  # the layer's own array: an optimizer changes it in place
        expected = numerical_gradient(with_parameter(layer, name, lambda: net.loss(x, t)), param, h=1e-6)
        assert relative_error(net.grads[key], expected) < TOLERANCE
    net.loss(x, t)
    net.backward()
    first_W = net.params["0.W"].copy()
    optimizers.SGD(learning_rate=0.05).update(net.params, net.grads)
    np.testing.assert_allclose(net.layers[0].W, first_W - 0.05 * net.grads["0.W"])
    assert net.loss(x, t) < before
    assert "Affine(W(3, 5), b(5,)) → Tanh() → Affine(W(5, 2), b(2,)) → MeanSquaredError()" == repr(net)


def test_input_affine_stores_the_same_gradients_as_affine_and_skips_dx():
    W, b, x, dout = RNG.normal(size=(4, 3)), RNG.normal(size=3), RNG.normal(size=(5, 4)), RNG.normal(size=(5, 3))
    plain, first = layers.Affine(W, b), layers.InputAffine(W, b)
    np.testing.assert_array_equal(plain.forward(x), first.forward(x))
    plain.backward(dout)
    assert first.backward(dout) is None
    for name in ("W", "b"):
        np.testing.assert_array_equal(first.grads[name], plain.grads[name])


def test_dropout_zeroes_and_rescales_only_while_training():
    layer = layers.Dropout(0.5, np.random.default_rng(0))
    x = np.ones((200, 50), dtype=np.float32)
    assert layer.forward(x) is x  # off: predictions are untouched
    layer.training = True
    out = layer.forward(x)
    assert out.dtype == np.float32 and set(np.unique(out)) == {0.0, 2.0}
    assert 0.45 < (out == 0).mean() < 0.55
    assert np.array_equal(layer.backward(np.ones_like(x)), out)  # the same units pass the gradient


def test_dense_stack_puts_an_activation_between_affine_layers_and_draws_in_order():
    stack = layers.dense_stack((6, 5, 4, 3), np.random.default_rng(4), layers.Relu, init="he", output_init=0.5,
                               dropout=0.2, dtype=np.float32, input_gradient=False)
    assert [type(layer).__name__ for layer in stack] == \
        ["InputAffine", "Relu", "Dropout", "Affine", "Relu", "Dropout", "Affine"]
    affine = stack[::3]
    assert all(layer.W.dtype == np.float32 for layer in affine)
    rng = np.random.default_rng(4)  # the same draws, layer by layer, each with its own scale
    for layer, scale in zip(affine, ("he", "he", 0.5)):
        np.testing.assert_array_equal(layer.W, layers.Affine.init(*layer.W.shape, rng, init=scale, dtype=np.float32).W)
    sigmoid = layers.dense_stack((3, 2), np.random.default_rng(0), layers.Sigmoid)
    assert [type(layer).__name__ for layer in sigmoid] == ["Affine"]


def test_every_public_layer_is_listed():
    public = {name for name, value in vars(layers).items()
              if isinstance(value, type) and issubclass(value, layers.Layer) and not name.startswith("_")}
    assert public <= set(layers.__all__)
