"""The cluster format (``kind: Cluster``): member host files and what they share."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from hvcheck.model.host import Id, Text, _Strict
from hvcheck.model.host import Metadata as Metadata


class Member(_Strict):
    """One cluster member: a host described in another file."""

    host: Id = Field(description="The member host's metadata.name.")
    file: Text = Field(description="The file describing it, relative to this cluster file.")


class SharedResource(_Strict):
    """A network or storage that every member reaches through one of its physical devices."""

    name: Id = Field(description="Name of the network or storage (e.g. vm-network, san-a).")
    devices: dict[Id, Id] = Field(
        description="For each member host name, the id of its physical device that connects to it."
    )


class CpuCompatibility(_Strict):
    """The cluster's CPU compatibility setting for live migration."""

    mode: Literal["none", "evc", "processor-compatibility"] = Field(
        description=(
            "none, VMware EVC, or Hyper-V processor compatibility (both hide newer CPU features)."
        )
    )
    baseline: Text | None = Field(None, description='EVC baseline, e.g. "intel-cascadelake".')


class ClusterSpec(_Strict):
    """A set of hosts between which virtual machines live-migrate."""

    members: list[Member] = Field(min_length=1, description="The member hosts.")
    cpu_compatibility: CpuCompatibility = Field(
        default_factory=lambda: CpuCompatibility(mode="none"),
        description="CPU compatibility mode for live migration.",
    )
    networks: list[SharedResource] = Field(default_factory=list, description="Shared networks.")
    storage: list[SharedResource] = Field(default_factory=list, description="Shared storage.")


class ClusterDocument(_Strict):
    """A cluster description: one YAML document with ``kind: Cluster``."""

    api_version: Literal["hvcheck/v1"] = Field(alias="apiVersion", description="Format version.")
    kind: Literal["Cluster"] = Field(description="Document kind.")
    metadata: Metadata = Field(description="Name, description and labels.")
    spec: ClusterSpec = Field(description="Members and shared resources.")
