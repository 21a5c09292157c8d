"""Submissions: loaded from a YAML manifest, or built from DataFrames (validated by the engine)."""
import json
import os

import pandas as pd

from . import _engine
from ._values import cell_text, column_text

# Status names a table can carry (a `status` column), as the engine writes them.
STATUSES = ("published", "suppressed_by_user", "suppressed_primary", "suppressed_secondary")


class Dimension:
    """A classification variable: its codes with labels and parents (no parent = the total).

    `codes` is a DataFrame with columns code, label, parent (label and parent may be left out), or a
    list of dicts with those keys. The engine checks it as it checks a manifest: no repeated code,
    exactly one root, every parent known. Errors name the file "dimension:<id>" and the row (1-based).
    `variable` is the manifest's `variable:`: dimensions naming the same variable are groupings of it
    (municipalities by medical area and by health district) and are audited across (docs/formats.md).
    Any other column is an error: nothing given is silently dropped.
    """

    def __init__(self, codes, label=None, variable=None):
        frame = codes if isinstance(codes, pd.DataFrame) else pd.DataFrame(list(codes))
        if "code" not in frame.columns:
            raise ValueError("a dimension needs a 'code' column (and optionally 'label' and 'parent')")
        unknown = [str(c) for c in frame.columns if c not in ("code", "label", "parent")]
        if unknown:
            hint = " (give variable=... to hitoku.Dimension)" if "variable" in unknown else ""
            raise ValueError("a dimension has columns code, label and parent only, not %s%s" % (", ".join(unknown), hint))
        self.frame = frame
        self.label = label if label is not None else frame.attrs.get("label", "")
        self.variable = variable if variable is not None else frame.attrs.get("variable", "")

    def records(self):
        n = len(self.frame)
        get = lambda col: column_text(self.frame[col]) if col in self.frame.columns else [""] * n  # noqa: E731
        return list(zip(get("code"), get("label"), get("parent")))


