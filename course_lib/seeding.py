"""Make a lesson repeatable: one call seeds every source of randomness it uses."""

import os
import random
import sys

import numpy as np

DEFAULT_SEED = 0


def set_seeds(seed: int = DEFAULT_SEED, *, tensorflow: bool | None = None) -> np.random.Generator:
    """Seed Python's ``random``, NumPy and (when asked, or already imported) TensorFlow/Keras.

    Returns a fresh ``np.random.Generator`` seeded with ``seed``: lessons draw their random
    numbers from it, so re-running a notebook top to bottom gives the same numbers.

    ``tensorflow=None`` seeds TensorFlow only if the notebook has already imported it;
    ``tensorflow=True`` imports it and also turns on TensorFlow's deterministic kernels.
    """
    random.seed(seed)
    np.random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)  # inherited by any worker process a lesson starts
    if tensorflow or (tensorflow is None and "tensorflow" in sys.modules):
        _seed_tensorflow(seed)
    return np.random.default_rng(seed)


def _seed_tensorflow(seed: int) -> None:
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
