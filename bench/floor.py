"""The floor of a catalog comparison: the work no comparison of two data folders can avoid.

    python bench/floor.py OLD_DATA NEW_DATA [--all]

Standard library only, so that it measures the files and not specdiff. For every service
(the newest ``<service>/<api-version>/`` of each, as botocore picks it), the model
``service-2.json[.gz]`` and the ``paginators-1.json[.gz]`` and ``waiters-2.json[.gz]``
beside it are the service's files. By default:

- each file's identity is read without reading the file: a gzip file's last 8 bytes (its
  trailer: CRC32 and size of the content), a plain file's size;
- only the services whose identities differ, or that one side alone holds, are read,
  decompressed and JSON-parsed (both sides).

That is a lower bound: it trusts a trailer that matches (a comparison must also confirm
the content is the same) and builds nothing from what it parses. ``--all`` parses every
file of both folders instead: the baseline for two catalogs far apart, where nearly every
service changed. The last line printed says what was done.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
from pathlib import Path

BESIDE = ("service-2", "paginators-1", "waiters-2")


def service_folders(data: Path) -> dict[str, Path]:
    """Each service's newest API-version folder that holds a model."""
    newest: dict[str, Path] = {}
    for model in [*data.glob("*/*/service-2.json"), *data.glob("*/*/service-2.json.gz")]:
        folder = model.parent
        service = folder.parent.name
        if service not in newest or folder.name > newest[service].name:
            newest[service] = folder
    return newest


def files_of(folder: Path) -> list[Path]:
    found = []
    for stem in BESIDE:
        for name in (f"{stem}.json", f"{stem}.json.gz"):
            path = folder / name
            if path.is_file():
                found.append(path)
                break
    return found


def identity(path: Path) -> tuple[str, object]:
    if path.name.endswith(".gz"):
        with path.open("rb") as handle:
            handle.seek(-8, os.SEEK_END)
            return (path.name, handle.read(8))
    return (path.name, path.stat().st_size)


def parse(path: Path) -> object:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return json.loads(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--all", action="store_true", help="Parse every file of both folders.")
    options = parser.parse_args()
    old, new = service_folders(options.old), service_folders(options.new)
    parsed = files = 0
    for service in sorted(old.keys() | new.keys()):
        before = files_of(old[service]) if service in old else []
        after = files_of(new[service]) if service in new else []
        files += len(before) + len(after)
        if not options.all and before and after:
            if [identity(p) for p in before] == [identity(p) for p in after]:
                continue
        for path in (*before, *after):
            parse(path)
            parsed += 1
    services = len(old.keys() | new.keys())
    print(f"{services} services, {files} files, {parsed} parsed")


if __name__ == "__main__":
    main()