class Table:
    """A planned table in long form: one row per cell.

    frame: one column per dimension (codes, or labels unique in the dimension), a count column, and
        optionally a `suppressed` column (bool: the count is the true value of a cell printed with a
        marker), a `status` column (published, suppressed, suppressed_by_user, suppressed_primary,
        suppressed_secondary; the count is then the true value of a suppressed cell) or a
        `true_value` column (for counts given as a marker such as "*"). A Series (dimensions in its
        index, counts as values) or dimensions in the index are accepted too.
    dimensions: the dimension ids in table order; a dict {dimension id: column name} when the columns
        are named otherwise. Default: the columns whose names are dimension ids, in column order.
    hospital_dimension, hospital_attribute: rule ③, as in a manifest: the dimension holding the area of
        the hospital behind each count, and the hospital list's flag column the counts depend on.
    fixed: {dimension id: code} for a table about one code of a dimension it has no column for (a
        pancreas-only table without a site column), as `fixed:` in a manifest. Without it such a table is
        taken for the total over that dimension (all sites) and contradicts the other tables.
    ignore_columns, not_modelled: {column: reason} for the other columns, as in a manifest
        (docs/formats.md §2.1): an ignored column's reason appears in the report; a not-modelled one
        (a survival rate, a median) is a rule ④ finding the reviewer checks by hand. Any other column
        is an input error: no column is silently ignored.
    derived: a list of derived columns (rates, percentages, age-standardised rates), each a dict with a
        manifest's keys (docs/formats.md §2.1): column, kind, per, decimals, rounding, base, age, and
        population / standard as {"file": DataFrame or path, "column": name}. A column the frame has is
        read as printed values (checked against the true counts); a column it lacks is computed by the
        engine from the true counts and rounded as declared. The engine checks everything as in a manifest.
    """

    def __init__(self, frame, title="", *, count="count", dimensions=None, suppressed="suppressed",
                 status="status", true_value="true_value", earlier_publication=False, hospital_dimension="",
                 hospital_attribute="", fixed=None, ignore_columns=None, not_modelled=None,
                 derived=None):
        if isinstance(frame, pd.Series):
            frame = frame.rename(count).to_frame()
        if not isinstance(frame, pd.DataFrame):
            raise TypeError("a table is a pandas DataFrame or Series, not %s" % type(frame).__name__)
        if any(name is not None for name in frame.index.names):
            frame = frame.reset_index()
        self.frame = frame
        self.title = title
        self.count = count
        self.dimensions = dimensions
        self.suppressed = suppressed
        self.status = status
        self.true_value = true_value
        self.earlier_publication = earlier_publication
        self.hospital_dimension = hospital_dimension or ""
        self.hospital_attribute = hospital_attribute or ""
        if fixed is not None and not isinstance(fixed, dict):
            raise TypeError("fixed is a dict {dimension id: code}, not %s" % type(fixed).__name__)
        self.fixed = {str(k): str(v) for k, v in (fixed or {}).items()}
        self.ignore_columns = {str(k): str(v) for k, v in (ignore_columns or {}).items()}
        self.not_modelled = {str(k): str(v) for k, v in (not_modelled or {}).items()}
        if derived is not None and not isinstance(derived, (list, tuple)):
            raise TypeError("derived is a list of dicts, not %s" % type(derived).__name__)
        for d in derived or []:
            if not isinstance(d, dict):
                raise TypeError("each derived column is a dict, not %s" % type(d).__name__)
        self.derived = list(derived or [])

    def _derived_payload(self, table_id):
        """The derived columns for the engine: declarations as JSON, printed values, populations."""
        out = []
        for spec in self.derived:
            column = str(spec.get("column", ""))
            declaration = {str(k): v for k, v in spec.items() if k not in ("population", "standard")}
            item = {"column": column}
            for key in ("population", "standard"):
                if key not in spec:
                    continue
                given = spec[key]
                if not isinstance(given, dict):
                    raise TypeError("%s is a dict {'file': DataFrame or path, 'column': name}" % key)
                source = given.get("file")
                entry = {str(k): v for k, v in given.items() if k != "file"}
                if isinstance(source, pd.DataFrame):
                    header, rows = _rows(source)
                    entry["file"] = "%s.%s.%s" % (table_id, column, key)
                    item[key] = {"header": header, "rows": rows}
                elif source is not None:
                    entry["file"] = os.fspath(source)
                    item[key] = {"path": entry["file"]}
                declaration[key] = entry
            item["declaration"] = json.dumps(declaration, ensure_ascii=False, default=str)
            if column in self.frame.columns:
                item["values"] = column_text(self.frame[column])
            out.append(item)
        return out

    def _dimension_columns(self, dimension_ids):
        if isinstance(self.dimensions, dict):
            return list(self.dimensions.keys()), list(self.dimensions.values())
        if self.dimensions is not None:
            return list(self.dimensions), list(self.dimensions)
        ids = [c for c in self.frame.columns if c in dimension_ids]
        return ids, ids

    def add_to(self, handle, table_id, dimension_ids, earlier=False):
        f = self.frame
        dims, fields = self._dimension_columns(dimension_ids)
        for field in fields + [self.count]:
            if field not in f.columns:
                raise _engine_error(table_id, field, "列「%s」がありません（列: %s）" % (field, ", ".join(map(str, f.columns))),
                                    "no column '%s' (columns: %s)" % (field, ", ".join(map(str, f.columns))))
        has_status, has_flag = self.status in f.columns, self.suppressed in f.columns
        if has_status and has_flag:
            raise ValueError("table '%s' has both a '%s' and a '%s' column; keep one" % (table_id, self.status,
                                                                                         self.suppressed))
        statuses, status_field = [], self.status
        if has_status:
            statuses = column_text(f[self.status])
        elif has_flag:
            status_field = self.suppressed
            statuses = [_flag_status(v) for v in f[self.suppressed].tolist()]
        true_values = column_text(f[self.true_value]) if self.true_value in f.columns else []
        declared = {**self.ignore_columns, **self.not_modelled}
        derived_columns = {str(d.get("column", "")) for d in self.derived}
        known = set(fields) | {self.count, self.status, self.suppressed, self.true_value} | set(declared) | derived_columns
        for column in f.columns:
            if column not in known:
                raise _engine_error(table_id, column,
                                    "列「%s」は宣言されていません。ignore_columns（理由を添えて監査しない）か not_modelled"
                                    "（審査者が手で確認する統計量）に書いてください" % column,
                                    "column '%s' is not declared: list it under ignore_columns (not audited, with a "
                                    "reason) or not_modelled (a statistic the reviewer checks by hand)" % column)
        other = [c for c in f.columns if c in declared]
        for d in self.fixed:
            if d in dims:
                raise _engine_error(table_id, d, "次元「%s」が fixed と列の両方にあります" % d,
                                    "dimension '%s' is both fixed and a column" % d)
        # Fixed dimensions come first, each with its one code in every row.
        codes = [[code] * len(f) for code in self.fixed.values()] + [column_text(f[c]) for c in fields]
        handle.add_table(id=str(table_id), title=str(self.title or ""), earlier_publication=bool(earlier or self.earlier_publication),
                         dimensions=list(self.fixed) + [str(d) for d in dims],
                         fields=list(self.fixed) + [str(c) for c in fields],
                         codes=codes, counts=column_text(f[self.count]),
                         true_values=true_values, statuses=statuses, count_field=str(self.count),
                         true_value_field=str(self.true_value), status_field=str(status_field),
                         hospital_dimension=str(self.hospital_dimension),
                         hospital_attribute=str(self.hospital_attribute), fixed_count=len(self.fixed),
                         other_headers=[str(c) for c in other], other_reasons=[declared[c] for c in other],
                         other_not_modelled=[c in self.not_modelled for c in other],
                         other_texts=[column_text(f[c]) for c in other],
                         derived=self._derived_payload(str(table_id)))


