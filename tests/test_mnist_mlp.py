"""Lesson 07's MNIST network: the NumPy MLP against finite differences and Keras, training, evaluation."""

import time

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import classification, layers, mnist_mlp, optimizers
from course_lib.gradient_check import numerical_gradient, relative_error

RNG = np.random.default_rng(0)


def blobs(n_per_class=60, classes=3, features=8, seed=0):
    """Well separated Gaussian clusters: float32 inputs, one-hot targets and integer labels."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=3.0, size=(classes, features))
    labels = np.repeat(np.arange(classes), n_per_class)
    x = (centres[labels] + rng.normal(size=(len(labels), features))).astype(np.float32)
    order = rng.permutation(len(labels))
    return x[order], classification.one_hot(labels[order], classes), labels[order]


def copy_to_keras(net, model):
    """Give the Keras model the NumPy network's weights (Dense kernels are (in, out), like Affine.W)."""
    dense = [layer for layer in model.layers if layer.weights]
    affine = [layer for layer in net.network.layers if layer.params]
    for d, a in zip(dense, affine):
        d.set_weights([a.params["W"], a.params["b"]])


# --- data preparation --------------------------------------------------------------------------

def test_prepare_images_flattens_and_scales_to_float32():
    images = np.arange(2 * 28 * 28).reshape(2, 28, 28).astype(np.uint8)
    x = mnist_mlp.prepare_images(images)
    assert x.shape == (2, 784) and x.dtype == np.float32
    assert np.allclose(x, images.reshape(2, -1) / 255.0)


def test_split_validation_is_a_reproducible_partition():
    x, y = np.arange(20).reshape(10, 2), np.arange(10)
    (xt, yt), (xv, yv) = mnist_mlp.split_validation(x, y, 3, np.random.default_rng(0))
    assert len(xv) == 3 and len(xt) == 7
    assert sorted(np.concatenate([yt, yv])) == list(range(10))
    assert np.array_equal(xt[:, 0] // 2, yt)  # rows stay with their labels
    (_, yt2), _ = mnist_mlp.split_validation(x, y, 3, np.random.default_rng(0))
    assert np.array_equal(yt, yt2)


def test_labels_of_accepts_both_label_formats():
    assert np.array_equal(mnist_mlp.labels_of(classification.one_hot([2, 0], 3)), [2, 0])
    assert np.array_equal(mnist_mlp.labels_of(np.array([2, 0], dtype=np.uint8)), [2, 0])


# --- the network's gradients ---------------------------------------------------------------------

@pytest.mark.parametrize("targets", ["one-hot", "integers"])
def test_backprop_gradients_match_finite_differences(targets):
    net = mnist_mlp.NumpyMLP((6, 5, 4, 3), np.random.default_rng(1), dtype=np.float64)
    x = RNG.normal(size=(7, 6))
    labels = RNG.integers(0, 3, size=7)
    t = classification.one_hot(labels, 3, dtype=np.float64) if targets == "one-hot" else labels
    net.network.loss(x, t)
    net.network.backward()
    grads = {k: v.copy() for k, v in net.network.grads.items()}
    assert set(grads) == set(net.network.params) == {"0.W", "0.b", "2.W", "2.b", "4.W", "4.b"}
    for name, param in net.network.params.items():
        def loss_at(values, param=param):
            saved = param.copy()
            param[...] = values
            loss = net.network.loss(x, t)
            param[...] = saved
            return loss
        assert relative_error(numerical_gradient(loss_at, param), grads[name]) < 1e-6, name


def test_the_input_layer_skips_the_gradient_of_the_pixels():
    net = mnist_mlp.NumpyMLP((6, 4, 3), np.random.default_rng(0))
    assert isinstance(net.network.layers[0], layers.InputAffine)
    net.network.loss(RNG.random((2, 6), dtype=np.float32), np.array([0, 2]))
    assert net.network.backward() is None
    assert net.network.layers[0].grads["W"].shape == (6, 4)


def test_forward_pass_and_gradients_match_keras_on_a_tiny_batch():
    import keras
    import tensorflow as tf

    net = mnist_mlp.NumpyMLP((12, 8, 4), np.random.default_rng(2))
    model = mnist_mlp.keras_mlp((12, 8, 4))
    copy_to_keras(net, model)
    x = RNG.random((5, 12), dtype=np.float32)
    t = classification.one_hot(RNG.integers(0, 4, size=5), 4)
    assert np.allclose(net.predict(x), model.predict(x, verbose=0), atol=1e-6)

    loss = net.network.loss(x, t)
    net.network.backward()
    with tf.GradientTape() as tape:
        keras_loss = keras.losses.categorical_crossentropy(t, model(x))
        keras_loss = tf.reduce_mean(keras_loss)
    keras_grads = tape.gradient(keras_loss, model.trainable_weights)
    assert np.isclose(loss, float(keras_loss), rtol=1e-5)
    for ours, theirs in zip(net.network.grads.values(), keras_grads):
        assert np.allclose(ours, theirs.numpy(), rtol=1e-4, atol=1e-6)


def test_one_training_step_matches_keras_sgd_with_momentum():
    net = mnist_mlp.NumpyMLP((12, 8, 4), np.random.default_rng(3),
                             optimizer=optimizers.SGD(learning_rate=0.1, momentum=0.9))
    model = mnist_mlp.keras_mlp((12, 8, 4))
    copy_to_keras(net, model)
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1, momentum=0.9).keras(),
                  loss="categorical_crossentropy")
    x = RNG.random((6, 12), dtype=np.float32)
    t = classification.one_hot(RNG.integers(0, 4, size=6), 4)
    for _ in range(3):
        net.train_step(x, t)
        model.train_on_batch(x, t)
    for ours, theirs in zip(net.network.params.values(), model.get_weights()):
        assert np.allclose(ours, theirs, rtol=1e-4, atol=1e-6)


