"""Helpers for the watch tests: small botocore wheels built from the real fixtures, and fake steps."""

from __future__ import annotations

import gzip
import os
import signal
import zipfile
from pathlib import Path
from typing import NoReturn

from specdiff.compare.changes import Change, Comparison, Rule, Severity
from specdiff.compare.diff import input_info
from specdiff.job.steps import Toolkit, default_toolkit
from specdiff.model import Spec

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "models"

# Three consecutive botocore releases, cut down to two services; each model is the real one
# of that release (sagemaker changed in 1.13.2, elasticache in 1.13.3; 1.13.1 and 1.13.2
# carry the same elasticache model).
RELEASES = {
    "1.13.1": {"sagemaker": "sagemaker-1.13.1", "elasticache": "elasticache-1.13.2"},
    "1.13.2": {"sagemaker": "sagemaker-1.13.2", "elasticache": "elasticache-1.13.2"},
    "1.13.3": {"sagemaker": "sagemaker-1.13.2", "elasticache": "elasticache-1.13.3"},
}
API_VERSIONS = {"sagemaker": "2017-07-24", "elasticache": "2015-02-02"}
RELEASED = {"1.13.1": (2019, 10, 23, 22, 59, 54), "1.13.2": (2019, 10, 24, 18, 10, 14), "1.13.3": (2019, 10, 28, 19, 56, 32)}


def model_bytes(fixture: str) -> bytes:
    return gzip.decompress((FIXTURES / f"{fixture}.json.gz").read_bytes())


def build_wheel(version: str, cache: Path) -> Path:
    """A botocore wheel holding only ``botocore/data/<service>/<api>/service-2.json`` files."""
    cache.mkdir(parents=True, exist_ok=True)
    wheel = cache / f"botocore-{version}-py2.py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("botocore/__init__.py", f"__version__ = {version!r}\n")
        # the real release days (the built wheels' metadata times)
        metadata = zipfile.ZipInfo(f"botocore-{version}.dist-info/METADATA", date_time=RELEASED[version])
        archive.writestr(metadata, f"Name: botocore\nVersion: {version}\n")
        for service, fixture in sorted(RELEASES[version].items()):
            archive.writestr(f"botocore/data/{service}/{API_VERSIONS[service]}/service-2.json", model_bytes(fixture))
    return wheel


def quick_toolkit() -> Toolkit:
    """The real comparison and notes, without the stub patch (black makes it the slow part)."""
    real = default_toolkit()
    return Toolkit(
        compare=real.compare,
        render_notes=real.render_notes,
        render_changes=real.render_changes,
        page_changes=real.page_changes,
        render_page=real.render_page,
    )


# Fake steps: module-level so that a process pool can send them to its workers.


def fake_compare(old: Spec, new: Spec, *, docs: bool = False) -> Comparison:
    changes = []
    for name in sorted(set(old.services) | set(new.services)):
        before, after = old.services.get(name), new.services.get(name)
        if before != after:
            counts = (len(before.operations) if before else 0, len(after.operations) if after else 0)
            changes.append(
                Change(
                    rule=Rule.OPERATION_ADDED,
                    severity=Severity.BREAKING if counts[1] < counts[0] else Severity.INFO,
                    service=name,
                    operation=None,
                    direction=None,
                    path="",
                    message=f"{counts[0]} -> {counts[1]} operations",
                    extra={"pid": os.getpid()},  # which process compared it
                )
            )
    return Comparison(old=input_info(old), new=input_info(new), changes=tuple(changes))


def fake_notes(comparison: Comparison, fmt: str) -> str:
    lines = [f"{fmt} {comparison.old.version}..{comparison.new.version}"]
    lines += [f"{c.service}: {c.message}" for c in comparison.changes]
    return "\n".join(lines) + "\n"


def fake_changes(comparison: Comparison) -> str:
    return "".join(f"{c.service} {c.rule.value}\n" for c in comparison.changes)


FAKE = Toolkit(compare=fake_compare, render_notes=fake_notes, render_changes=fake_changes)


# A worker that dies for real, as the out-of-memory killer ends one (SIGKILL) or as a crash
# of the interpreter does (SIGSEGV). Only ever in a worker: never the test's own process.


def killed_compare(old: Spec, new: Spec, **kwargs: object) -> Comparison:
    _die(signal.SIGKILL)


def crashing_compare(old: Spec, new: Spec, **kwargs: object) -> Comparison:
    _die(signal.SIGSEGV)


def _die(how: signal.Signals) -> NoReturn:
    import multiprocessing
    import resource

    if multiprocessing.parent_process() is None:
        raise AssertionError("a dying step ran in the test's own process, not in a worker")
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file
    os.kill(os.getpid(), how)
    raise AssertionError("still alive")


def killed_format(text: str) -> str:
    _die(signal.SIGKILL)
