"""course_lib: the helpers behind the notebook course "How neural networks are trained".

Each module is named for what it teaches (``linear_fit``, ``data``, ``checks``, ``widgets``...).
Importing the package is cheap: nothing here imports TensorFlow; the lessons that need it
import it themselves, and helpers that need it import it lazily.
"""

__version__ = "0.1.0"