def _flag_status(value):
    """A suppressed flag as a status; anything but a boolean reaches the engine as text, which refuses it."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "suppressed" if value else "published"
    if value in (0, 1) and not isinstance(value, str):
        return "suppressed" if value == 1 else "published"
    return cell_text(value)


def _engine_error(file, field, ja, en):
    """An InputError like the engine's, for a column the table names but the DataFrame lacks."""
    place = "%s [%s]" % (file, field)
    err = _engine.InputError("エラー: %s: %s\nerror: %s: %s" % (place, ja, place, en))
    err.file, err.line, err.field, err.message_ja, err.message_en = str(file), 0, str(field), ja, en
    return err


def _flatten_metadata(metadata):
    """The manifest's `submission:` block ({title, approval: {date, number}, ...}) as dotted keys."""
    flat = {}
    for key, value in (metadata or {}).items():
        if isinstance(value, dict):
            for sub_key, sub_value in value.items():
                flat["%s.%s" % (key, sub_key)] = cell_text(sub_value)
        else:
            flat[str(key)] = cell_text(value)
    return flat


class Submission:
    """Everything one check is about: policy, metadata, dimensions, tables (true values included)."""

    def __init__(self, handle):
        self._handle = handle

    @property
    def policy(self):
        return self._handle.policy_id

    @property
    def manifest_path(self):
        return self._handle.manifest_path or None

    @property
    def metadata(self):
        """The submission block as in a manifest: title, purpose, attribution, approval, publication."""
        nested = {}
        for key, value in self._handle.info.items():
            if "." in key:
                outer, inner = key.split(".", 1)
                nested.setdefault(outer, {})[inner] = value
            else:
                nested[key] = value
        return nested

    @property
    def dimensions(self):
        """{dimension id: DataFrame(code, label, parent)}; the dimension's label is in .attrs["label"], its
        variable (when declared) in .attrs["variable"]."""
        out = {}
        for dim_id in self._handle.dimension_ids:
            d = self._handle.dimension(dim_id)
            frame = pd.DataFrame({"code": d["code"], "label": d["code_label"], "parent": d["parent"]})
            frame.attrs["label"] = d["label"]
            if d["variable"]:
                frame.attrs["variable"] = d["variable"]
            out[dim_id] = frame
        return out

    def _tables(self, earlier):
        out = {}
        for table_id in self._handle.table_ids:
            t = self._handle.table(table_id)
            if t["earlier_publication"] != earlier:
                continue
            columns = {dim: codes for dim, codes in zip(t["dimensions"], t["codes"])}
            columns["count"] = t["value"]
            columns["status"] = t["status"]
            for d in t["derived"]:  # as printed: exact text, the marker where withheld, None where blank
                columns[d["header"]] = d["values"]
            frame = pd.DataFrame(columns)
            frame.attrs["title"] = t["title"]
            frame.attrs["derived"] = {d["header"]: {"kind": d["kind"], "decimals": d["decimals"],
                                                    "withheld": d["withheld"]} for d in t["derived"]}
            out[table_id] = frame
        return out

    @property
    def tables(self):
        """{table id: DataFrame}: one column per dimension (codes), `count` (the true value, also of
        suppressed cells: this is the researcher's data, not what gets printed), `status`, and one column
        per derived value (rate, percent, standardised rate) as printed: the exact text ("12.3"), the
        marker where suppressed or withheld by protect, None where not printed. frame.attrs["derived"]
        gives each one's kind, decimals and how many values protect withheld."""
        return self._tables(False)

    @property
    def earlier_publications(self):
        """Tables already published (rule ⑤), in the same form as `tables`."""
        return self._tables(True)

    def write(self, manifest_path):
        """Writes a manifest and its table files (long CSV, UTF-8) that `hitoku check` reads back, so a
        reviewer can run the CLI on exactly these tables. Creates the manifest's folder if needed and refuses
        to overwrite an input. Returns the paths written."""
        folder = os.path.dirname(os.fspath(manifest_path))
        if folder:
            os.makedirs(folder, exist_ok=True)
        return self._handle.write(os.fspath(manifest_path))

    def __repr__(self):
        return "<hitoku.Submission policy=%s tables=%s>" % (self.policy, list(self.tables))


