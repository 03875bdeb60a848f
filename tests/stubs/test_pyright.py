"""basedpyright in strict mode passes on the generated distributions of every real and hostile fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from specdiff.loaders import load
from specdiff.stubs import write_stubs

from .checkers import pyright_errors

MODELS = Path(__file__).resolve().parents[2] / "fixtures" / "models"


@pytest.mark.parametrize(
    "fixture",
    ["botocore-1.44.8", "sagemaker-1.13.2.json.gz", "hostile/hostile.json", "elasticache-1.13.6.json.gz"],
)
def test_pyright_strict_passes(fixture: str, tmp_path: Path) -> None:
    write_stubs(load(MODELS / fixture), tmp_path)
    assert pyright_errors(tmp_path) == []
