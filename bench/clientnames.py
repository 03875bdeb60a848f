"""Measure how many services of a botocore catalog a model file read alone names as boto3 does.

    python bench/clientnames.py [--version 1.40.0 ...] [--cache DIR] [--table]

boto3 names a client after its model's data folder (``stepfunctions``, ``logs``). A model
file read on its own, outside that layout, is named from its metadata
(``specdiff.loaders.clientnames``). For every model of each release's data folder (every
API version), this counts the models whose name from metadata differs from their folder:
with the plain rule (the serviceId hyphenised, as before the mapping) and with the mapping.
``--table`` prints the mapping read from all the releases given, for
``specdiff/loaders/clientnames.py``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from benchkit import ROOT, default_cache

sys.path.insert(0, str(ROOT))

from specdiff.loaders.clientnames import client_name  # noqa: E402
from specdiff.loaders.wheels import botocore_data  # noqa: E402


def _metadata(path: Path) -> dict[str, object]:
    data = path.read_bytes()
    return json.loads(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)["metadata"]


def _hyphenised(metadata: dict[str, object]) -> str:
    return str(metadata.get("serviceId", "")).strip().lower().replace(" ", "-")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="append", default=None, help="botocore release (repeatable)")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--table", action="store_true", help="print the serviceId -> client name mapping")
    options = parser.parse_args()
    versions = options.version or ["1.40.0"]
    cache = options.cache or default_cache()
    table: dict[str, str] = {}
    for version in versions:
        data = botocore_data(version, cache)
        models = sorted(data.glob("*/*/service-2.json*"))
        services = sorted({p.parent.parent.name for p in models})
        plain_models = mapped_models = 0
        plain_services: set[str] = set()
        mapped_services: set[str] = set()
        for path in models:
            folder = path.parent.parent.name
            metadata = _metadata(path)
            if _hyphenised(metadata) != folder:
                plain_models += 1
                plain_services.add(folder)
                if metadata.get("serviceId"):
                    table[str(metadata["serviceId"]).strip()] = folder
            if client_name(metadata) != folder:
                mapped_models += 1
                mapped_services.add(folder)
        print(
            f"botocore {version}: {len(services)} services ({len(models)} models, every API version); "
            f"named otherwise than their folder from a single file: "
            f"serviceId hyphenised {len(plain_services)} services ({plain_models} models), "
            f"with the mapping {len(mapped_services)} services ({mapped_models} models)"
            + (f": {', '.join(sorted(mapped_services))}" if mapped_services else "")
        )
    if options.table:
        for service_id in sorted(table):
            print(f"    {service_id!r}: {table[service_id]!r},")


if __name__ == "__main__":
    main()
