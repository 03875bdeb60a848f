"""Catalogs read lazily: identical services are passed by unread, and the result is the same to the byte."""

from __future__ import annotations

import gzip
import zlib
from dataclasses import replace
from pathlib import Path
from typing import cast

import pytest

from specdiff.compare import diff
from specdiff.compare.changes import Comparison
from specdiff.compare.diff import compare
from specdiff.loaders import load, load_catalog
from specdiff.loaders.catalog import CatalogServices, find_services, same_content, same_files
from specdiff.render.changelist import comparison_json
from specdiff.render.notes import FORMATS, render_notes
from specdiff.render.summary import render_summary
from specdiff.workers import can_fork

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MODELS = FIXTURES / "models"
SQS = FIXTURES / "botocore" / "1.34.89" / "sqs" / "2012-11-05"


def _content(name: str) -> bytes:
    return gzip.decompress((MODELS / name).read_bytes())


def _put(root: Path, service: str, filename: str, data: bytes) -> Path:
    path = root / service / "2019-01-01" / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _crc_twin(data: bytes) -> bytes:
    """Other bytes of the same length and the same CRC32: the last four chosen to make it so.

    CRC32 is affine in the message bits for a fixed length, so the four bytes solve a
    32x32 linear system over GF(2).
    """
    changed = bytearray(data)
    changed[0] ^= 0x01
    prefix = bytes(changed[:-4])
    base = zlib.crc32(prefix + b"\0\0\0\0")
    rows = []  # (effect on the CRC, the bit that has it)
    for bit in range(32):
        tail = (1 << bit).to_bytes(4, "little")
        rows.append((zlib.crc32(prefix + tail) ^ base, 1 << bit))
    want, solution = zlib.crc32(data) ^ base, 0
    for position in range(32):  # Gaussian elimination, one CRC bit at a time
        pivot = next((i for i in range(position, 32) if rows[i][0] >> position & 1), None)
        assert pivot is not None
        rows[position], rows[pivot] = rows[pivot], rows[position]
        for i in range(32):
            if i != position and rows[i][0] >> position & 1:
                rows[i] = (rows[i][0] ^ rows[position][0], rows[i][1] ^ rows[position][1])
    for position in range(32):
        if want >> position & 1:
            solution ^= rows[position][1]
    twin = prefix + solution.to_bytes(4, "little")
    assert twin != data and len(twin) == len(data) and zlib.crc32(twin) == zlib.crc32(data)
    return twin


def test_same_content_is_the_content_not_the_bytes(tmp_path: Path) -> None:
    data = _content("elasticache-1.13.2.json.gz")
    one = _put(tmp_path, "a", "m1.json.gz", gzip.compress(data, compresslevel=9, mtime=1_000_000))
    later = _put(tmp_path, "a", "m2.json.gz", gzip.compress(data, compresslevel=9, mtime=2_000_000))
    other_level = _put(tmp_path, "a", "m3.json.gz", gzip.compress(data, compresslevel=1, mtime=3_000_000))
    plain = _put(tmp_path, "a", "m4.json", data)
    assert one.read_bytes() != later.read_bytes() and one.read_bytes()[8:] != other_level.read_bytes()[8:]
    assert same_content(one, later)  # the header's time only
    assert same_content(one, other_level)  # compressed differently: the same content
    assert same_content(one, plain) and same_content(plain, other_level)  # gzipped or not

    same_size = data.replace(b"CacheCluster", b"CacheKluster")
    assert len(same_size) == len(data)
    assert not same_content(one, _put(tmp_path, "a", "m5.json.gz", gzip.compress(same_size, mtime=1_000_000)))
    assert not same_content(plain, _put(tmp_path, "a", "m6.json", same_size))  # same size, plain
    # Same CRC32 and size in the trailer, other content: the trailer alone would be fooled.
    twin = _crc_twin(data)
    twin_gz = _put(tmp_path, "a", "m7.json.gz", gzip.compress(twin, mtime=1_000_000))
    assert twin_gz.read_bytes()[-8:] == one.read_bytes()[-8:]
    assert not same_content(one, twin_gz)
    # A damaged file is the same as nothing: the loader reads it and says what is wrong.
    damaged = _put(tmp_path, "a", "m8.json.gz", one.read_bytes()[:-12] + one.read_bytes()[-8:])
    assert not same_content(one, damaged)


