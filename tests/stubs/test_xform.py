"""Method names: every operation of botocore's whole catalog is named as botocore's own xform_name names it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from specdiff.stubs.naming import method_name, snake_case

botocore = pytest.importorskip("botocore", reason="botocore (a test dependency) holds the catalog and xform_name")


def _catalog_operations() -> list[str]:
    """Every operation name of every service model the installed botocore ships (all API versions)."""
    data = Path(botocore.__file__).parent / "data"
    names: set[str] = set()
    for path in sorted(data.glob("*/*/service-2.json*")):
        raw = path.read_bytes()
        model = json.loads(gzip.decompress(raw) if path.name.endswith(".gz") else raw)
        names.update(model.get("operations", {}))
    return sorted(names)


def test_every_operation_of_the_catalog_gets_botocores_method_name() -> None:
    operations = _catalog_operations()
    assert len(operations) > 15_000  # the whole catalog, not a sample
    wrong = {op: (snake_case(op), botocore.xform_name(op)) for op in operations if snake_case(op) != botocore.xform_name(op)}
    assert wrong == {}
    # and the sanitising step leaves every real name as it is
    assert [op for op in operations if method_name(op) != botocore.xform_name(op)] == []
