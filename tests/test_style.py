"""The code's style holds without review: ruff, configured in pyproject.toml, finds nothing to report."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ["course_lib", "tools", "tests", "dev.py", "conftest.py", "notebooks", "solutions"]


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                             *CHECKED], cwd=ROOT, capture_output=True, text=True)
    assert "No module named ruff" not in result.stderr, "install the dev extras: pip install -e '.[dev]'"
    assert result.returncode == 0, result.stdout + result.stderr
