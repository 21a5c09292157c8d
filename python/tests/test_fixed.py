"""A DataFrame table about one code of a dimension it has no column for says so with fixed={dim: code},
as `fixed:` does in a manifest; without it the table is taken for the total over that dimension."""
import pandas as pd
import pytest

import hitoku
from conftest import METADATA, T1, T1_SUPPRESSED, dimensions, t1_frame

# 男 only, from t1's 男 column: 神戸市 25, 姫路市 15*, 尼崎市 16*, 兵庫県 56 (suppressed as in t1).
MEN = pd.DataFrame({"area": ["28000", "28100", "28201", "28202"],
                    "count": [T1[(a, "1")] for a in ["28000", "28100", "28201", "28202"]],
                    "suppressed": [(a, "1") in T1_SUPPRESSED for a in ["28000", "28100", "28201", "28202"]]})


def test_without_fixed_a_one_sex_table_contradicts_the_others():
    # Read as both sexes: 兵庫県 56 against t1's 兵庫県 計 91.
    with pytest.raises(hitoku.InputError) as e:
        hitoku.submission({"t1": t1_frame(), "men": MEN}, dimensions=dimensions(), metadata=METADATA)
    assert "fixed" in e.value.message_en


def test_fixed_table_is_about_one_code_and_writes_fixed(tmp_path):
    sub = hitoku.submission({"t1": t1_frame(), "men": hitoku.Table(MEN, "男", fixed={"sex": "1"})},
                            dimensions=dimensions(), metadata=METADATA)
    men = sub.tables["men"]
    assert list(men["sex"].unique()) == ["1"]
    assert men.set_index("area").loc["28000", "count"] == 56
    report = hitoku.check(sub)
    written = sub.write(tmp_path / "out" / "manifest.yaml")
    manifest = (tmp_path / "out" / "manifest.yaml").read_text(encoding="utf-8")
    assert 'fixed: {sex: "1"}' in manifest
    header = (tmp_path / "out" / "men.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "sex" not in header and "性別" not in header
    again = hitoku.check(hitoku.load_submission(tmp_path / "out" / "manifest.yaml"))
    assert again.verdict == report.verdict
    assert len(written) >= 3


def test_fixed_dimension_also_given_as_a_column_is_an_error():
    frame = MEN.assign(sex="1")
    with pytest.raises(hitoku.InputError):
        hitoku.submission({"t1": t1_frame(), "men": hitoku.Table(frame, "男", dimensions=["area", "sex"],
                                                                 fixed={"sex": "1"})},
                          dimensions=dimensions(), metadata=METADATA)