def catalogs(root: Path) -> tuple[Path, Path]:
    """Two small catalogs of real models, with every way a service can differ or not."""
    old, new = root / "old", root / "new"
    elasticache = _content("elasticache-1.13.2.json.gz")
    # the same content in other gzip bytes (another time, another level): unchanged
    _put(old, "elasticache", "service-2.json.gz", gzip.compress(elasticache, compresslevel=9, mtime=1_000_000))
    _put(new, "elasticache", "service-2.json.gz", gzip.compress(elasticache, compresslevel=6, mtime=2_000_000))
    # plain files of the same content: unchanged
    _put(old, "elasticache-plain", "service-2.json", _content("elasticache-1.13.3.json.gz"))
    _put(new, "elasticache-plain", "service-2.json", _content("elasticache-1.13.3.json.gz"))
    # two real releases of a model: changed
    _put(old, "sagemaker", "service-2.json.gz", (MODELS / "sagemaker-1.13.1.json.gz").read_bytes())
    _put(new, "sagemaker", "service-2.json.gz", (MODELS / "sagemaker-1.13.2.json.gz").read_bytes())
    # content changed, size not (an enum value renamed): changed
    groundstation = _content("groundstation-1.13.2.json.gz")
    renamed = groundstation.replace(b'"RIGHT_HAND"', b'"RIGHT_HANX"')
    assert len(renamed) == len(groundstation) and renamed != groundstation
    _put(old, "groundstation", "service-2.json.gz", gzip.compress(groundstation, mtime=1_000_000))
    _put(new, "groundstation", "service-2.json.gz", gzip.compress(renamed, mtime=1_000_000))
    # the same model, its paginators changed: changed (the service holds its paginators)
    sqs = (SQS / "service-2.json.gz").read_bytes()
    paginators = gzip.decompress((SQS / "paginators-1.json.gz").read_bytes())
    for side, limit in ((old, b'"MaxResults"'), (new, b'"MaxResultz"')):
        _put(side, "sqs", "service-2.json.gz", sqs)
        _put(side, "sqs", "paginators-1.json", paginators.replace(b'"MaxResults"', limit))
    # a service on the new side alone
    _put(new, "groundstation-next", "service-2.json.gz", (MODELS / "groundstation-1.35.0.json.gz").read_bytes())
    return old, new


UNCHANGED = {"elasticache", "elasticache-plain"}


def _outputs(old_root: Path, new_root: Path, *, lazy: bool) -> dict[str, str]:
    old, new = load_catalog(old_root, lazy=lazy), load_catalog(new_root, lazy=lazy)
    return _texts(compare(old, new))


def _texts(comparison: Comparison) -> dict[str, str]:
    """Every output of a comparison that reads no input again: the summary, JSON and the notes."""
    texts = {"text": render_summary(comparison), "json": comparison_json(comparison)}
    texts.update({fmt: render_notes(comparison, fmt) for fmt in FORMATS})
    return texts


def test_a_lazy_catalog_comparison_is_byte_identical_to_parsing_everything(tmp_path: Path) -> None:
    old_root, new_root = catalogs(tmp_path)
    lazy, eager = _outputs(old_root, new_root, lazy=True), _outputs(old_root, new_root, lazy=False)
    assert lazy == eager
    # what is compared is really there, and the summary still counts every service
    assert "RIGHT_HANX" in lazy["json"] and "sagemaker" in lazy["json"] and "groundstation-next" in lazy["json"]
    assert '"elasticache",' in lazy["json"] and '"elasticache-plain",' in lazy["json"]


def test_identical_services_are_neither_parsed_nor_built(tmp_path: Path) -> None:
    old_root, new_root = catalogs(tmp_path)
    old, new = load(old_root), load(new_root)
    assert isinstance(old.services, CatalogServices) and old.services.loaded == ()
    assert len(old.services) == 5 and len(new.services) == 6 and not old.partial  # nothing loaded to say so
    comparison = compare(old, new)
    assert set(old.services.loaded) == set(old.services) - UNCHANGED
    assert set(new.services.loaded) == set(new.services) - UNCHANGED
    assert comparison.old.services == tuple(sorted(old.services))  # still named on both sides
    assert comparison.new.services == tuple(sorted(new.services))
    # an output that needs a service builds it then: the same service as an eager load gives
    assert old.services["elasticache"] == load_catalog(old_root, lazy=False).services["elasticache"]


