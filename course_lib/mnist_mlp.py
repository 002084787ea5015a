"""Lesson 07: a dense network for MNIST, twice — in Keras, and from scratch in NumPy.

The images become (N, 784) float32 rows in [0, 1], with part of the training set held back as
validation data (검증 데이터). The lesson's network is built once from ``course_lib.layers`` with an
optimizer of ``course_lib.optimizers``, trained by a plain mini-batch loop that keeps the same history
as Keras's ``model.fit`` and times every epoch, and once in Keras with the same architecture and
explicitly named layers, so ``model.summary()`` prints the same text on every run. The lesson's
pictures of digits and of misclassified images return the numbers they show (the confusion matrix
and the training curves come from ``course_lib.evaluation``). TensorFlow/Keras is imported only
inside the functions that need it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from threadpoolctl import threadpool_limits

from . import layers, optimizers
from .display import draw_images
from .minibatch import minibatches

MNIST_SIZES = (784, 256, 10)  # the lesson's network: 784 pixels → 256 ReLU units → 10 softmax outputs

# ---------------------------------------------------------------------------------------------
# Data preparation
# ---------------------------------------------------------------------------------------------


def prepare_images(images: np.ndarray) -> np.ndarray:
    """(N, 28, 28) uint8 pixels 0-255 → (N, 784) float32 in [0, 1]: flattened and normalised."""
    images = np.asarray(images)
    return images.reshape(len(images), -1).astype(np.float32) / np.float32(255)


def split_validation(x: np.ndarray, y: np.ndarray, n_valid: int, rng: np.random.Generator):
    """Hold ``n_valid`` random examples back: ``(x_train, y_train), (x_valid, y_valid)``."""
    order = rng.permutation(len(x))
    valid, train = order[:n_valid], order[n_valid:]
    return (x[train], y[train]), (x[valid], y[valid])


def labels_of(targets: np.ndarray) -> np.ndarray:
    """Integer class labels from either integer labels (N,) or one-hot rows (N, classes)."""
    targets = np.asarray(targets)
    return targets.argmax(axis=1) if targets.ndim == 2 else targets.astype(np.int64)


# ---------------------------------------------------------------------------------------------
# The network from scratch
# ---------------------------------------------------------------------------------------------


class NumpyMLP:
    """A dense network (784 → hidden ReLU layers → 10 softmax) from ``course_lib.layers``.

    ``sizes`` lists the units per layer, input first. The weights start at He-initialised random
    values (std √(2/n_in), suited to ReLU) drawn from ``rng``, the biases at 0; everything is float32.
    ``optimizer`` is any ``course_lib.optimizers`` object (default: ``Adam()`` with Keras's defaults);
    a training step ends with ``optimizer.update(network.params, network.grads)``.
    """

    def __init__(self, sizes: Sequence[int] = MNIST_SIZES, rng: np.random.Generator | None = None, *,
                 optimizer: optimizers.Optimizer | None = None, dropout: float = 0.0, dtype=np.float32):
        rng = np.random.default_rng(0) if rng is None else rng
        self.sizes = tuple(int(n) for n in sizes)
        stack = layers.dense_stack(self.sizes, rng, layers.Relu, init="he", output_init="xavier", dropout=dropout,
                                   dtype=dtype, input_gradient=False)
        self.network = layers.Sequential(stack, layers.SoftmaxCrossEntropy())
        self.optimizer = optimizers.Adam() if optimizer is None else optimizer

    # -- what the network computes ---------------------------------------------------------
    def scores(self, x: np.ndarray, batch_size: int = 2000) -> np.ndarray:
        """The output layer's raw scores (logits) for every row of ``x``, computed in chunks."""
        return np.concatenate([self.network.forward(x[i:i + batch_size])
                               for i in range(0, len(x), batch_size)])

    def predict(self, x: np.ndarray, batch_size: int = 2000) -> np.ndarray:
        """The softmax probabilities (N, 10), like Keras's ``model.predict``."""
        return layers.softmax(self.scores(x, batch_size))

    def evaluate(self, x: np.ndarray, targets: np.ndarray, batch_size: int = 2000) -> tuple[float, float]:
        """(mean cross-entropy loss, accuracy) on ``x``, like Keras's ``model.evaluate``."""
        loss = layers.SoftmaxCrossEntropy()
        total_loss, correct = 0.0, 0
        for i in range(0, len(x), batch_size):
            chunk, t = x[i:i + batch_size], targets[i:i + batch_size]
            total_loss += loss.forward(self.network.forward(chunk), t) * len(chunk)
            correct += int((loss.probs.argmax(axis=1) == labels_of(t)).sum())
        return total_loss / len(x), correct / len(x)

    def count_params(self) -> int:
        """The number of learnable numbers (every weight and bias), like ``model.count_params()``."""
        return sum(int(p.size) for p in self.network.params.values())

    def _training(self, on: bool) -> None:
        for layer in self.network.layers:
            if isinstance(layer, layers.Dropout):
                layer.training = on

    # -- learning ------------------------------------------------------------------------------
    def train_step(self, x: np.ndarray, targets: np.ndarray) -> tuple[float, int]:
        """Forward, loss, backward, one optimizer update; returns (batch loss, correct predictions)."""
        loss = self.network.loss(x, targets)
        correct = int((self.network.loss_layer.probs.argmax(axis=1) == labels_of(targets)).sum())
        self.network.backward()
        self.optimizer.update(self.network.params, self.network.grads)
        return loss, correct

    def fit(self, x: np.ndarray, targets: np.ndarray, *, epochs: int, batch_size: int,
            rng: np.random.Generator, validation_data: tuple[np.ndarray, np.ndarray] | None = None,
            schedule: Callable[[int], float] | None = None, progress: bool = True,
            blas_threads: int | None = 1, training_metrics: str = "batches",
            early_stopping: int | None = None) -> dict[str, list[float]]:
        """Mini-batch training, shuffled every epoch; returns the history, like Keras's ``fit``.

        The history has ``loss`` and ``accuracy`` (averaged over the epoch's batches, as Keras
        reports them), ``val_loss`` and ``val_accuracy`` (after each epoch) and ``seconds``: the
        time each epoch's training took, validation excluded (as :func:`epoch_timer` times Keras).
        ``schedule(epoch)`` (epochs counted from 0), if given, sets the optimizer's learning rate
        at the start of every epoch, like Keras's ``LearningRateScheduler`` callback.

        ``training_metrics="after epoch"`` records ``loss`` and ``accuracy`` of the whole training set
        evaluated after each epoch, dropout off — what the network has learnt, comparable with the
        validation numbers — instead of the running average over the epoch's batches (dropout on).

        ``early_stopping=patience`` (needs ``validation_data``) stops when the validation loss has not
        improved for ``patience`` epochs and puts back the weights of its best epoch, like
        ``keras.callbacks.EarlyStopping(patience=…, restore_best_weights=True)``; ``best_epoch``
        (counted from 1) says which.

        ``blas_threads``: how many threads NumPy's matrix products may use while training (``None``:
        NumPy's default, one per core). One is the default: a small batch's products gain little
        from a second thread on an idle machine (about a fifth, measured for lesson 07), while on a
        machine whose cores are busy with other work the threads of a split product wait for each
        other and an epoch can take several times longer.
        """
        with _blas_threads(blas_threads):
            return self._fit(x, targets, epochs=epochs, batch_size=batch_size, rng=rng,
                             validation_data=validation_data, schedule=schedule, progress=progress,
                             training_metrics=training_metrics, patience=early_stopping)

    def _fit(self, x, targets, *, epochs, batch_size, rng, validation_data, schedule, progress,
             training_metrics="batches", patience=None):
        if training_metrics not in ("batches", "after epoch"):
            raise ValueError(f"training_metrics must be 'batches' or 'after epoch', not {training_metrics!r}")
        if patience is not None and validation_data is None:
            raise ValueError("early stopping watches the validation loss: pass validation_data")
        best_loss, best_params, self.best_epoch = np.inf, None, None
        history: dict[str, list[float]] = {"loss": [], "accuracy": [], "seconds": []}
        if validation_data is not None:
            history.update(val_loss=[], val_accuracy=[])
        bar = _progress(epochs, "NumPy MLP", progress)
        for epoch in range(epochs):
            self._training(True)
            start = time.perf_counter()
            if schedule is not None:
                self.optimizer.learning_rate = float(schedule(epoch))
            total_loss, correct = 0.0, 0
            for batch in minibatches(len(x), batch_size, rng):
                loss, right = self.train_step(x[batch], targets[batch])
                total_loss += loss * len(batch)
                correct += right
            history["seconds"].append(time.perf_counter() - start)
            self._training(False)
            if training_metrics == "after epoch":
                total_loss, accuracy = self.evaluate(x, targets)
                total_loss, correct = total_loss * len(x), accuracy * len(x)
            history["loss"].append(total_loss / len(x))
            history["accuracy"].append(correct / len(x))
            if validation_data is not None:
                val_loss, val_accuracy = self.evaluate(*validation_data)
                history["val_loss"].append(val_loss)
                history["val_accuracy"].append(val_accuracy)
            _advance(bar, history)
            if patience is not None:
                if history["val_loss"][-1] < best_loss:
                    best_loss, self.best_epoch = history["val_loss"][-1], epoch + 1
                    best_params = {k: v.copy() for k, v in self.network.params.items()}
                elif epoch + 1 - self.best_epoch >= patience:
                    break
        _close(bar)
        if best_params is not None:
            for name, value in best_params.items():
                self.network.params[name][...] = value
        return history


# ---------------------------------------------------------------------------------------------
# The same network in Keras
# ---------------------------------------------------------------------------------------------


def keras_mlp(sizes: Sequence[int] = MNIST_SIZES, *, name: str = "mnist_mlp", dropout: float = 0.0,
              l2: float = 0.0):
    """A Keras ``Sequential`` dense network: ``sizes[0]`` inputs, ReLU hidden layers, softmax output.

    The layers are named ``hidden_1``, ``hidden_2``… and ``output`` (and ``dropout_1``… with
    ``dropout > 0``), so ``model.summary()`` prints the same table on every run. The hidden
    layers start from He-initialised weights (std √(2/n_in), as :class:`NumpyMLP`), the output
    layer from Keras's default (Glorot). ``l2`` adds the penalty l2·Σw² of every kernel to the
    loss (weight decay). Not compiled.
    """
    import keras

    regularizer = keras.regularizers.L2(l2) if l2 else None
    model = keras.Sequential(name=name)
    model.add(keras.Input(shape=(sizes[0],), name="pixels"))
    for i, units in enumerate(sizes[1:-1], start=1):
        model.add(keras.layers.Dense(units, activation="relu", kernel_initializer="he_normal",
                                     kernel_regularizer=regularizer, name=f"hidden_{i}"))
        if dropout:
            model.add(keras.layers.Dropout(dropout, name=f"dropout_{i}"))
    model.add(keras.layers.Dense(sizes[-1], activation="softmax", kernel_regularizer=regularizer,
                                 name="output"))
    return model


def epoch_timer(epochs: int, description: str = "Keras MLP", progress: bool = True):
    """A Keras callback that records each epoch's training time in ``.seconds`` and shows a progress bar.

    An epoch is timed from its start to the end of its last training step: the validation that
    ``fit`` runs after it (``on_test_begin``) is excluded, exactly as :meth:`NumpyMLP.fit` times
    its own epochs.
    """
    import keras

    class _EpochTimer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seconds: list[float] = []
            self.bar = None
            self._start = self._trained = None

        def on_train_begin(self, logs=None):
            self.bar = _progress(epochs, description, progress)
            self._start = self._trained = None

        def on_epoch_begin(self, epoch, logs=None):
            self._start, self._trained = time.perf_counter(), None

        def on_test_begin(self, logs=None):  # fit's validation begins: the training part is over
            if self._trained is None:
                self._trained = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            end = time.perf_counter() if self._trained is None else self._trained
            self.seconds.append(end - self._start)
            _advance(self.bar, {k: [v] for k, v in (logs or {}).items()})

        def on_train_end(self, logs=None):
            _close(self.bar)

    return _EpochTimer()


def _blas_threads(limit: int | None):
    """A context in which NumPy's BLAS (matrix products) uses at most ``limit`` threads."""
    if limit is None:
        return contextlib.nullcontext()
    return threadpool_limits(limits=limit, user_api="blas")


def time_per_epoch(seconds: Sequence[float]) -> float:
    """The typical seconds per epoch: the median, so one slow epoch (or Keras tracing its
    graph in epoch 1) does not decide the comparison."""
    return float(np.median(seconds))


def _progress(total: int, description: str, enabled: bool):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=description, unit="epoch")


