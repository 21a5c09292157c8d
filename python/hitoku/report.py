"""The engine's Report with its parts as DataFrames. Renderings (JSON, text, HTML) are the engine's own."""
import json
import os

import pandas as pd

from . import _engine

FINDING_COLUMNS = ["rule", "severity", "table", "cell", "cell_label", "reason_ja", "reason_en",
                   "interval_lower", "interval_upper", "interval_exact"]
INTERVAL_COLUMNS = ["table", "cell", "cell_label", "status", "lower", "upper", "exact", "recoverable",
                    "needs_earlier_publication"]
RULE_COLUMNS = ["rule", "verdict", "summary_ja", "summary_en", "cells_checked", "errors", "warnings"]


def _with_cell_columns(rows, columns, dimension_ids):
    """A DataFrame with `columns`, plus one column per dimension of the submission's tables (the cell's code,
    None where the cell has none), placed after `table`. A dimension id that is already a column name
    stays in `cell` only."""
    dims = [d for d in dimension_ids if d not in columns]
    for row in rows:
        dims += [d for d in row["cell"] if d not in dims and d not in columns]
    at = columns.index("table") + 1
    ordered = columns[:at] + dims + columns[at:]
    records = [{**row, **{d: row["cell"].get(d) for d in dims}} for row in rows]
    return pd.DataFrame(records, columns=ordered)


class Report:
    """The result of a check.

    passed / verdict: the verdict ("pass" only when every rule passed).
    findings: one row per problem; rules: one row per rule ①–⑤; intervals: every suppressed cell's
    attacker interval (rules ④⑤). None of them holds the true value of a suppressed cell.
    """

    def __init__(self, engine_report, input_files=None):
        self._report = engine_report
        self._data = json.loads(engine_report.json())
        # The files on disk the report was made from (paths usable from here); a report read back
        # from JSON only has the paths it names.
        self._input_files = list(input_files) if input_files is not None else [i["path"] for i in self._data["inputs"]]

    # Verdict -------------------------------------------------------------------------------------
    @property
    def passed(self):
        return bool(self._report.passed)

    @property
    def verdict(self):
        return self._data["verdict"]

    def as_dict(self):
        """The JSON report as a dict (schema in docs/report-schema.md)."""
        return json.loads(json.dumps(self._data))

    # DataFrames ----------------------------------------------------------------------------------
    def _dimension_ids(self):
        ids = []
        for table in self._data["tables"]:
            ids += [d["id"] for d in table["dimensions"] if d["id"] not in ids]
        return ids

    @property
    def rules(self):
        rows = [{"rule": r["rule"], "verdict": r["verdict"], "summary_ja": r["summary"]["ja"],
                 "summary_en": r["summary"]["en"], "cells_checked": r["cells_checked"], "errors": r["errors"],
                 "warnings": r["warnings"]} for r in self._data["rules"]]
        return pd.DataFrame(rows, columns=RULE_COLUMNS)

    @property
    def findings(self):
        rows = []
        for f in self._data["findings"]:
            iv = f.get("interval") or {}
            rows.append({"rule": f["rule"], "severity": f["severity"], "table": f["table"], "cell": dict(f["cell"]),
                         "cell_label": f["cell_label"], "reason_ja": f["reason"]["ja"], "reason_en": f["reason"]["en"],
                         "interval_lower": iv.get("lower"), "interval_upper": iv.get("upper"),
                         "interval_exact": iv.get("exact")})
        frame = _with_cell_columns(rows, FINDING_COLUMNS, self._dimension_ids())
        for col in ("interval_lower", "interval_upper"):
            frame[col] = frame[col].astype("Int64")
        frame["interval_exact"] = frame["interval_exact"].astype("boolean")
        return frame

    @property
    def intervals(self):
        # A recoverable cell's interval is its true value, so reports withhold it (interval null).
        rows = [{"table": a["table"], "cell": dict(a["cell"]), "cell_label": a["cell_label"], "status": a["status"],
                 "lower": (a.get("interval") or {}).get("lower"), "upper": (a.get("interval") or {}).get("upper"),
                 "exact": bool((a.get("interval") or {}).get("exact", False)),
                 "recoverable": a["recoverable"], "needs_earlier_publication": a["needs_earlier_publication"]}
                for a in self._data["suppressed_cells"]]
        frame = _with_cell_columns(rows, INTERVAL_COLUMNS, self._dimension_ids())
        return frame.astype({"lower": "Int64", "upper": "Int64", "exact": "bool", "recoverable": "bool",
                             "needs_earlier_publication": "bool"})

    @property
    def inputs(self):
        return pd.DataFrame(self._data["inputs"], columns=["path", "sha256", "role"])

    # Renderings ----------------------------------------------------------------------------------
    def _write(self, path, render, force):
        """Writes atomically, listing the file among the report's written files first (as the CLI does).
        Like every command, never over a file the report was made from, nor into a folder holding one
        (hitoku.InputError), unless force=True."""
        path = os.fspath(path)
        _engine.refuse_input_overwrite(path, self._input_files, force)
        if path not in self._data["written_files"]:
            self._report.add_written_file(path)
            self._data = json.loads(self._report.json())
        text = render()
        _engine.write_file_atomically(path, text)
        return text

    def to_json(self, path=None, force=False):
        """The JSON report, byte for byte what `hitoku check --format json` writes; written to `path` if given."""
        if path is not None:
            return self._write(path, self._report.json, force)
        return self._report.json()

    def to_text(self, lang="ja"):
        return self._report.text(lang)

    def to_html(self, path=None, lang="ja", force=False):
        """One self-contained HTML file (no script, nothing fetched); written to `path` if given."""
        if path is not None:
            return self._write(path, lambda: self._report.html(lang), force)
        return self._report.html(lang)

    @classmethod
    def from_json(cls, source):
        """A report from its JSON text, a dict, or the path of a JSON file (InputError if malformed)."""
        if isinstance(source, dict):
            text = json.dumps(source, ensure_ascii=False)
        elif isinstance(source, os.PathLike) or (isinstance(source, str) and not source.lstrip().startswith("{")):
            with open(source, encoding="utf-8") as f:
                text = f.read()
        else:
            text = source
        return cls(_engine.report_from_json(text))

    def __repr__(self):
        return "<hitoku.Report verdict=%s findings=%d>" % (self.verdict, len(self._data["findings"]))

    def __str__(self):
        return self.to_text()