# --- dropout -------------------------------------------------------------------------------------

def test_a_network_with_dropout_switches_it_off_for_predictions():
    x, t, labels = blobs()
    net = mnist_mlp.NumpyMLP((8, 16, 3), np.random.default_rng(0), dropout=0.3,
                             optimizer=optimizers.SGD(learning_rate=0.1, momentum=0.9))
    net.fit(x, t, epochs=3, batch_size=16, rng=np.random.default_rng(0), progress=False)
    assert np.array_equal(net.predict(x), net.predict(x))  # deterministic after training
    assert net.evaluate(x, t)[1] > 0.9


# --- training and evaluation ---------------------------------------------------------------------

def test_fit_learns_separable_data_and_keeps_a_keras_like_history():
    x, t, labels = blobs()
    net = mnist_mlp.NumpyMLP((8, 16, 3), np.random.default_rng(0),
                             optimizer=optimizers.SGD(learning_rate=0.1, momentum=0.9))
    rates = []
    history = net.fit(x[:150], t[:150], epochs=4, batch_size=16, rng=np.random.default_rng(0),
                      validation_data=(x[150:], t[150:]), schedule=lambda e: rates.append(0.1 * 0.5**e) or rates[-1],
                      progress=False)
    assert set(history) == {"loss", "accuracy", "val_loss", "val_accuracy", "seconds"}
    assert all(len(v) == 4 for v in history.values())
    assert history["loss"][-1] < history["loss"][0] and history["val_accuracy"][-1] > 0.95
    assert all(s > 0 for s in history["seconds"])
    assert net.optimizer.learning_rate == rates[-1] == 0.1 * 0.5**3
    loss, accuracy = net.evaluate(x[150:], labels[150:])  # integer labels work too
    assert np.isclose(loss, history["val_loss"][-1]) and accuracy == history["val_accuracy"][-1]


def test_training_metrics_after_the_epoch_are_the_whole_training_set_with_dropout_off():
    x, t, _ = blobs()
    net = mnist_mlp.NumpyMLP((8, 16, 3), np.random.default_rng(0), dropout=0.5,
                             optimizer=optimizers.SGD(learning_rate=0.1, momentum=0.9))
    history = net.fit(x, t, epochs=2, batch_size=16, rng=np.random.default_rng(0), progress=False,
                      training_metrics="after epoch")
    assert (history["loss"][-1], history["accuracy"][-1]) == pytest.approx(net.evaluate(x, t))
    with pytest.raises(ValueError, match="training_metrics"):
        net.fit(x, t, epochs=1, batch_size=16, rng=np.random.default_rng(0), progress=False, training_metrics="x")


