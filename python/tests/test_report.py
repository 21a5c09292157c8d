"""The Report: JSON round trip, files written atomically, text and HTML, the progress callback."""
import json
import pytest

import hitoku
from conftest import METADATA, TESTDATA, dimensions, t1_frame


@pytest.fixture()
def report():
    return hitoku.check(TESTDATA / "sample" / "fail" / "manifest.yaml")


def test_json_round_trip(report, tmp_path):
    text = report.to_json()
    back = hitoku.Report.from_json(text)
    assert back.to_json() == text
    assert back.passed == report.passed and back.verdict == report.verdict
    assert back.findings.equals(report.findings)
    assert back.rules.equals(report.rules)
    # From a dict and from a file, too.
    assert hitoku.Report.from_json(json.loads(text)).to_json() == text
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    assert hitoku.Report.from_json(path).to_json() == text


def test_from_json_refuses_a_malformed_report():
    with pytest.raises(hitoku.InputError):
        hitoku.Report.from_json("{not json")
    with pytest.raises(hitoku.InputError):
        hitoku.Report.from_json('{"verdict": "pass"}')


def test_files_are_written_atomically_and_listed(report, tmp_path):
    html_path, json_path = tmp_path / "report.html", tmp_path / "report.json"
    html = report.to_html(html_path)
    assert html_path.read_text(encoding="utf-8") == html
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "<script" not in html.lower()
    text = report.to_json(json_path)
    assert json_path.read_text(encoding="utf-8") == text
    assert json.loads(text)["written_files"] == [str(html_path), str(json_path)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.json"]


def test_a_report_is_never_written_over_its_own_inputs(tmp_path):
    import shutil
    shutil.copytree(TESTDATA / "sample", tmp_path / "sample")  # the code lists sit beside the folders
    folder = tmp_path / "sample" / "fail"
    manifest = folder / "manifest.yaml"
    before = manifest.read_bytes()
    report = hitoku.check(manifest)
    table = folder / "t1.csv"
    table_before = table.read_bytes()
    for write in (report.to_json, report.to_html):
        for target in (manifest, table, folder):
            with pytest.raises(hitoku.InputError):
                write(target)
    assert manifest.read_bytes() == before and table.read_bytes() == table_before
    text = report.to_json(manifest, force=True)  # the user's explicit choice
    assert manifest.read_text(encoding="utf-8") == text


def test_text_in_both_languages(report):
    assert report.to_text().splitlines()[0].startswith("判定")
    assert "FAIL" in report.to_text("en")
    assert str(report) == report.to_text()


def test_report_never_shows_a_suppressed_true_value():
    """Suppressed cells have no value in the report's tables; only a confidential report carries true values."""
    r = hitoku.check({"t1": t1_frame()}, dimensions=dimensions(), metadata=METADATA).as_dict()
    table = r["tables"][0]
    assert [v is None for v in table["published"]] == [s != "published" for s in table["status"]]
    assert "true_values" not in table
    confidential = hitoku.check({"t1": t1_frame()}, dimensions=dimensions(), metadata=METADATA, confidential=True)
    assert confidential.as_dict()["confidential"] is True
    assert confidential.as_dict()["tables"][0]["true_values"][7] == 15  # 姫路市 男, as in conftest


def test_progress_callback():
    calls = []

    def progress(stage, done, total):
        calls.append((stage, done, total))

    with_cb = hitoku.check({"t1": t1_frame()}, dimensions=dimensions(), metadata=METADATA, progress=progress)
    without = hitoku.check({"t1": t1_frame()}, dimensions=dimensions(), metadata=METADATA)
    assert with_cb.findings.equals(without.findings) and with_cb.rules.equals(without.rules)
    stages = [c[0] for c in calls]
    assert stages[0] == "rules" and "audit" in stages  # the rules in turn, the differencing audit within ④
    for stage, done, total in calls:
        assert isinstance(stage, str) and 0 <= done <= max(total, done)
    with pytest.raises(TypeError):
        hitoku.check({"t1": t1_frame()}, dimensions=dimensions(), metadata=METADATA, progress=42)


def test_progress_exception_stops_the_check():
    def stop(stage, done, total):
        raise KeyboardInterrupt("stop")

    with pytest.raises(KeyboardInterrupt):
        hitoku.check({"t1": t1_frame()}, dimensions=dimensions(), metadata=METADATA, progress=stop)
