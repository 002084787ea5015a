"""The environment every notebook is executed in, by `python dev.py build` and under nbval alike.

Fixed hash seeds, no TensorFlow start-up log, and no oneDNN kernels (whose results vary from run to
run). Kept apart from ``tools.notebooks`` so that the root conftest.py sets it without importing the
notebook pipeline for every unit test.
"""

EXECUTION_ENV = {"PYTHONHASHSEED": "0", "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}
