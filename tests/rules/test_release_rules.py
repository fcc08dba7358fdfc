"""The generic release-fact rules on hosts too large to write as case files."""

from __future__ import annotations

from pathlib import Path

from hvcheck.catalog import Catalog
from hvcheck.engine import check_text
from tests.cli.helpers import hvcheck
from tests.conftest import EXAMPLES

ROOT = (
    "    - {id: root, role: parent, os: {family: windows, name: Windows Server 2022, arch: x64}}\n"
)


def _hyperv(children: int, cpu: str = "") -> str:
    vms = "".join(f"    - {{id: vm{i}, role: child}}\n" for i in range(children))
    return (
        "apiVersion: hvcheck/v1\nkind: Host\nmetadata: {name: big}\nspec:\n"
        '  hypervisor: {product: hyperv, version: "2022"}\n'
        f"{cpu}  partitions:\n{ROOT}{vms}"
    )


def test_more_virtual_machines_than_a_hyperv_server_supports(catalog: Catalog) -> None:
    over = check_text(_hyperv(1025), "big.yaml", catalog)
    found = [f for f in over.findings if f.code == "HV1304"]
    assert [f.message for f in found] == [
        "this host has 1,025 virtual machines; Microsoft Hyper-V 2022 supports at most 1,024 "
        "(running virtual machines per server): a larger host is not supported"
    ]
    assert found[0].severity.name == "ERROR"
    within = check_text(_hyperv(1024), "big.yaml", catalog)
    assert [f for f in within.findings if f.code == "HV1304"] == []


def test_logical_processors_follow_the_release(catalog: Catalog) -> None:
    cpu = "  cpu: {vendor: amd, arch: x86_64, sockets: 8, cores: 768, threads: 1536}\n"
    report = check_text(_hyperv(1, cpu), "big.yaml", catalog)
    assert [f.message for f in report.findings if f.code == "HV1304"] == [
        "this host has 1,536 logical processors; Microsoft Hyper-V 2022 supports at most 1,024: "
        "a larger host is not supported"
    ]


def test_the_kvm_validation_rules_read_model_roles_from_the_catalog(tmp_path: Path) -> None:
    """A model the catalog gives the secondary-video role is accepted as a second head (HV6308):
    the rule holds no model list of its own."""
    host = tmp_path / "h.yaml"
    host.write_text(
        (EXAMPLES / "broken" / "HV6308-kvm-video-devices.yaml").read_text(encoding="utf-8")
    )
    extra = tmp_path / "roles.yaml"
    extra.write_text(
        "apiVersion: hvcheck/v1\nkind: Catalog\n"
        "sources:\n  mine: {title: our lab notes, url: 'https://example.org/lab'}\n"
        "release_facts:\n  model_roles:\n"
        "    - {products: [kvm], role: secondary-video, models: [cirrus], sources: [mine]}\n"
    )
    before = hvcheck("check", "--select", "HV6308", str(host))
    after = hvcheck("check", "--select", "HV6308", "--catalog", str(extra), str(host))
    assert before.code == 1 and "HV6308 error" in before.out
    assert after.code == 0, after.out + after.err
