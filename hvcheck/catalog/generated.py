"""The generated catalog tables (``catalogs/generated/``, built by ``scripts/build-catalogs``), as the
catalog carries them: where they are, read on first use.

Three tables, each far larger than every hand-written catalog together, so none is parsed when the
catalog loads: each is read on its first lookup (and not at all by a run that never asks), indexed
in memory for the rest of the process, and never stored in the catalog cache. Their readers and
lookups are in :mod:`hvcheck.catalog.gentables`, imported on that first lookup too.

* ``qemu.yaml``: QEMU's device models and machine types per version and architecture;
* ``linux-pci-aliases.tsv``: every PCI ``modules.alias`` pattern of Debian's kernels, per kernel;
* ``pci.ids``: the full PCI ID database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hvcheck.catalog.gentables import KernelAliasTable, PciIdsTable, QemuTable

QEMU_FILE = "qemu.yaml"
ALIASES_FILE = "linux-pci-aliases.tsv"
PCI_IDS_FILE = "pci.ids"

QEMU_PRODUCTS = ("kvm", "xen")
"""Products whose emulated devices are QEMU's: KVM, and Xen HVM guests through the qemu-xen
device model (xl.cfg(5) ``device_model_version``)."""
LINUX_PRODUCTS = ("kvm", "xen")
"""Products whose host (KVM) or dom0 and driver domains (Xen) run Linux kernel modules."""


@dataclass
class GeneratedTables:
    """The generated tables of one catalog directory, each loaded on first use.

    Pickling (the catalog cache, worker processes) keeps only the directory: a process reads a
    table again when it first needs it.
    """

    directory: str | None = None
    _loaded: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        return {"directory": self.directory, "_loaded": {}}

    def _table(self, name: str) -> Any:
        if name in self._loaded:
            return self._loaded[name]
        table = None
        if self.directory is not None:
            path = Path(self.directory) / name
            if path.is_file():
                from hvcheck.catalog import gentables

                loader = {
                    QEMU_FILE: gentables.load_qemu,
                    ALIASES_FILE: gentables.load_aliases,
                    PCI_IDS_FILE: gentables.load_pci_ids,
                }[name]
                table = loader(path)
        self._loaded[name] = table
        return table

    @property
    def qemu(self) -> QemuTable | None:
        table: QemuTable | None = self._table(QEMU_FILE)
        return table

    @property
    def linux_aliases(self) -> KernelAliasTable | None:
        table: KernelAliasTable | None = self._table(ALIASES_FILE)
        return table

    @property
    def pci_ids(self) -> PciIdsTable | None:
        table: PciIdsTable | None = self._table(PCI_IDS_FILE)
        return table

    def files(self) -> list[Path]:
        """The table files present."""
        if self.directory is None:
            return []
        base = Path(self.directory)
        return [base / n for n in (QEMU_FILE, ALIASES_FILE, PCI_IDS_FILE) if (base / n).is_file()]
