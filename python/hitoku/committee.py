"""The committee's workflow from Python: the registry of approved publications, re-report differences, and
batches that run on any executor with the concurrent.futures interface (a ProcessPoolExecutor, or a Dask
distributed Client on an isolated wired network). Every step runs in the engine; see docs/python.md."""
import json
import os

from . import _engine
from .submission import Submission, load_submission


def _handle(submission):
    if isinstance(submission, (str, os.PathLike)):
        submission = load_submission(submission)
    if not isinstance(submission, Submission):
        raise TypeError("submission must be a hitoku.Submission or the path of a manifest")
    return submission._handle


def registry_init(path):
    """Creates an empty registry file (refused when the file exists)."""
    _engine.registry_init(os.fspath(path))


def registry_add(db, submission, report, data_years=None):
    """Registers an approved submission after verifying `report` (a report JSON path) against it; a report
    that does not verify, or does not pass, raises hitoku.InputError and nothing is written. Returns the
    stored metadata as a dict."""
    return json.loads(_engine.registry_add(os.fspath(db), _handle(submission), os.fspath(report), data_years or ""))


def registry_list(db):
    """The registered publications' metadata, oldest approval first (list of dicts)."""
    return [json.loads(m) for m in _engine.registry_list(os.fspath(db))]


def registry_show(db, approval_number):
    return _engine.registry_show(os.fspath(db), approval_number)


def registry_remove(db, approval_number):
    _engine.registry_remove(os.fspath(db), approval_number)


def registry_check(db):
    """The integrity check: {"ok", "publications", "tables", "cells", "problems"}."""
    return json.loads(_engine.registry_check(os.fspath(db)))


def _report_text(report):
    if isinstance(report, (str, os.PathLike)):
        with open(report, encoding="utf-8") as f:
            return f.read()
    return report._report.json()


def diff(old, new, format="json", lang="ja"):
    """What changed between two reports (paths of report JSON files, or hitoku.Report): a dict for
    format="json", else the text or HTML."""
    rendered = _engine.diff_reports(_report_text(old), _report_text(new), format, lang)
    return json.loads(rendered) if format == "json" else rendered


def _check_item(plan_text, outdir, index):
    """One batch item in a worker (any process, any machine that sees the same files): returns the row and
    the reports; the caller stores them."""
    from . import _engine as engine  # imported in the worker
    plan = engine.batch_plan_from_json(plan_text, outdir)
    return engine.batch_check_item(plan, index)


class _Inline:
    """The default executor: each item checked in this process, in order."""

    class _Done:
        def __init__(self, value):
            self._value = value

        def result(self):
            return self._value

    def submit(self, fn, *args):
        return self._Done(fn(*args))


def batch(source, outdir, *, registry=None, since=None, until=None, data_years=None, cumulative=False, executor=None):
    """Checks every submission of `source` (a list file or a folder of submission folders) into `outdir`
    as `hitoku batch` does, resumable in the same way, and returns the summary (dict).

    executor: anything with submit(fn, *args) returning an object with result() — a
        concurrent.futures executor or a Dask distributed Client. Workers must see the submissions and the
        registry under the same paths. Default: this process, one item after another. Cumulative batches
        submit one item at a time (each approved one feeds the next one's rule ⑤).
    """
    plan = _engine.batch_plan(os.path.abspath(source), os.path.abspath(outdir), os.path.abspath(registry) if registry else "",
                              since or "", until or "", data_years or "", cumulative)
    executor = executor or _Inline()
    text = plan.json()
    pending = plan.pending()
    if plan.cumulative:
        for index in pending:
            _engine.batch_store_item(plan, index, *executor.submit(_check_item, text, plan.outdir, index).result())
    else:
        futures = [(index, executor.submit(_check_item, text, plan.outdir, index)) for index in pending]
        for index, future in futures:
            _engine.batch_store_item(plan, index, *future.result())
    return json.loads(_engine.batch_summary(plan))