def _advance(bar, history: Mapping[str, list[float]]) -> None:
    if bar is None:
        return
    shown = {k: f"{v[-1]:.4f}" for k, v in history.items() if k != "seconds" and v}
    bar.set_postfix(shown, refresh=False)
    bar.update(1)


def _close(bar) -> None:
    if bar is not None:
        bar.close()


# ---------------------------------------------------------------------------------------------
# The lesson's training recipe, and how much its result varies from seed to seed
# ---------------------------------------------------------------------------------------------

LESSON_EPOCHS, LESSON_BATCH_SIZE = 8, 32


def lesson_learning_rate(epoch: int) -> float:
    """The lesson's schedule: 0.05 in the first epoch (epoch 0), then 30% less every epoch."""
    return 0.05 * 0.7**epoch


def train_lesson_networks(seed: int, images, labels, test_images, test_labels, *,
                          epochs: int = LESSON_EPOCHS, n_valid: int = 5000) -> dict[str, float]:
    """Train the lesson's Keras and NumPy networks with the lesson's recipe from ``seed``; test accuracies.

    The recipe of lesson 07: ``set_seeds(seed, tensorflow=True)``, ``n_valid`` images held back,
    784 → 256 → 10, SGD with momentum 0.9 and :func:`lesson_learning_rate`, batches of 32.
    Only the seed (and so the split, the starting weights and the batch order) changes.
    """
    import keras

    from .classification import one_hot
    from .seeding import set_seeds

    rng = set_seeds(seed, tensorflow=True)
    x_all, y_all = prepare_images(images), one_hot(labels, 10)
    x_test, y_test = prepare_images(test_images), one_hot(test_labels, 10)
    (x_train, y_train), _ = split_validation(x_all, y_all, n_valid, rng)
    model = keras_mlp(MNIST_SIZES)
    net = NumpyMLP(MNIST_SIZES, rng, optimizer=optimizers.SGD(learning_rate=0.05, momentum=0.9))
    model.compile(optimizer=optimizers.SGD(learning_rate=0.05, momentum=0.9).keras(),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=epochs, batch_size=LESSON_BATCH_SIZE, verbose=0,
              callbacks=[keras.callbacks.LearningRateScheduler(lesson_learning_rate)])
    net.fit(x_train, y_train, epochs=epochs, batch_size=LESSON_BATCH_SIZE, rng=rng,
            schedule=lesson_learning_rate, progress=False)
    return {"Keras": float(model.evaluate(x_test, y_test, batch_size=1000, verbose=0)[1]),
            "NumPy": float(net.evaluate(x_test, y_test)[1])}


