"""DataFrame values as the text a table file would hold. No validation here: the engine reads the
text exactly as it reads a CSV field, and rejects what it would reject there."""
import math
import numbers

import pandas as pd


def cell_text(value):
    """'' for a missing value, integral numbers without a decimal point, anything else as str()."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return str(value)  # not a count or a code; the engine says so with the row and column
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        v = float(value)
        if math.isnan(v):
            return ""
        return str(int(v)) if v.is_integer() else repr(v)
    return str(value)


def column_text(series):
    return [cell_text(v) for v in series.tolist()]
