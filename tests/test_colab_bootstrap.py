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

# The bootstrap cell, saying when it runs pip.
TELLING_SOURCE = notebooks.BOOTSTRAP_SOURCE.replace("subprocess.run(", "print('pip ran'); subprocess.run(")

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

    first = run_cell(fresh_python, notebooks.BOOTSTRAP_SOURCE
                     + "\nfrom course_lib import linear_fit; print(linear_fit.mse([3, 5], [4, 3]))")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith("2.5")

    again = run_cell(fresh_python, TELLING_SOURCE)
    assert again.returncode == 0 and "pip ran" not in again.stdout


def test_in_a_set_up_environment_the_cell_does_nothing():
    result = subprocess.run([sys.executable, "-c", TELLING_SOURCE],
                            capture_output=True, text=True, check=True)
    assert result.stdout == ""


COLAB_WIDGETS_SCRIPT = """
import ipywidgets, numpy as np
from course_lib import data, gradient_descent, linear_fit, optimizer_race, perceptron, xor_network
line, weather = data.load_table("line_two_points"), data.load_table("weather")
X = np.column_stack([weather["cloud"], weather["wind"]])
explorers = {
    "01": (linear_fit.line_fit_explorer(line["x"], line["y"]), {"m": 2.0, "b": 1.0}),
    "02": (gradient_descent.descent_explorer(line["x"], line["y"]), {"learning_rate": 0.2, "steps": 5}),
    "03": (perceptron.perceptron_explorer(X, weather["rain"]), {"samples": 7, "use_bias": False}),
    "04": (xor_network.training_explorer(*xor_network.train(seed=0)), {"snapshot": 3}),
    "06": (optimizer_race.race_explorer("bowl"), {"momentum": 0.5, "steps": 20}),
}
for lesson, (explorer, values) in explorers.items():
    before = explorer.text
    assert explorer.set(**values) != before, lesson
    bundle = explorer._repr_mimebundle_()
    assert bundle["image/png"] and bundle["text/plain"] == explorer.text, lesson
    buttons = (w for box in explorer.box.children for w in getattr(box, "children", ()))
    for button in (w for w in buttons if isinstance(w, ipywidgets.Button)):
        button.click()
print("ipywidgets", ipywidgets.__version__, "explorers", ",".join(explorers))
"""


def test_every_explorer_works_with_colabs_ipywidgets_7(fresh_python):
    """Colab ships ipywidgets 7.7: build every lesson's widget with it, move its controls, press its buttons."""
    install = subprocess.run([str(fresh_python), "-m", "pip", "install", "--quiet", "ipywidgets==7.7.*"],
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr
    if run_cell(fresh_python, "import course_lib").returncode:  # this test may run before the bootstrap test
        assert run_cell(fresh_python, notebooks.BOOTSTRAP_SOURCE).returncode == 0
    result = run_cell(fresh_python, COLAB_WIDGETS_SCRIPT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ipywidgets 7.7.") and result.stdout.strip().endswith("01,02,03,04,06")


def test_hints_and_worked_solutions_ship_with_the_installed_course(fresh_python):
    """On Colab the exercise's help comes from the installed package, not from a clone of solutions/."""
    if run_cell(fresh_python, "import course_lib").returncode:  # this test may run before the bootstrap test
        assert run_cell(fresh_python, notebooks.BOOTSTRAP_SOURCE).returncode == 0
    result = run_cell(fresh_python, "from course_lib.exercises import linear_fit_mse as ex\n"
                                    "ex.mse.hint(); ex.mse.solution()")
    assert result.returncode == 0, result.stderr
    assert "Hint 1 of 3" in result.stdout and "np.mean((y - (m * x + b)) ** 2)" in result.stdout
