"""``hvcheck init``: write a complete, commented starting host description for a product.

The templates (``hvcheck/cli/templates/<product>.yaml``) describe a small, healthy host: CPU and
firmware, one or two physical devices with their drivers where the architecture runs them, the
parent partition where there is one, and one guest. Before anything is written the text is
checked with the bundled catalogs, as ``hvcheck check`` would; a template that does not check
clean (no error, no warning) for the chosen release is never written. The file is written
atomically, and never over an existing file without ``--force``.
"""

from __future__ import annotations

import os
import string
from typing import Any

from hvcheck.cli.output import EXIT_OK, emit, err, fail
from hvcheck.cli.spec import Command, argument, option


def _products() -> list[str]:
    from importlib import resources

    return sorted(
        p.name.removesuffix(".yaml")
        for p in resources.files("hvcheck.cli").joinpath("templates").iterdir()
        if p.name.endswith(".yaml")
    )


def _release_number(version: str) -> tuple[int, ...]:
    digits = [int(part) for part in version.replace(".", " ").split() if part.isdigit()]
    return tuple(digits)


def _candidates(product: Any, version: str) -> list[dict[str, str]]:
    """The substitutions to try for a release, best first (the first that checks clean wins)."""
    pid = product.id
    base = {"product": pid, "product_name": product.name, "version": version}
    if pid in ("hyperv", "hyperv-client"):
        os_name = f"Windows Server {version}" if pid == "hyperv" else f"Windows {version}"
        gen2 = {
            "generation": "2",
            "boot_model": "synthetic-scsi",
            "boot_mode": "synthetic",
            "data_controller": "",
        }
        gen1 = {  # a generation 1 VM boots from IDE; a SCSI controller takes data disks live
            "generation": "1",
            "boot_model": "ide-controller",
            "boot_mode": "emulated",
            "data_controller": "        - {id: vm01-scsi0, kind: storage, model: synthetic-scsi, "
            "mode: synthetic, served_by: root}\n",
        }
        return [{**base, "parent_os": os_name, "guest_os": os_name, **gen} for gen in (gen2, gen1)]
    if pid == "esxi":
        native = _release_number(version) >= (5, 5)
        driver = (
            {"nic_driver": "igbn", "driver_kind": "native"}
            if native
            else {
                "nic_driver": "igb",
                "driver_kind": "vmklinux",
            }
        )
        return [
            {**base, **driver, "guest_os": guest}
            for guest in ("Windows Server 2019", "Windows Server 2012 R2", "Windows Server 2008 R2")
        ]
    if pid == "kvm":
        field = f', version: "{version}"' if version else ""
        return [{**base, "version_field": field}]
    if pid in ("virtual-server", "virtual-pc", "windows-virtual-pc"):
        hosts = [
            ("Windows Server 2003 R2", "SP2", "", "x64"),
            ("Windows Server 2003", "SP2", "", "x86"),
            ("Windows XP", "SP3", "Professional", "x86"),
            ("Windows 7", "SP1", "Professional", "x64"),
        ]
        return [
            {
                **base,
                "host_os": name,
                "host_os_version": sp,
                "host_edition": f", edition: {edition}" if edition else "",
                "host_arch": arch,
                # example drivers: Intel PRO/1000 MT, 64-bit or 32-bit Windows
                "nic_driver": "e1g6032e" if arch == "x64" else "e1000325",
                "driver_kind": f"windows-{arch}",
            }
            for name, sp, edition, arch in hosts
        ]
    return [base]


def render(catalog: Any, product: Any, version: str, name: str) -> str | None:
    """The first candidate text for ``product`` at ``version`` that checks clean, or None."""
    from importlib import resources

    from hvcheck.api import check_text

    template = string.Template(
        resources.files("hvcheck.cli")
        .joinpath("templates", f"{product.id}.yaml")
        .read_text(encoding="utf-8")
    )
    for values in _candidates(product, version):
        text = template.substitute({**values, "name": name})
        report = check_text(text, "init.yaml", catalog=catalog)
        if not any(f.severity.label != "info" and not f.unknown for f in report.findings):
            return text
    return None


def run(values: dict[str, Any]) -> int:
    from hvcheck.catalog.describe import UnknownEntry, release_of
    from hvcheck.cli.commands._catalogs import load_catalog_or_exit

    if not values["product"]:
        raise fail(f"--product is required; one of: {', '.join(_products())}")
    catalog = load_catalog_or_exit([])
    product = catalog.product(values["product"])
    if product is None or product.id not in _products():
        known = ", ".join(_products())
        raise fail(f"unknown product '{values['product']}'; hvcheck init knows: {known}")
    try:
        version = release_of(catalog, product.id, values["release"])
    except UnknownEntry as exc:
        raise fail(str(exc)) from None
    output = values["output"] or "host.yaml"
    if output != "-" and os.path.lexists(output) and not values["force"]:
        raise fail(f"{output} exists; use --force to replace it")
    name = values["name"] or f"{product.id}-host-01"
    text = render(catalog, product, version, name)
    if text is None:
        raise fail(
            f"no starting host of hvcheck init checks clean for {product.name} {version} with "
            "these catalogs; please report this"
        )
    emit(text, output)
    if output != "-":
        shown = f"{product.name} {version}".strip()
        err(f"wrote {output}: a starting host for {shown}; edit it, then hvcheck check {output}")
    return EXIT_OK


COMMAND = Command(
    "init",
    "Write a complete, commented starting host description for a product (and release).",
    (
        argument(
            "output",
            metavar="FILE",
            required=False,
            help="Where to write it (default: host.yaml; - is standard output).",
        ),
        option(
            "product",
            "--product",
            "-p",
            metavar="PRODUCT",
            help="The hypervisor product (hvcheck catalog list product).",
        ),
        option(
            "release",
            "--release",
            "-r",
            metavar="RELEASE",
            help="The product release (default: the newest in the catalogs; hvcheck catalog list "
            "release --product PRODUCT).",
        ),
        option("name", "--name", metavar="NAME", help="The host's name (metadata.name)."),
        option("force", "--force", kind="flag", help="Replace FILE if it exists."),
    ),
    run,
)
