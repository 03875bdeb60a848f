"""Installable stub distributions: one per service, and the one that types ``boto3`` itself."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from specdiff.model import Spec
from specdiff.stubs.clientclass import import_statement
from specdiff.stubs.naming import NameAllocator, docstring, py_str

#: the folder (and distribution) name of the distribution typing ``boto3`` itself
BOTO3_FOLDER = "specdiff-stubs-boto3"
#: the package a stub-only distribution of ``boto3`` provides (PEP 561)
BOTO3_PACKAGE = "boto3-stubs"

# What the generated stubs import at type-checking time: botocore's own types
# (StreamingBody, ClientError, PageIterator, EventStream...) come from botocore-stubs,
# the maintained stubs of botocore; typing_extensions gives Unpack and NotRequired on 3.10.
SERVICE_DEPENDENCIES = ("botocore-stubs", "typing-extensions>=4.5")
BOTO3_DEPENDENCIES = ("botocore-stubs",)

# A public PEP 440 version as pip writes them (1.44.8, 2.0rc1, 1.0.post2); a page's
# date label (2019-10-24) becomes 2019.10.24; anything else is 0.
_VERSION = re.compile(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Distribution:
    """One distribution: ``folder`` under the output folder is also its name."""

    folder: str
    version: str
    description: str
    package: str  # the folder inside it that holds the modules
    dependencies: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.folder


@dataclass(frozen=True)
class Boto3Client:
    """One service as the boto3 stubs see it: ``boto3.client(service)`` returns ``alias``."""

    service: str  # the service name, quoted
    module: str  # the service's stub package
    cls: str  # its client class
    alias: str  # the name the boto3 stubs import it as (unique among them)

    @property
    def import_line(self) -> str:
        return import_statement(f"{self.module}.client", [f"{self.cls} as {self.alias}"])


@dataclass(frozen=True)
class Boto3Model:
    """What the templates of the boto3 distribution need."""

    doc: str
    clients: tuple[Boto3Client, ...]


def distribution_version(spec: Spec) -> str:
    """The version every distribution of a spec carries: its botocore release or label."""
    return version_of(spec.version)


def version_of(label: str) -> str:
    """A release label as a distribution version (PEP 440), else 0."""
    label = label.strip()
    if _VERSION.fullmatch(label):
        return label
    date = _DATE.fullmatch(label)
    if date:
        return ".".join(str(int(part)) for part in date.groups())
    return "0"


def distribution_folder(package: str) -> str:
    """The folder and distribution name of a service's stub package: ``specdiff-stubs-sagemaker``."""
    return "specdiff-stubs-" + package.removesuffix("_stubs").replace("_", "-")


def service_distribution(service: str, package: str, version: str) -> Distribution:
    """A service's distribution: named, versioned and described by the service name alone
    (not its title), so that a patch can carry it without the model."""
    label = f"botocore {version}" if version != "0" else "a botocore model"
    return Distribution(
        folder=distribution_folder(package),
        version=version,
        description=f"Type stubs for the boto3 {service} client from {label}, written by specdiff",
        package=package,
        dependencies=SERVICE_DEPENDENCIES,
    )


def boto3_distribution(version: str) -> Distribution:
    return Distribution(
        folder=BOTO3_FOLDER,
        version=version,
        description="Type stubs for boto3.client and Session.client over the services specdiff typed",
        package=BOTO3_PACKAGE,
        dependencies=BOTO3_DEPENDENCIES,
    )


def boto3_model(clients: list[tuple[str, str, str]], version: str) -> Boto3Model:
    """The boto3 stubs' model from (service name, package, client class), in service name order."""
    aliases = NameAllocator({"Any", "Config", "Literal", "Session", "logging", "overload"})
    return Boto3Model(
        doc=docstring(
            f"boto3 typed by specdiff: boto3.client and Session.client resolve by service name "
            f"for {len(clients)} service{'' if len(clients) == 1 else 's'} (stubs version {version})."
        ),
        clients=tuple(
            Boto3Client(service=py_str(service), module=package, cls=cls, alias=aliases.take(f"_{cls}"))
            for service, package, cls in clients
        ),
    )


def toml_str(text: str) -> str:
    """A TOML basic string holding ``text``: JSON's escapes are TOML's, DEL aside."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
