"""hitoku.protect: the engine proposes which cells to suppress (rules ② ④ ⑤), checks the protected tables
and hands them back only when the check lets them through, as `hitoku protect` does. See docs/protect.md."""
from . import _engine
from .report import Report, _with_cell_columns
from .submission import Submission

CHANGE_COLUMNS = ["table", "cell", "label", "status", "rule", "reason_ja", "reason_en"]


class ProtectionError(Exception):
    """No suppression pattern satisfies the forced cells (keep / suppress, the manifest's `protect` block)
    or the earlier publications, or the proposed pattern failed the check. Nothing is handed back.

    conflicts: [{"cells": [cell labels], "reason_ja": ..., "reason_en": ...}], one per named conflict
        (empty when the check of the proposed pattern failed instead).
    cells: every cell label the conflicts name.
    message_ja, message_en: the whole explanation in Japanese and in English; str() gives both.
    stats: the engine's counts for the last pattern tried (for the record only).
    """

    def __init__(self, conflicts, message_ja, message_en, stats=None):
        self.conflicts = conflicts
        self.cells = [cell for c in conflicts for cell in c["cells"]]
        self.message_ja = message_ja
        self.message_en = message_en
        self.stats = stats or {}
        super().__init__(message_ja + "\n" + message_en)


ProtectionError.__module__ = "hitoku"


def _error(out):
    conflicts = [dict(c, cells=list(c["cells"])) for c in out["conflicts"]]
    if conflicts:
        lines_ja = ["秘匿パターンを作れません:"]
        lines_en = ["no protection is possible:"]
        for c in conflicts:
            cells = "".join("\n    " + cell for cell in c["cells"])
            lines_ja.append("- " + c["reason_ja"] + cells)
            lines_en.append("- " + c["reason_en"] + cells)
        return ProtectionError(conflicts, "\n".join(lines_ja), "\n".join(lines_en), out["stats"])
    return ProtectionError([], "提案した秘匿パターンが確認を通りません: " + out["gate_ja"],
                           "the proposed pattern fails the check: " + out["gate_en"], out["stats"])


class ProtectResult:
    """hitoku.protect's outcome.

    tables: {table id: DataFrame} with the dimension columns, `count` (the true value, also of suppressed
        cells: the researcher's data) and `status` (published, suppressed_by_user, suppressed_primary,
        suppressed_secondary).
    changes: DataFrame of the cells hitoku changed, as `hitoku protect` writes changes.csv (table, one column
        per dimension, cell, label, status, rule, reason_ja, reason_en); no value of any cell.
    report: the check of the protected tables (a hitoku.Report); passed: its verdict.
    submission: the protected submission; submission.write("out/manifest.yaml") hands it on.
    stats: the engine's counts (primary, secondary, user, audits, cost, ...); gap, lower_bound and
        proven_optimal for method="optimal" (None for the greedy method).
    """

    def __init__(self, method, submission, report, changes, stats):
        self.method = method
        self.submission = submission
        self.report = report
        self.stats = dict(stats)
        rows = []
        for c in changes:
            key = dict(c["cell"])
            rows.append({**c, "cell": ";".join("%s=%s" % kv for kv in key.items()), "_key": key})
        dims = list(submission._handle.dimension_ids)
        frame = _with_cell_columns([{**r, "cell": r["_key"]} for r in rows], CHANGE_COLUMNS, dims)
        frame["cell"] = [r["cell"] for r in rows]
        self.changes = frame

    @property
    def tables(self):
        return self.submission.tables

    @property
    def passed(self):
        return self.report.passed

    def _optimal(self, key):
        return self.stats[key] if self.method == "optimal" else None

    @property
    def gap(self):
        """(cost - lower bound) / cost of the optimal method's pattern; 0 when proven optimal."""
        return self._optimal("gap")

    @property
    def lower_bound(self):
        return self._optimal("lower_bound")

    @property
    def proven_optimal(self):
        return self._optimal("proven_optimal")

    def __repr__(self):
        return "<hitoku.ProtectResult primary=%d secondary=%d user=%d verdict=%s>" % (
            self.stats["primary"], self.stats["secondary"], self.stats["user"], self.report.verdict)


def protect_submission(sub, *, method, time_limit, keep, suppress, cost, integer, cleanup_audits, progress,
                       polish_groups=None):
    """The engine call behind hitoku.protect, on a hitoku.Submission."""
    if isinstance(keep, str) or isinstance(suppress, str):
        raise TypeError("keep and suppress are lists of 'table:dim=code,dim=code'")
    # None: the engine's default (the same as the CLI's).
    out = _engine.protect(sub._handle, method=method, time_limit=None if time_limit is None else float(time_limit),
                          cleanup_audits=None if cleanup_audits is None else int(cleanup_audits),
                          polish_groups=None if polish_groups is None else int(polish_groups),
                          keep=[str(k) for k in keep or []],
                          suppress=[str(s) for s in suppress or []], cost=cost or "", integer_bounds=integer,
                          progress=progress)
    if not out["ok"]:
        raise _error(out)
    return ProtectResult(method, Submission(out["submission"]), Report(out["report"], _engine.input_files(sub._handle)),
                         out["changes"], out["stats"])

