"""The package as a whole: importing any of its modules is cheap (TensorFlow is imported only by the
functions that need it, so lessons 01-03 never load it)."""

import pkgutil
import subprocess
import sys

import pytest

import course_lib

MODULES = ["course_lib", *(m.name for m in pkgutil.walk_packages(course_lib.__path__, "course_lib."))]


@pytest.mark.parametrize("module", MODULES)
def test_importing_a_module_does_not_import_tensorflow(module):
    code = f"import sys, {module}; print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"
