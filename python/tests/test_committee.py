"""The committee's workflow from Python: registry, checks against it, re-report differences, and batches
on concurrent.futures executors and on a Dask LocalCluster (loopback only), all giving the CLI's results."""
import json
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import hitoku
from conftest import HITOKU, ROOT

sys.path.insert(0, str(ROOT / "cli" / "tests"))
from committee_fixtures import publication_a, scaled_submission, submission_b  # noqa: E402

# Run-specific fields of a row: times, and the SHA-256 of its report (which holds the time of the run).
TIMING = {"seconds", "cpu_seconds", "registry_seconds", "report_sha256"}


def rows(summary):
    return [{k: v for k, v in row.items() if k not in TIMING} for row in summary["rows"]]


def test_registry_and_rule_5_from_python(tmp_path):
    db = tmp_path / "reg.sqlite"
    hitoku.registry_init(db)
    a = publication_a(tmp_path / "a")
    report_a = hitoku.check(str(a))
    assert report_a.passed
    report_a.to_json(tmp_path / "a.json")
    meta = hitoku.registry_add(db, str(a), tmp_path / "a.json", data_years="2019")
    assert meta["approval_number"] == "兵庫県指令健第0001号" and meta["first_year"] == 2019
    assert [m["approval_number"] for m in hitoku.registry_list(db)] == ["兵庫県指令健第0001号"]
    assert hitoku.registry_check(db)["ok"]
    b = submission_b(tmp_path / "b")
    assert hitoku.check(str(b)).passed
    with_registry = hitoku.check(str(b), registry=db)
    assert not with_registry.passed
    used = with_registry.as_dict()["registry_publications"]
    assert used[0]["approval"]["number"] == "兵庫県指令健第0001号"
    assert hitoku.check(str(b), registry=db, data_years="2020").passed
    with pytest.raises(TypeError):
        hitoku.check(str(b), data_years="2020")
    changes = hitoku.diff(hitoku.check(str(b)), with_registry)
    assert {c["kind"] for c in changes["changes"]} >= {"verdict", "finding_added"}
    with pytest.raises(hitoku.InputError):
        hitoku.registry_add(db, str(a), tmp_path / "a.json")  # registered already


def cli_summary(subs, out):
    subprocess.run([HITOKU, "batch", str(subs), "-o", str(out)], capture_output=True, timeout=600)
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def submissions(tmp_path_factory):
    root = tmp_path_factory.mktemp("subs")
    for k in range(8):
        scaled_submission(root / f"s{k:02d}", k)
    return root


def test_python_batch_inline_and_process_pool_match_the_cli(submissions, tmp_path):
    expected = rows(cli_summary(submissions, tmp_path / "cli"))
    assert rows(hitoku.batch(submissions, tmp_path / "inline")) == expected
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert rows(hitoku.batch(submissions, tmp_path / "pool", executor=pool)) == expected


def test_python_batch_on_a_dask_local_cluster_matches_the_cli(submissions, tmp_path):
    distributed = pytest.importorskip("distributed")
    expected = rows(cli_summary(submissions, tmp_path / "cli"))
    # Loopback only: the scheduler and workers listen on 127.0.0.1, no dashboard.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        summary = hitoku.batch(submissions, tmp_path / "dask", executor=client)
    assert rows(summary) == expected