def batch_size_sweep(x: np.ndarray, targets: np.ndarray, batch_sizes: Sequence[int] = (32, 256, 2048), *,
                     examples: int = 8192, sizes: Sequence[int] = MNIST_SIZES, seed: int = 0,
                     repeats: int = 2) -> dict[str, list]:
    """Time epochs over ``examples`` training rows per batch size, in Keras and in NumPy.

    Fresh copies of both networks (SGD, learning rate 0.01) are trained so the lesson's networks
    are not touched. Each batch size is timed over ``repeats`` epochs and the fastest counts (other
    work on the machine only ever slows an epoch down); Keras trains one more epoch first, untimed
    (it may build its graph for the new batch shape). NumPy keeps its matrix products on one thread,
    as in the lesson. ``examples`` should be a multiple of every batch size (no short last batch).
    Returns microseconds per training example for each, and the ratio Keras / NumPy
    (above 1: NumPy is faster).
    """
    x, targets = x[:examples], targets[:examples]
    model = keras_mlp(sizes, name="timing_copy")
    model.compile(optimizer=optimizers.SGD(learning_rate=0.01).keras(), loss="categorical_crossentropy")
    net = NumpyMLP(sizes, np.random.default_rng(seed), optimizer=optimizers.SGD(learning_rate=0.01))
    rng = np.random.default_rng(seed)
    keras_us, numpy_us = [], []
    for batch_size in batch_sizes:
        timer = epoch_timer(repeats + 1, progress=False)
        model.fit(x, targets, epochs=repeats + 1, batch_size=int(batch_size), verbose=0, shuffle=True,
                  callbacks=[timer])
        keras_us.append(1e6 * min(timer.seconds[1:]) / len(x))
        seconds = net.fit(x, targets, epochs=repeats, batch_size=int(batch_size), rng=rng, progress=False)["seconds"]
        numpy_us.append(1e6 * min(seconds) / len(x))
    return {"batch size": [int(b) for b in batch_sizes], "Keras µs per example": keras_us,
            "NumPy µs per example": numpy_us, "Keras / NumPy": [k / n for k, n in zip(keras_us, numpy_us)]}