def test_early_stopping_stops_after_patience_and_restores_the_best_weights():
    x, t, _ = blobs(n_per_class=20, features=8)
    noisy = t[::-1].copy()  # validation labels that do not match: the validation loss soon rises

    def trained(**options):
        net = mnist_mlp.NumpyMLP((8, 32, 3), np.random.default_rng(0), optimizer=optimizers.Adam(0.01))
        history = net.fit(x, t, epochs=30, batch_size=20, rng=np.random.default_rng(1), progress=False,
                          validation_data=(x, noisy), **options)
        return net, history

    full_net, full = trained()
    stopped_net, stopped = trained(early_stopping=3)
    best = int(np.argmin(full["val_loss"][:len(stopped["val_loss"])])) + 1
    assert stopped_net.best_epoch == best and len(stopped["val_loss"]) == best + 3 < 30
    assert stopped["val_loss"] == full["val_loss"][:best + 3]  # the same run, cut short
    assert stopped_net.evaluate(x, noisy)[0] == pytest.approx(min(stopped["val_loss"]))  # the best weights are back
    with pytest.raises(ValueError, match="validation"):
        stopped_net.fit(x, t, epochs=1, batch_size=20, rng=np.random.default_rng(0), early_stopping=2)


def test_fit_limits_numpys_threads_while_training_only():
    threadpoolctl = pytest.importorskip("threadpoolctl")

    def blas_threads():
        return [pool["num_threads"] for pool in threadpoolctl.threadpool_info() if pool["user_api"] == "blas"]

    before, seen = blas_threads(), []
    x, t, _ = blobs(n_per_class=10)
    net = mnist_mlp.NumpyMLP((8, 4, 3), np.random.default_rng(0))
    net.fit(x, t, epochs=1, batch_size=10, rng=np.random.default_rng(0), progress=False,
            schedule=lambda epoch: seen.extend(blas_threads()) or 0.01)
    assert seen and all(n == 1 for n in seen)
    assert blas_threads() == before


def test_a_few_hundred_mnist_images_are_learned():
    from course_lib import data

    (images, labels), _ = data.load_mnist()
    x, t = mnist_mlp.prepare_images(images[:600]), classification.one_hot(labels[:600], 10)
    net = mnist_mlp.NumpyMLP(mnist_mlp.MNIST_SIZES, np.random.default_rng(0),
                             optimizer=optimizers.SGD(learning_rate=0.05, momentum=0.9))
    assert net.count_params() == 203_530
    history = net.fit(x[:500], t[:500], epochs=5, batch_size=32, rng=np.random.default_rng(0),
                      validation_data=(x[500:], t[500:]), progress=False)
    assert history["accuracy"][-1] > 0.95 and history["val_accuracy"][-1] > 0.7
    assert net.predict(x[:3]).dtype == np.float32


# --- Keras side --------------------------------------------------------------------------------

def test_keras_mlp_names_its_layers_and_counts_like_the_numpy_network():
    model = mnist_mlp.keras_mlp((784, 256, 10))
    assert [layer.name for layer in model.layers] == ["hidden_1", "output"]
    assert model.count_params() == mnist_mlp.NumpyMLP((784, 256, 10)).count_params()
    regularised = mnist_mlp.keras_mlp((784, 32, 32, 10), dropout=0.5, l2=1e-4)
    assert [layer.name for layer in regularised.layers] == ["hidden_1", "dropout_1", "hidden_2", "dropout_2", "output"]
    assert regularised.get_layer("hidden_1").kernel_regularizer is not None


def test_epoch_timer_times_training_without_the_validation():
    import keras

    class SlowValidation(keras.callbacks.Callback):
        """Makes every validation take 0.3 s longer, and times whole epochs, validation included."""

        def __init__(self):
            super().__init__()
            self.whole = []

        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_test_begin(self, logs=None):
            time.sleep(0.3)

        def on_epoch_end(self, epoch, logs=None):
            self.whole.append(time.perf_counter() - self.start)

    x, t, _ = blobs(n_per_class=10)
    model = mnist_mlp.keras_mlp((8, 4, 3))
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    timer, slow = mnist_mlp.epoch_timer(3, progress=False), SlowValidation()
    history = model.fit(x, t, epochs=3, batch_size=10, validation_data=(x, t), verbose=0,
                        callbacks=[timer, slow])
    assert len(timer.seconds) == 3
    assert all(0 < training <= whole - 0.3 for training, whole in zip(timer.seconds, slow.whole))
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert mnist_mlp.time_per_epoch([1.0, 9.0, 2.0]) == 2.0


# --- looking at the mistakes ------------------------------------------------------------------------

