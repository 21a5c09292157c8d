"""hitoku（秘匿）: the pre-publication disclosure check of cancer-registry tables, from pandas.

    import hitoku
    report = hitoku.check({"t1": frame}, policy="hyogo-2018", dimensions={...}, metadata={...})
    report.passed, report.findings, report.intervals, report.to_html("report.html")

Every rule runs in the C++ engine (hitoku._engine); this package only turns DataFrames into the
engine's records and its results back into DataFrames. See docs/python.md.
"""
import pkgutil

# The compiled hitoku._engine may live in another folder named hitoku (the build tree) on sys.path.
__path__ = pkgutil.extend_path(__path__, __name__)

from ._engine import InputError, __version__  # noqa: E402
from .report import Report  # noqa: E402
from .submission import Dimension, Submission, Table, load_submission, submission  # noqa: E402
from .api import MergeResult, check, merge, protect  # noqa: E402
from .protection import ProtectionError, ProtectResult  # noqa: E402
from .committee import (batch, diff, registry_add, registry_check, registry_init, registry_list,  # noqa: E402
                        registry_remove, registry_show)

__all__ = ["InputError", "Report", "Dimension", "Submission", "Table", "MergeResult", "ProtectResult", "ProtectionError",
           "check", "merge", "protect", "batch", "diff", "registry_init", "registry_add", "registry_list",
           "registry_show", "registry_remove", "registry_check",
           "load_submission", "submission", "__version__"]
