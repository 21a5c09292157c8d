"""hitoku.check: the one call most users need."""
import os

from . import _engine
from .report import Report
from .submission import Submission, load_submission, submission


def check(tables, *, dimensions=None, policy="hyogo-2018", metadata=None, earlier_publications=None,
          audit=True, integer=False, confidential=False, progress=None):
    """Checks tables against every rule of the policy and returns a Report.

    tables: {table id: DataFrame} (see hitoku.submission for the arguments that go with it), a
        hitoku.Submission, or the path of a YAML manifest.
    audit: run the differencing audit (rules ④⑤); without it the verdict cannot pass.
    integer: exact integer bounds (Cbc) where LP bounds are fractional.
    confidential: include true values of suppressed cells (the researcher's own copy; never hand it on).
    progress: called as progress(stage, done, total) during long work, from the checking thread with the
        GIL held; an exception raised there stops the check and propagates.
    The GIL is released while the engine works.
    """
    if isinstance(tables, (str, os.PathLike)):
        tables = load_submission(tables)
    if isinstance(tables, Submission):
        given = {"dimensions": dimensions, "metadata": metadata, "earlier_publications": earlier_publications}
        extra = [name for name, value in given.items() if value is not None]
        if extra:
            raise TypeError("check(submission) takes no %s: the submission already has them" % ", ".join(extra))
        sub = tables
    else:
        if dimensions is None:
            raise TypeError("check(tables) needs dimensions={dimension id: codes}")
        sub = submission(tables, dimensions=dimensions, policy=policy, metadata=metadata,
                         earlier_publications=earlier_publications)
    if progress is not None and not callable(progress):
        raise TypeError("progress must be callable as progress(stage, done, total)")
    return Report(_engine.check(sub._handle, audit_differencing=audit, integer_bounds=integer,
                                confidential=confidential, progress=progress))
