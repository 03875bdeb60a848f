"""Writing stub packages: each package is swapped in whole, or the old one stays."""

from __future__ import annotations

from pathlib import Path

import pytest

import specdiff.stubs as stubs
from specdiff.errors import SpecdiffError
from specdiff.loaders import load

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
OLD = FIXTURES / "models" / "sagemaker-1.13.1.json.gz"
NEW = FIXTURES / "models" / "sagemaker-1.13.2.json.gz"


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_rewrite_leaves_no_stale_file_and_no_staging_folder(tmp_path: Path) -> None:
    stubs.write_stubs(load(OLD), tmp_path, format=False)
    stale = tmp_path / "specdiff-stubs-sagemaker" / "sagemaker_stubs" / "leftover.pyi"
    stale.write_text("x: int\n", encoding="utf-8")
    stubs.write_stubs(load(NEW), tmp_path, format=False)
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["specdiff-stubs-boto3", "specdiff-stubs-sagemaker"]
    assert _tree(tmp_path) == {
        path: text.encode("utf-8") for path, text in stubs.render_stubs(load(NEW), format=False).items()
    }


def test_a_failed_write_keeps_the_previous_package_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stubs.write_stubs(load(OLD), tmp_path, format=False)
    before = _tree(tmp_path)
    calls = {"n": 0}
    real = stubs.write_atomic

    def failing(path, text, **kw):  # the third file fails, as a full disk would
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(path, text, **kw)

    monkeypatch.setattr(stubs, "write_atomic", failing)
    with pytest.raises(SpecdiffError, match="No space left on device"):
        stubs.write_stubs(load(NEW), tmp_path, format=False)
    assert _tree(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["specdiff-stubs-boto3", "specdiff-stubs-sagemaker"]
