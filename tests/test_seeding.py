"""One call makes Python, NumPy and TensorFlow repeat their random numbers."""

import random

import numpy as np

from course_lib.seeding import set_seeds


def draw(tensorflow=False):
    rng = set_seeds(7, tensorflow=tensorflow)
    numbers = [random.random(), np.random.rand(), rng.normal()]
    if tensorflow:
        import keras

        numbers.append(float(keras.random.uniform((1,))[0]))
    return numbers


def test_python_and_numpy_repeat():
    assert draw() == draw()


def test_tensorflow_and_keras_repeat():
    assert draw(tensorflow=True) == draw(tensorflow=True)


def test_different_seeds_differ():
    assert set_seeds(1).normal() != set_seeds(2).normal()
