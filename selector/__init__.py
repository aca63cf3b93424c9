"""selector: which AWS service, which ML algorithm, which setting, with reasons."""

import os as _os
import sys as _sys

# The embedding model multiplies small matrices: a single BLAS thread does that faster than a thread pool fighting
# over busy cores (one sentence: 17 ms against about 1 s on a loaded 2-core machine). It only takes effect before
# numpy is first imported, and a value the user set wins.
if "numpy" not in _sys.modules:
    for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        _os.environ.setdefault(_name, "1")

__version__ = "0.1.0"
