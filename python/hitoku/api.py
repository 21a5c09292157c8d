"""hitoku.check: the one call most users need."""
import os

from . import _engine
from .protection import protect_submission
from .report import Report
from .submission import Submission, load_submission, submission


DEFAULT_POLICY = "hyogo-2018"


def _submission(tables, build_args):
    """A Submission from a Submission, a manifest path, or DataFrames with hitoku.submission's arguments."""
    if isinstance(tables, (str, os.PathLike)):
        tables = load_submission(tables)
    if isinstance(tables, Submission):
        extra = [name for name, value in build_args.items() if value is not None]
        if extra:
            raise TypeError("a submission already has its %s" % ", ".join(extra))
        return tables
    if build_args.get("dimensions") is None:
        raise TypeError("tables as DataFrames need dimensions={dimension id: codes}")
    if build_args["policy"] is None:
        build_args["policy"] = DEFAULT_POLICY
    return submission(tables, **build_args)


def _check_progress(progress):
    if progress is not None and not callable(progress):
        raise TypeError("progress must be callable as progress(stage, done, total)")


def check(tables, *, dimensions=None, policy=None, metadata=None, earlier_publications=None,
          hospitals=None, geography=None, audit=True, integer=False, confidential=False, progress=None,
          registry=None, since=None, until=None, data_years=None):
    """Checks tables against every rule of the policy and returns a Report.

    tables: {table id: DataFrame} (see hitoku.submission for dimensions, policy, metadata,
        earlier_publications, hospitals and geography), a hitoku.Submission, or the path of a YAML manifest.
    policy: a policy id or path for DataFrames (default hyogo-2018); a submission has its own.
    audit: run the differencing audit (rules ④⑤); without it the verdict cannot pass.
    integer: exact integer bounds (Cbc) where LP bounds are fractional.
    confidential: include true values of suppressed cells (the researcher's own copy; never hand it on).
    progress: called as progress(stage, done, total) during long work, from the checking thread with the
        GIL held; an exception raised there stops the check and propagates.
    registry: a registry of approved publications (hitoku.registry_init); those sharing a variable with
        the submission are earlier publications for rule ⑤, named in the report. since / until (approval
        dates YYYY-MM-DD) and data_years ("2019" or "2016-2019") restrict which.
    The GIL is released while the engine works.
    """
    sub = _submission(tables, dict(dimensions=dimensions, policy=policy, metadata=metadata,
                                   earlier_publications=earlier_publications, hospitals=hospitals,
                                   geography=geography))
    _check_progress(progress)
    handle = sub._handle
    if registry is not None:
        handle = _engine.with_registry(handle, os.fspath(registry), since or "", until or "", data_years or "")
    elif since or until or data_years:
        raise TypeError("since, until and data_years restrict a registry: give registry=")
    return Report(_engine.check(handle, audit_differencing=audit, integer_bounds=integer,
                                confidential=confidential, progress=progress), _engine.input_files(sub._handle))


class MergeResult:
    """hitoku.merge's outcome: the merged submission, the re-check of it (with every merge explained as a
    rule ③ finding), and the ids of the tables that changed."""

    def __init__(self, merged, report, changed_tables):
        self.submission = merged
        self.report = report
        self.changed_tables = list(changed_tables)

    @property
    def tables(self):
        """The merged tables as DataFrames (as Submission.tables)."""
        return self.submission.tables

    def __repr__(self):
        return "<hitoku.MergeResult changed=%s verdict=%s>" % (self.changed_tables, self.report.verdict)


def merge(tables, *, dimensions=None, policy=None, metadata=None, earlier_publications=None,
          hospitals=None, geography=None, audit=True, integer=False, confidential=False, progress=None):
    """Rule ③ remedy: every area with too few hospitals is published merged with adjacent areas (the
    engine plans the merge over land borders), and every rule is checked again on the merged tables.
    Arguments as hitoku.check; the submission needs hospitals and a geography. Returns a MergeResult.
    To hand the merged tables to a reviewer, write them: result.submission.write("out/manifest.yaml").
    """
    sub = _submission(tables, dict(dimensions=dimensions, policy=policy, metadata=metadata,
                                   earlier_publications=earlier_publications, hospitals=hospitals,
                                   geography=geography))
    _check_progress(progress)
    merged, report, changed = _engine.merge(sub._handle, audit_differencing=audit, integer_bounds=integer,
                                            confidential=confidential, progress=progress)
    return MergeResult(Submission(merged), Report(report, _engine.input_files(sub._handle)), changed)


def protect(tables, *, dimensions=None, policy=None, metadata=None, earlier_publications=None, hospitals=None,
            geography=None, method="greedy", time_limit=None, keep=None, suppress=None, cost=None, integer=False,
            cleanup_audits=None, polish_groups=None, progress=None):
    """Rules ② ④ ⑤ remedy, as `hitoku protect`: the engine suppresses every small count (primary) and
    enough other cells (secondary) that no suppressed value can be recovered, across all tables at once,
    then checks the protected tables. Returns a hitoku.ProtectResult (tables with a `status` column,
    changes, report); raises hitoku.ProtectionError, naming the cells, when no pattern exists or the
    proposed one fails the check. The input is not changed.

    tables, dimensions, policy, metadata, earlier_publications, hospitals, geography: as hitoku.check.
    method: "greedy" (fast) or "optimal" (Cbc, least cost within time_limit seconds, default 60).
    keep, suppress: cells forced published / suppressed, ["table:dim=code,dim=code", ...] (added to a
        manifest's protect block); a string naming no cell raises hitoku.InputError.
    cost: "count" or "value" (overrides the manifest's protect.cost; default count).
    integer: audit with exact integer bounds (Cbc). cleanup_audits: as --cleanup-audits.
    polish_groups: as --polish-groups (the greedy's exact polish runs when at most this many cells may
        be suppressed; 0 = the greedy alone).
    progress: as in hitoku.check. The GIL is released while the engine works.
    To hand the protected tables on: result.submission.write("out/manifest.yaml").
    """
    # method, cost and the numbers are validated by the engine (hitoku.InputError, a ValueError).
    sub = _submission(tables, dict(dimensions=dimensions, policy=policy, metadata=metadata,
                                   earlier_publications=earlier_publications, hospitals=hospitals,
                                   geography=geography))
    _check_progress(progress)
    return protect_submission(sub, method=method, time_limit=time_limit, keep=keep, suppress=suppress, cost=cost,
                              integer=integer, cleanup_audits=cleanup_audits, polish_groups=polish_groups,
                              progress=progress)