def load_submission(manifest_path):
    """Reads a YAML manifest and every file it names (hitoku.InputError names file, line and field)."""
    return Submission(_engine.load_submission(os.fspath(manifest_path)))


def _rows(frame):
    """A DataFrame as CSV-like text rows: (header, rows)."""
    return [str(c) for c in frame.columns], [[cell_text(v) for v in row] for row in frame.itertuples(index=False)]


def submission(tables, *, dimensions, policy="hyogo-2018", metadata=None, earlier_publications=None,
               hospitals=None, geography=None):
    """A submission built from DataFrames.

    tables: {table id: DataFrame, Series or hitoku.Table}. A plain DataFrame's title comes from
        frame.attrs["title"] when present.
    dimensions: {dimension id: DataFrame(code, label, parent), list of dicts, or hitoku.Dimension}.
    policy: a policy id (policies/<id>.yaml) or a path to a policy file.
    metadata: the manifest's submission block: {title, purpose, attribution, approval: {date, number},
        publication: {venue, date}}.
    earlier_publications: tables already published (rule ⑤), as `tables`.
    hospitals: rule ③, the hospital list as a DataFrame: hospital_code, name, municipality_code, then
        0/1 flag columns named by attribute (errors name "hospitals", the row and the column).
    geography: rule ③, {dimension id: a shipped reference id ("hyogo", "hyogo-wards", "japan"), a
        DataFrame of land borders with columns code_a, code_b, or {"adjacency": DataFrame, "reference": name,
        "reference_version": version} (as a manifest's geography block)}.
    """
    handle = _engine.new_submission(os.fspath(policy), _flatten_metadata(metadata))
    for dim_id, spec in dimensions.items():
        dim = spec if isinstance(spec, Dimension) else Dimension(spec)
        handle.add_dimension(id=str(dim_id), label=str(dim.label or ""), codes=dim.records(),
                             variable=str(dim.variable or ""))
    handle.link_dimensions()
    dimension_ids = set(handle.dimension_ids)
    for group, earlier in ((tables, False), (earlier_publications or {}, True)):
        for table_id, spec in group.items():
            if not isinstance(spec, Table):
                title = spec.attrs.get("title", "") if hasattr(spec, "attrs") else ""
                spec = Table(spec, title)
            spec.add_to(handle, table_id, dimension_ids, earlier)
    if hospitals is not None:
        header, rows = _rows(hospitals)
        handle.set_hospitals(header=header, rows=rows)
    for dim_id, spec in (geography or {}).items():
        if isinstance(spec, pd.DataFrame):
            spec = {"adjacency": spec}
        if isinstance(spec, dict):
            header, rows = _rows(spec["adjacency"])
            handle.add_geography(dimension=str(dim_id), reference=str(spec.get("reference", "")),
                                 reference_version=str(spec.get("reference_version", "")), header=header, rows=rows)
        else:
            handle.add_geography(dimension=str(dim_id), reference=str(spec))
    return Submission(handle)
