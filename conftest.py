"""pytest setup shared by the unit tests in tests/ and nbval's runs of notebooks/ and solutions/."""

import os

from tools.environment import EXECUTION_ENV

# Kernels started by nbval inherit this environment: the same one `python dev.py build` uses.
os.environ.update(EXECUTION_ENV)