def test_misclassified_lists_the_most_confident_mistakes_first():
    probs = np.array([[0.9, 0.1], [0.4, 0.6], [0.2, 0.8], [0.7, 0.3]])
    assert mnist_mlp.misclassified(probs, np.array([0, 0, 0, 1])).tolist() == [2, 3, 1]


def test_drawings_label_their_axes_and_return_their_numbers():
    images = RNG.integers(0, 256, size=(12, 28, 28)).astype(np.uint8)
    labels = np.arange(12) % 10
    fig = Figure()
    assert mnist_mlp.draw_digit_grid(fig, images, labels, columns=6) == "0 1 2 3 4 5\n6 7 8 9 0 1"

    fig = Figure()
    probs = classification.softmax(RNG.normal(size=(12, 10)))
    wrong = int((probs.argmax(axis=1) != labels).sum())
    text = mnist_mlp.draw_misclassified(fig, images, probs, labels, count=5)
    assert text == f"{wrong} of 12 misclassified; shown: {min(5, wrong)}"


# --- the lesson's recipe, its spread over seeds, and the batch-size sweep ----------------------------

def test_lesson_learning_rate_starts_at_005_and_falls_by_30_percent_per_epoch():
    rates = [mnist_mlp.lesson_learning_rate(e) for e in range(mnist_mlp.LESSON_EPOCHS)]
    assert rates[0] == 0.05 and np.allclose(np.array(rates[1:]) / rates[:-1], 0.7)


def test_pass_mark_sits_at_least_the_margin_below_every_measured_run():
    assert mnist_mlp.pass_mark([0.9810, 0.9805, 0.9831]) == pytest.approx(0.977)
    assert mnist_mlp.pass_mark([0.9800]) == pytest.approx(0.977)  # exactly 0.3 points is enough
    for runs in ([0.9812, 0.9799], [0.9650, 0.97]):
        mark = mnist_mlp.pass_mark(runs)
        assert min(runs) - mark >= 0.003 - 1e-12 and min(runs) - mark < 0.004


def test_the_recorded_seed_spread_clears_its_pass_marks_by_03_points():
    assert set(mnist_mlp.SEED_SPREAD) == {"Keras", "NumPy"}
    for runs in mnist_mlp.SEED_SPREAD.values():
        assert len(runs) >= 5
        assert min(runs.values()) - mnist_mlp.pass_mark(runs.values()) >= 0.003 - 1e-12


def test_train_lesson_networks_runs_the_recipe_and_reports_test_accuracies():
    rng = np.random.default_rng(0)
    labels = np.arange(120) % 10
    images = (rng.random((120, 28, 28)) * 60).astype(np.uint8)
    images[np.arange(120), labels * 2, :] = 255  # each digit class lights a different row: learnable
    result = mnist_mlp.train_lesson_networks(0, images, labels, images[:40], labels[:40], epochs=2, n_valid=20)
    assert set(result) == {"Keras", "NumPy"} and all(0.5 <= v <= 1 for v in result.values())


def test_batch_size_sweep_times_both_networks_per_example():
    x, t, _ = blobs(n_per_class=32, classes=3, features=8)
    sweep = mnist_mlp.batch_size_sweep(x, t, batch_sizes=(8, 32), examples=64, sizes=(8, 6, 3))
    assert sweep["batch size"] == [8, 32]
    for key in ("Keras µs per example", "NumPy µs per example", "Keras / NumPy"):
        assert len(sweep[key]) == 2 and all(v > 0 for v in sweep[key])
    assert np.allclose(sweep["Keras / NumPy"], np.divide(sweep["Keras µs per example"], sweep["NumPy µs per example"]))


def test_describe_sweep_says_how_far_each_cost_fell_and_where_keras_was_faster():
    sweep = {"batch size": [32, 512, 2048], "Keras µs per example": [30.0, 10.0, 6.0],
             "NumPy µs per example": [10.0, 8.0, 8.0]}
    text = mnist_mlp.describe_sweep(sweep)
    assert "(2048) Keras's time per image fell 5.0×" in text and "NumPy's (fastest at 512) 1.2×" in text
    assert text.endswith("Keras was the faster one at batch size 2048 in this run.")
    sweep["Keras µs per example"] = [30.0, 10.0, 9.0]
    assert mnist_mlp.describe_sweep(sweep).endswith("NumPy stayed the faster one at every batch size in this run.")
