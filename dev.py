"""One entry point for the course: set everything up, then open it, test it or rebuild it.

    python dev.py lab                  # set up .venv, open the course in JupyterLab
    python dev.py test [PYTEST ARGS]   # set up .venv, run the whole test suite
    python dev.py build [NAME ...]     # re-execute notebooks/solutions and save their outputs
    python dev.py exercises [--force]  # regenerate exercises/ from solutions/
    python dev.py slides [NAME ...]    # write offline slide decks into build/slides/ (open its index.html)
    python dev.py bench                # time every notebook and a widget's redraw

Needs only Python 3.11+ with pip. Everything is installed into ./.venv (once; again only when
pyproject.toml changes). Already inside a virtual environment or conda env? Then that one is used.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def in_virtual_env() -> bool:
    return sys.prefix != sys.base_prefix or "CONDA_PREFIX" in os.environ


def ensure_environment() -> None:
    """Create .venv and install the course with its [dev] extras, unless that is already done."""
    if not in_virtual_env():
        if not VENV.exists():
            create_venv()
        python = BIN / ("python.exe" if os.name == "nt" else "python")
        os.execv(str(python), [str(python), str(ROOT / "dev.py"), *sys.argv[1:]])  # continue inside .venv
    stamp = Path(sys.prefix) / f".course-installed-{_requirements_hash()}"
    if not stamp.exists():
        print("installing the course and its tools (first run only) ...", flush=True)
        run([sys.executable, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        run([sys.executable, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"])
        stamp.touch()


def create_venv() -> None:
    """Create .venv with pip, or say what to install when this Python cannot make one."""
    print("creating .venv ...", flush=True)
    try:
        venv.create(VENV, with_pip=True)
    except (OSError, subprocess.CalledProcessError) as error:
        shutil.rmtree(VENV, ignore_errors=True)  # no half-made .venv for the next run to trust
        sys.exit(f"Could not create .venv ({error}).\n"
                 "On Debian/Ubuntu install the venv module first: sudo apt install python3-venv\n"
                 "Or create and activate any virtual or conda environment yourself, then run this again.")


def _requirements_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:12]


def run(command: list[str]) -> None:
    subprocess.run(command, cwd=ROOT, check=True)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    ensure_environment()
    command, rest = COMMANDS[argv[0]], argv[1:]
    return subprocess.call(command(rest), cwd=ROOT)


COMMANDS = {
    "lab": lambda rest: [sys.executable, "-m", "jupyter", "lab", "notebooks/01_linear_fit_mse.ipynb", *rest],
    "test": lambda rest: [sys.executable, "-m", "pytest", *rest],
    "build": lambda rest: [sys.executable, "-m", "tools.notebooks", "build", *rest],
    "exercises": lambda rest: [sys.executable, "-m", "tools.exercises", "generate", *rest],
    "slides": lambda rest: [sys.executable, "-m", "tools.slides", "build", *rest],
    "bench": lambda rest: [sys.executable, "-m", "tools.benchmark", *rest],
}

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
