"""`formkit batch --scheduler`: the same batch on a Dask cluster writes the same bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tools.generate_cases import generate

from tests.batch.test_batch import batch, tree
from tests.conftest import official_forms_dir, require_module

# the optional extra (pip install 'formkit[dask]'); nox -s tests installs it, so CI fails without it
LocalCluster = require_module("distributed", "Dask is not installed (pip install 'formkit[dask]')").LocalCluster


@pytest.mark.official_pdf
@pytest.mark.slow
def test_a_local_cluster_writes_what_the_local_run_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forms = str(official_forms_dir())
    generate(6, tmp_path / "cases", broken=1)
    common = (str(tmp_path / "cases"), "--forms-dir", forms)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        code, on_cluster, _ = batch(capsys, *common, "-o", str(tmp_path / "dask"), "--scheduler",
                                    cluster.scheduler_address)
    code_local, local, _ = batch(capsys, *common, "-o", str(tmp_path / "local"), "-j", "1")
    assert code == code_local == 2
    assert [(r["case"], r["status"]) for r in on_cluster] == [(r["case"], r["status"]) for r in local]
    assert sum(r["status"] == "ok" for r in on_cluster) == 5
    assert len({r["worker"]["pid"] for r in on_cluster}) >= 1 and all(r["worker"]["pid"] != os.getpid()
                                                                        for r in on_cluster)
    dask_files, local_files = tree(tmp_path / "dask"), tree(tmp_path / "local")
    assert dask_files == local_files and any(k.endswith("packet/packet.pdf") for k in dask_files)


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    generate(1, tmp_path / "cases")
    import dask

    from formkit import cli

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        code = cli.main(["batch", str(tmp_path / "cases"), "-o", str(tmp_path / "out"), "--scheduler",
                         "tcp://127.0.0.1:9"])
    assert code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