def describe_sweep(sweep: Mapping[str, Sequence[float]]) -> str:
    """One sentence from :func:`batch_size_sweep`'s numbers: how each cost per image fell, and
    from which batch size on (if any) Keras was the faster one."""
    sizes, keras_us, numpy_us = sweep["batch size"], sweep["Keras µs per example"], sweep["NumPy µs per example"]
    k_best, n_best = int(np.argmin(keras_us)), int(np.argmin(numpy_us))
    text = (f"From batch {sizes[0]} to its fastest batch ({sizes[k_best]}) Keras's time per image fell "
            f"{keras_us[0] / keras_us[k_best]:.1f}×, NumPy's (fastest at {sizes[n_best]}) "
            f"{numpy_us[0] / numpy_us[n_best]:.1f}×. ")
    faster = [size for size, k, n in zip(sizes, keras_us, numpy_us) if k < n]
    if faster:
        return text + f"Keras was the faster one at batch size{'s' if len(faster) > 1 else ''} " \
                      f"{', '.join(str(f) for f in faster)} in this run."
    return text + "NumPy stayed the faster one at every batch size in this run."


# Test accuracies of train_lesson_networks(seed, …) for seeds 0-5, recorded by
# `python -m course_lib.mnist_mlp 0 1 2 3 4 5` (about four minutes on 2 cores, too long for the lesson;
# its seed 0 is not the lesson's own run, which draws other random numbers before it trains).
# Lesson 07 sets its pass mark from them: see pass_mark().
SEED_SPREAD: dict[str, dict[int, float]] = {
    "Keras": {0: 0.9805, 1: 0.9809, 2: 0.9808, 3: 0.9813, 4: 0.981, 5: 0.9818},
    "NumPy": {0: 0.983, 1: 0.9812, 2: 0.9835, 3: 0.9815, 4: 0.9824, 5: 0.9822},
}