def test_same_files_take_a_services_paginators_and_waiters_with_its_model(tmp_path: Path) -> None:
    old_root, new_root = catalogs(tmp_path)
    old_files, new_files = find_services(old_root), find_services(new_root)
    assert old_files["sqs"].paginators is not None and old_files["sqs"].waiters is None
    assert same_content(old_files["sqs"].model, new_files["sqs"].model)
    assert not same_files(old_files["sqs"], new_files["sqs"])  # its model alone is the same
    assert same_files(old_files["elasticache"], new_files["elasticache"])


def test_a_damaged_model_the_comparison_needs_is_reported_when_read(tmp_path: Path) -> None:
    from specdiff.errors import InputError

    old_root, new_root = catalogs(tmp_path)
    model = new_root / "sagemaker" / "2019-01-01" / "service-2.json.gz"
    model.write_bytes(model.read_bytes()[:-100])
    with pytest.raises(InputError) as error:
        compare(load(old_root), load(new_root))
    assert str(model) in str(error.value)


def test_a_single_model_against_a_catalog_reads_only_its_twin(tmp_path: Path) -> None:
    old_root, new_root = catalogs(tmp_path)
    catalog = load(new_root)
    single = load(old_root / "sagemaker" / "2019-01-01" / "service-2.json.gz")
    comparison = compare(single, catalog)
    assert catalog.services.loaded == ("sagemaker",)  # type: ignore[attr-defined]
    assert comparison.changes == compare(single, replace(catalog, services=dict(catalog.services))).changes


def test_checking_the_command_line_selection_reads_no_service(tmp_path: Path) -> None:
    from specdiff.compare.selection import check_selection

    old_root, new_root = catalogs(tmp_path)
    old, new = load(old_root), load(new_root)
    check_selection((old, new), ["sage*"], None)
    assert old.services.loaded == () and new.services.loaded == ()  # type: ignore[attr-defined]
    check_selection((old, new), ["sage*"], ["Create*"])  # operations are read from the services chosen
    assert old.services.loaded == ("sagemaker",)  # type: ignore[attr-defined]


# ------------------------------------------------------------------ in several processes

needs_fork = pytest.mark.skipif(not can_fork(), reason="a comparison forks on Linux alone, with no other thread")


@needs_fork
@pytest.mark.parametrize("jobs", [2, 3, 8])
def test_a_comparison_in_several_processes_is_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    monkeypatch.setattr(diff, "PARALLEL_MIN_BYTES", 0)  # these catalogs are small: share them anyway
    old_root, new_root = catalogs(tmp_path)
    one = _outputs(old_root, new_root, lazy=True)
    old, new = load(old_root), load(new_root)
    assert _texts(compare(old, new, jobs=jobs)) == one
    # the work was shared: this process built only its own share of the changed services
    changed = set(new.services) - UNCHANGED
    assert isinstance(new.services, CatalogServices) and set(new.services.loaded) < changed
    assert len(diff._shares(old, new, sorted(changed), jobs)) == min(jobs, len(changed))


def test_a_comparison_with_little_to_compare_stays_in_one_process(tmp_path: Path) -> None:
    old_root, new_root = catalogs(tmp_path)
    old, new = load(old_root), load(new_root)
    names = sorted(set(new.services) - UNCHANGED)
    assert diff._shares(old, new, names, 4) == [names]  # a few hundred kilobytes: not worth a fork
    compare(old, new, jobs=4)
    assert set(cast(CatalogServices, new.services).loaded) == set(names)


DAMAGEABLE = ("groundstation", "groundstation-next", "sagemaker", "sqs")


@needs_fork
@pytest.mark.parametrize("damaged", [pair for i, a in enumerate(DAMAGEABLE) for pair in [(a,)] + [(a, b) for b in DAMAGEABLE[i + 1 :]]])
def test_several_processes_report_the_error_one_process_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damaged: tuple[str, ...]) -> None:
    from specdiff.errors import InputError

    monkeypatch.setattr(diff, "PARALLEL_MIN_BYTES", 0)
    old_root, new_root = catalogs(tmp_path)
    for name in damaged:
        model = new_root / name / "2019-01-01" / "service-2.json.gz"
        model.write_bytes(model.read_bytes()[:-100])
    errors = []
    for jobs in (1, 2, 4):
        with pytest.raises(InputError) as error:
            compare(load(old_root), load(new_root), jobs=jobs)
        errors.append(str(error.value))
    assert errors[0] == errors[1] == errors[2]
    assert f"/{damaged[0]}/" in errors[0]  # the first damaged service in name order
