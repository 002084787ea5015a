"""The first cell of every notebook installs course_lib where it is missing, as on Colab.

Run in a fresh virtual environment without course_lib, installing from this checkout (instead
of the repository address) through the cell's COURSE_LIB_SOURCE override.
"""

import os
import subprocess
import sys
import venv

import pytest

from tools import notebooks


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory):
    env_dir = tmp_path_factory.mktemp("fresh-venv")
    venv.create(env_dir, with_pip=True)
    return env_dir / "bin" / "python"


def run_cell(python, source) -> subprocess.CompletedProcess:
    """Run a cell's code as a fresh kernel would, away from the checkout (so it is not on sys.path)."""
    env = {**os.environ, "COURSE_LIB_SOURCE": f"file://{notebooks.ROOT}", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PYTHONPATH", None)
    return subprocess.run([str(python), "-c", source], capture_output=True, text=True, env=env,
                          timeout=900, cwd=python.parents[1])


def test_bootstrap_installs_course_lib_once_and_then_does_nothing(fresh_python):
    missing = run_cell(fresh_python, "import importlib.util; print(importlib.util.find_spec('course_lib'))")
    assert missing.stdout.strip() == "None"

    first = run_cell(fresh_python, notebooks.BOOTSTRAP_SOURCE + "\nfrom course_lib import linear_fit; print(linear_fit.mse([3, 5], [4, 3]))")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith("2.5")

    again = run_cell(fresh_python, notebooks.BOOTSTRAP_SOURCE.replace("subprocess.run(", "print('pip ran'); subprocess.run("))
    assert again.returncode == 0 and "pip ran" not in again.stdout


def test_in_a_set_up_environment_the_cell_does_nothing():
    result = subprocess.run([sys.executable, "-c", notebooks.BOOTSTRAP_SOURCE.replace("subprocess.run(", "print('pip ran'); subprocess.run(")],
                            capture_output=True, text=True, check=True)
    assert result.stdout == ""
