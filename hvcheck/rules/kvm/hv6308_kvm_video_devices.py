"""HV6308 kvm-video-devices."""

from __future__ import annotations

from collections.abc import Iterator

from hvcheck.findings import Severity
from hvcheck.rules.base import HOSTED, Rule, Violation
from hvcheck.rules.context import HostContext
from hvcheck.rules.kvm._machine import plays


class KvmVideoDevices(Rule):
    """Give a VM secondary video devices only of the models that can be secondary.

    Why: libvirt takes one primary video device; any further one must be QXL or virtio ("video type
    '%s' is only valid as primary video device", src/qemu/qemu_validate.c), and a video device of
    type "none" must be the only one ("a 'none' video type must be the only video device",
    src/conf/domain_validate.c). The first video device a VM lists is its primary one; the models
    that may be secondary are the `secondary-video` entry of `model_roles` in
    catalogs/kvm-machines.yaml.

    Fail:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-two-vga}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: desk
          role: child
          machine: pc-q35-8.2
          os: {family: linux, name: Fedora, version: "40", arch: x64}
          devices:
            - {id: desk-video0, kind: video, model: qxl, mode: emulated, served_by: host-os}
            - {id: desk-video1, kind: video, model: cirrus, mode: emulated, served_by: host-os}
    ```

    Pass:

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-two-heads}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: desk
          role: child
          machine: pc-q35-8.2
          os: {family: linux, name: Fedora, version: "40", arch: x64}
          devices:
            - {id: desk-video0, kind: video, model: stdvga, mode: emulated, served_by: host-os}
            - {id: desk-video1, kind: video, model: qxl, mode: emulated, served_by: host-os}
    ```

    Unstated (a single video device, nothing to compare):

    ```yaml
    apiVersion: hvcheck/v1
    kind: Host
    metadata: {name: kvm-one-head}
    spec:
      hypervisor: {product: kvm, version: "8.2"}
      host_os: {family: linux, name: Rocky Linux, version: "9.4", arch: x64}
      partitions:
        - id: desk
          role: child
          os: {family: linux, name: Fedora, version: "40", arch: x64}
          devices:
            - {id: desk-video0, kind: video, model: cirrus, mode: emulated, served_by: host-os}
    ```
    """

    code = "HV6308"
    name = "kvm-video-devices"
    default_severity = Severity.ERROR
    architectures = (HOSTED,)
    traits = ("qemu-devices",)
    sources = ("libvirt-qemu-validate", "libvirt-domain-validate")

    def check(self, ctx: HostContext) -> Iterator[Violation]:
        for _at, part in ctx.partitions("child"):
            videos = [(a, d) for a, d in ctx.devices_of(part) if d.kind == "video"]
            if len(videos) < 2:
                continue
            nones = [(a, d) for a, d in videos if d.model == "none"]
            if nones:
                yield Violation(
                    nones[0][0] / "model",
                    f"VM '{part.id}' has a video device of model 'none' and {len(videos) - 1} "
                    "other; a 'none' video device must be the only one",
                )
                continue
            for dev_at, dev in videos[1:]:
                if not plays(ctx, dev, "secondary-video"):
                    yield Violation(
                        dev_at / "model",
                        f"'{dev.id}' ({dev.model}) is a secondary video device of VM '{part.id}'; "
                        "only QXL and virtio video can be secondary, any other model only primary",
                    )
