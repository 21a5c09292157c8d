"""Excel through pandas: a table kept in a workbook (written here by openpyxl, as Excel users keep them)
and read with pandas.read_excel checks exactly like the same table as a DataFrame; a manifest naming a
sheet loads through hitoku.load_submission."""
import pandas as pd

import hitoku
from conftest import METADATA, dimensions, t1_frame


def test_read_excel_frame_checks_like_the_frame(tmp_path):
    frame = t1_frame()
    book = tmp_path / "tables.xlsx"
    frame.to_excel(book, sheet_name="表1", index=False, engine="openpyxl")
    from_excel = pd.read_excel(book, sheet_name="表1", dtype={"area": str, "sex": str})
    direct = hitoku.check({"t1": frame}, dimensions=dimensions(), metadata=METADATA)
    via_excel = hitoku.check({"t1": from_excel}, dimensions=dimensions(), metadata=METADATA)
    assert via_excel.verdict == direct.verdict
    pd.testing.assert_frame_equal(via_excel.rules, direct.rules)
    pd.testing.assert_frame_equal(via_excel.intervals, direct.intervals)
