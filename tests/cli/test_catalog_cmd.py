"""``hvcheck catalog list`` and ``hvcheck catalog show``, through the real command."""

from __future__ import annotations

import json
from pathlib import Path

from hvcheck.catalog import default_catalog_dir
from tests.cli.helpers import hvcheck

USER = """\
apiVersion: hvcheck/v1
kind: Catalog
sources:
  lab: {title: Our lab's ESXi sizing notes, url: "https://example.org/esxi-sizing"}
releases:
  - {product: esxi, version: "9.0", name: VMware ESXi 9.0 (lab), sources: [lab]}
host_requirements:
  - id: esxi-8.0-onward
    product: esxi
    min_version: "8.0"
    recommended_memory_gb: 32
    sources: [lab]
"""


def test_list_names_every_bundled_file_with_its_sections() -> None:
    run = hvcheck("catalog", "files")
    assert run.code == 0, run.err
    heads = [line for line in run.out.splitlines() if not line.startswith(" ")]
    assert heads and all(h.endswith("  (bundled)") for h in heads)
    listed = [Path(h.removesuffix("  (bundled)")).name for h in heads]
    bundled = sorted(p.name for p in default_catalog_dir().iterdir() if p.suffix == ".yaml")
    assert [n for n in listed if n.endswith(".yaml")] == bundled
    block = run.out[run.out.index("/releases.yaml  (bundled)") :].split("\n/", 1)[0]
    for section in ("sources", "releases", "host_requirements"):
        assert f"\n  {section}  " in block, section


def test_list_json_counts_entries_and_marks_user_files(tmp_path: Path) -> None:
    user = tmp_path / "lab.yaml"
    user.write_text(USER, encoding="utf-8")
    run = hvcheck("catalog", "files", "--catalog", str(user), "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["version"] == 1
    files = {Path(f["path"]).name: f for f in data["files"]}
    releases = files["releases.yaml"]
    assert releases["origin"] == "bundled" and releases["documents"] == 1
    assert releases["sections"]["releases"] >= 30
    assert releases["sections"]["host_requirements"] >= 20
    assert data["files"][-1]["path"] == str(user)
    assert data["files"][-1]["origin"] == "--catalog"
    assert data["files"][-1]["sections"] == {"sources": 1, "releases": 1, "host_requirements": 1}


def test_show_release_prints_its_requirements_and_sources() -> None:
    run = hvcheck("catalog", "show", "release", "esxi", "8.0")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].startswith("release esxi 8.0  (") and "releases.yaml" in lines[0]
    assert "  name: VMware ESXi 8.0" in lines
    assert "requirements:" in lines
    assert "  min_memory_gb: 8  [esxi-7.0-onward]" in lines
    assert "  recommended_memory_gb: 12  [esxi-8.0-onward]" in lines
    assert "  nx: required  [esxi-nx-from-5.1]" in lines
    assert "sources:" in lines
    assert any(line.startswith("  - vmware-esxi-80-hw: VMware, ESXi 8.0") for line in lines)
    # A release is found the way a host's version is: "8.0U2b" is 8.0 U2.
    json_run = hvcheck("catalog", "show", "release", "esxi 8.0U2b", "-f", "json")
    data = json.loads(json_run.out)
    assert data["id"] == "esxi 8.0 U2"
    assert data["requirements"]["boot_device"]["value"]["min_size_gb"] == 32
    assert {s["id"] for s in data["sources"]} >= {"vmware-esxi-80-hw", "vmware-esxi-70-hw"}


def test_show_product_device_model_and_host_requirement() -> None:
    product = hvcheck("catalog", "show", "product", "hyper-v")
    assert product.code == 0, product.err
    assert product.out.startswith("product hyperv  (")
    assert "  architecture: type1-microkernel" in product.out
    client = json.loads(hvcheck("catalog", "show", "product", "hyperv-client", "-f", "json").out)
    assert client["entry"]["parent_arch"] == ["x64"]
    model = json.loads(hvcheck("catalog", "show", "device-model", "vmxnet3", "-f", "json").out)
    assert model["kind"] == "device-model" and model["entry"]["mode"] == "paravirtual"
    assert model["file"].endswith("device-models.yaml")
    assert all(s["title"] and s["id"] in model["entry"]["sources"] for s in model["sources"])
    req = hvcheck("catalog", "show", "host-requirement", "kvm-all")
    assert req.code == 0 and "  kvm_host:" in req.out and "libvirt-virt-host-validate" in req.out
    source = hvcheck("catalog", "show", "source", "xen-support-pvh")
    assert source.code == 0 and "SUPPORT.md" in source.out


def test_unknown_entries_exit_2_with_a_suggestion() -> None:
    run = hvcheck("catalog", "show", "device-model", "pvscsy")
    assert run.code == 2 and run.out == ""
    assert "unknown device-model 'pvscsy'; did you mean 'pvscsi'?" in run.err
    release = hvcheck("catalog", "show", "release", "esxi", "8.9")
    assert release.code == 2
    assert "unknown release 'esxi 8.9'; did you mean 'esxi 8.0'?" in release.err
    product = hvcheck("catalog", "show", "product", "hyperx")
    assert product.code == 2 and "did you mean 'hyperv'?" in product.err
    kind = hvcheck("catalog", "show", "widget", "x")
    assert kind.code == 2


def test_a_user_catalog_overrides_an_entry(tmp_path: Path) -> None:
    user = tmp_path / "lab.yaml"
    user.write_text(USER, encoding="utf-8")
    run = hvcheck("catalog", "show", "release", "esxi", "9.0", "--catalog", str(user), "-f", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["file"] == str(user)
    reqs = data["requirements"]
    assert reqs["recommended_memory_gb"] == {"value": 32, "from": "esxi-8.0-onward"}
    assert reqs["min_memory_gb"] == {"value": 8, "from": "esxi-7.0-onward"}
    entries = {e["id"]: e["file"] for e in data["requirement_entries"]}
    assert entries["esxi-8.0-onward"] == str(user)
    assert entries["esxi-7.0-onward"].endswith("releases.yaml")
    assert "Our lab's ESXi sizing notes" in run.out
    shown = hvcheck(
        "catalog", "show", "host-requirement", "esxi-8.0-onward", "--catalog", str(user)
    )
    assert shown.out.startswith(f"host-requirement esxi-8.0-onward  ({user})")


def test_an_invalid_user_catalog_is_reported_with_its_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "apiVersion: hvcheck/v1\nkind: Catalog\nhost_requirements:\n"
        "  - {id: x, product: esxi, min_cores: zero, sources: [nowhere]}\n",
        encoding="utf-8",
    )
    for args in (["files"], ["list", "product"], ["show", "product", "esxi"]):
        run = hvcheck("catalog", *args, "--catalog", str(bad))
        assert run.code == 2
        assert run.out == ""
        assert f"{bad}:4:39: HV0004 error" in run.err
        assert "invalid catalog" in run.err