def pass_mark(accuracies, margin: float = 0.003, step: float = 0.001) -> float:
    """The highest multiple of ``step`` at least ``margin`` below the lowest of ``accuracies``.

    A check ``accuracy >= pass_mark(measured)`` then holds with that margin on every measured
    seed — a run elsewhere fails it only if it is worse than every measured run by more than ``margin``.
    """
    lowest = min(float(a) for a in accuracies)
    return float(np.floor(round((lowest - margin) / step, 6)) * step)


# ---------------------------------------------------------------------------------------------
# The mistakes (the confusion matrix and training curves are in course_lib.evaluation)
# ---------------------------------------------------------------------------------------------


def misclassified(probs: np.ndarray, y_true: np.ndarray) -> np.ndarray:
    """Indices of the wrongly classified examples, the most confidently wrong first."""
    probs, y_true = np.asarray(probs), labels_of(y_true)
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != y_true)
    confidence = probs[wrong, predicted[wrong]]
    return wrong[np.argsort(-confidence, kind="stable")]


# ---------------------------------------------------------------------------------------------
# Drawings
# ---------------------------------------------------------------------------------------------


def draw_digit_grid(fig: Figure, images: np.ndarray, labels: np.ndarray, *, columns: int = 10,
                    title: str = "MNIST training images with their labels") -> str:
    """Images in a grid, each titled with its label; returns the labels row by row."""
    labels = labels_of(labels)
    draw_images(fig, images, [f"label {label}" for label in labels], columns, title=title, cmap="gray_r",
                frame=True, from_zero=True)
    rows = range(0, len(labels), columns)
    return "\n".join(" ".join(str(v) for v in labels[r:r + columns]) for r in rows)


def draw_misclassified(fig: Figure, images: np.ndarray, probs: np.ndarray, y_true: np.ndarray, *,
                       count: int = 20, columns: int = 10,
                       title: str = "Misclassified test digits, most confident mistakes first") -> str:
    """The most confidently wrong examples, each titled "true → predicted (probability)"."""
    order = misclassified(probs, y_true)[:count]
    y_true, predicted = labels_of(y_true), np.asarray(probs).argmax(axis=1)
    draw_images(fig, [images[i] for i in order],
                [f"{y_true[i]}→{predicted[i]} ({probs[i, predicted[i]]:.2f})" for i in order], columns,
                title=f"{title}\n(true → predicted (its probability))", cmap="gray_r", fontsize=8, color="tab:red")
    total = int((predicted != y_true).sum())
    return f"{total} of {len(y_true)} misclassified; shown: {len(order)}"


if __name__ == "__main__":  # python -m course_lib.mnist_mlp SEED ...: measure the spread of the lesson's result
    import sys

    from . import data

    (train_x, train_y), (test_x, test_y) = data.load_mnist()
    spread: dict[str, dict[int, float]] = {"Keras": {}, "NumPy": {}}
    for arg in sys.argv[1:]:
        result = train_lesson_networks(int(arg), train_x, train_y, test_x, test_y)
        for name, value in result.items():
            spread[name][int(arg)] = round(value, 4)
        print(arg, result, flush=True)
    print("SEED_SPREAD =", spread)
