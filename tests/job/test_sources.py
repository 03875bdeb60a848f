"""Sources of versions: their order, their tracks, and botocore releases from a wheel cache."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from specdiff.errors import InputError, SpecdiffError, UsageError
from specdiff.job.sources import list_versions, natural_key, parse_source
from specdiff.loaders.wheels import botocore_data, fetch_wheel, release_date, run_pip
from tests.watchkit import FIXTURES, build_wheel

PAGES = FIXTURES.parent / "pages"


def no_pip(args):
    raise AssertionError(f"pip was called: {args}")


def test_natural_order_compares_numbers_as_numbers() -> None:
    labels = ["1.13.10", "1.13.9", "1.2", "1.13.1"]
    assert sorted(labels, key=natural_key) == ["1.2", "1.13.1", "1.13.9", "1.13.10"]


def test_a_model_folder_is_ordered_by_the_version_in_each_name_per_service(tmp_path: Path) -> None:
    for name in ("elasticache-1.13.10.json.gz", "elasticache-1.13.9.json.gz", "sagemaker-1.13.1.snapshot.json"):
        shutil.copy(FIXTURES / "sagemaker-1.13.1.json.gz", tmp_path / name)
    (tmp_path / ".elasticache-1.13.11.json.gz.tmp").write_text("a temporary file, not a version")
    source = parse_source(str(tmp_path), cache=tmp_path / "cache", name="Models here")
    assert source.kind == "models" and source.name == "Models-here"
    versions = list_versions(source)
    assert [(v.track, v.label) for v in versions] == [
        ("elasticache", "1.13.9"),
        ("elasticache", "1.13.10"),
        ("sagemaker", "1.13.1"),
    ]
    assert versions[0].display == str(tmp_path / "elasticache-1.13.9.json.gz")


def test_the_same_version_twice_is_refused(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "sagemaker-1.13.1.json.gz", tmp_path / "sagemaker-1.13.1.json.gz")
    (tmp_path / "sagemaker-1.13.1.json").write_bytes(gzip.decompress((FIXTURES / "sagemaker-1.13.1.json.gz").read_bytes()))
    with pytest.raises(UsageError, match="same version"):
        list_versions(parse_source(str(tmp_path), cache=tmp_path))


def test_a_name_without_a_version_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "sagemaker-1.13.1.json.gz", tmp_path / "sagemaker.json.gz")
    with pytest.raises(InputError, match="no version in the name"):
        list_versions(parse_source(str(tmp_path), cache=tmp_path))


def _page(path: Path, date: str, title: str) -> None:
    path.write_text(f"{date} - {title} - 1 updated api methods\n\nChanges  Update client\n", encoding="utf-8")


def test_a_page_folder_is_ordered_by_the_date_on_the_page_then_the_name(tmp_path: Path) -> None:
    shutil.copy(PAGES / "sagemaker-2019-10-24.txt.gz", tmp_path / "b-page.txt.gz")  # the real page
    _page(tmp_path / "a-page.txt", "2019/11/02", "Amazon SageMaker Service")
    _page(tmp_path / "c-page.txt", "2019/09/30", "Amazon SageMaker Service")
    _page(tmp_path / "d-page.txt", "2019/11/02", "Amazon SageMaker Service")
    _page(tmp_path / "e-page.txt", "2019/10/01", "AWS Transfer for SFTP")
    (tmp_path / "f-page.html").write_text(
        "<html><body><h2>2019/10/05&nbsp;- AWS Transfer for SFTP - 2 new api methods</h2></body></html>"
    )
    source = parse_source(str(tmp_path), cache=tmp_path / "cache")
    assert source.kind == "pages"
    versions = list_versions(source)
    assert [(v.track, v.entry) for v in versions] == [
        ("amazon-sagemaker-service", "c-page.txt"),
        ("amazon-sagemaker-service", "b-page.txt.gz"),
        ("amazon-sagemaker-service", "a-page.txt"),
        ("amazon-sagemaker-service", "d-page.txt"),
        ("aws-transfer-for-sftp", "e-page.txt"),
        ("aws-transfer-for-sftp", "f-page.html"),
    ]


def test_a_folder_mixing_pages_and_models_is_refused(tmp_path: Path) -> None:
    shutil.copy(PAGES / "sagemaker-2019-10-24.txt.gz", tmp_path)
    shutil.copy(FIXTURES / "sagemaker-1.13.1.json.gz", tmp_path)
    with pytest.raises(UsageError, match="mixes"):
        parse_source(str(tmp_path), cache=tmp_path)


@pytest.mark.parametrize(
    ("text", "releases", "first", "last"),
    [
        ("botocore:1.13.3,1.13.1", ("1.13.3", "1.13.1"), None, None),
        ("botocore==1.13.2", ("1.13.2",), None, None),
        ("botocore:1.13.1..1.13.3", (), "1.13.1", "1.13.3"),
        ("botocore:1.13.1..", (), "1.13.1", None),
        ("botocore:all", (), "0.0.0", None),
        ("botocore:1.13..1.13.3", (), "1.13.0", "1.13.3"),  # as pip reads 1.13
    ],
)
def test_botocore_release_lists(tmp_path: Path, text: str, releases, first, last) -> None:
    source = parse_source(text, cache=tmp_path)
    assert (source.kind, source.name, source.releases, source.first, source.last) == (
        "botocore", "botocore", releases, first, last
    )


@pytest.mark.parametrize("text", ["botocore:1.13.1;rm -rf /", "botocore:", "botocore:latest..", "no/such/folder"])
def test_bad_sources_are_clear_errors(tmp_path: Path, text: str) -> None:
    with pytest.raises(SpecdiffError):
        parse_source(text, cache=tmp_path)


def test_a_range_takes_the_releases_the_index_lists(tmp_path: Path) -> None:
    calls = []

    def index(args):
        calls.append(list(args))
        listing = "botocore (1.13.10)\nAvailable versions: 1.13.10, 1.13.9, 1.13.3, 1.13.2, 1.13.1, 1.12.9\n"
        return subprocess.CompletedProcess(args, 0, stdout=listing, stderr="")

    versions = list_versions(parse_source("botocore:1.13.2..1.13.9", cache=tmp_path), runner=index)
    assert [v.label for v in versions] == ["1.13.2", "1.13.3", "1.13.9"]
    assert calls == [["index", "versions", "botocore"]]
    opened = list_versions(parse_source("botocore:1.13.3..", cache=tmp_path), runner=index)
    assert [v.label for v in opened] == ["1.13.3", "1.13.9", "1.13.10"]


def test_a_cached_release_needs_no_pip_call_and_is_unpacked_once(tmp_path: Path) -> None:
    cache = tmp_path / "wheels"
    wheel = build_wheel("1.13.2", cache)
    data = botocore_data("1.13.2", cache, runner=no_pip)
    assert sorted(p.name for p in data.iterdir()) == ["elasticache", "sagemaker"]
    assert (data / "sagemaker/2017-07-24/service-2.json").read_bytes() == gzip.decompress(
        (FIXTURES / "sagemaker-1.13.2.json.gz").read_bytes()
    )
    assert release_date(data) == "2019/10/24"  # when the wheel was built: the release day
    (data.parent / "released").unlink()
    assert release_date(data) == "2019/10/24"  # from the wheel, for folders unpacked before
    wheel.unlink()  # unpacked once: the folder alone is enough from now on
    assert botocore_data("1.13.2", cache, runner=no_pip) == data
    assert release_date(data) is None


@pytest.fixture
def network_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """pip pointed at an index nobody answers: any download fails fast."""
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple/")
    monkeypatch.setenv("PIP_RETRIES", "0")
    monkeypatch.setenv("PIP_TIMEOUT", "2")
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    monkeypatch.delenv("PIP_EXTRA_INDEX_URL", raising=False)


def test_offline_the_botocore_source_works_from_the_cache(tmp_path: Path, network_cut: None) -> None:
    from specdiff.job.watch import run_watch
    from tests.watchkit import quick_toolkit

    cache = tmp_path / "wheels"
    for version in ("1.13.1", "1.13.2"):
        build_wheel(version, cache)
    calls = []

    def recorded_pip(args):
        calls.append(args)
        return run_pip(args)

    source = parse_source("botocore:1.13.1,1.13.2", cache=cache)
    report = run_watch(
        source, state_dir=tmp_path / "state", out_dir=tmp_path / "out", toolkit=quick_toolkit(), runner=recorded_pip
    )
    assert [str(r.step.folder) for r in report.steps] == ["botocore/1.13.1..1.13.2"]
    assert calls == []  # not one pip call


def test_offline_an_uncached_release_fails_clearly(tmp_path: Path, network_cut: None) -> None:
    assert os.environ["PIP_INDEX_URL"].startswith("http://127.0.0.1:9/")
    with pytest.raises(InputError, match=r"botocore==1\.13\.4: cannot download botocore 1\.13\.4"):
        fetch_wheel("1.13.4", tmp_path / "wheels")  # the real pip, against the dead index


def test_a_download_lands_in_the_cache_whole(tmp_path: Path) -> None:
    cache = tmp_path / "wheels"

    def fake_pip(args):
        # pip is told to download into a scratch folder, never into the cache itself
        target = Path(args[args.index("-d") + 1])
        assert target.parent == cache and target.name.startswith(".download-")
        build_wheel("1.13.2", target)
        return subprocess.CompletedProcess(args, 0, stdout="", stderr="")

    wheel = fetch_wheel("1.13.2", cache, runner=fake_pip)
    assert wheel == cache / "botocore-1.13.2-py2.py3-none-any.whl" and wheel.is_file()
    assert [p.name for p in cache.iterdir()] == [wheel.name]  # the scratch folder is gone
    assert fetch_wheel("1.13.2", cache, runner=no_pip) == wheel
