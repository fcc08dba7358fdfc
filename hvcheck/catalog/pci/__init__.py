"""PCI ID matching as each platform's own loader does it, and parsers for the files that hold the IDs.

One module per format: :mod:`.ids` (what a device reports, three-valued matching), :mod:`.modalias`,
:mod:`.esxi_map`, :mod:`.inf` and :mod:`.pci_ids`.

Pure functions, no I/O. Three binding formats:

* **Linux modalias** (``modules.alias``). The kernel publishes a device's modalias as
  ``pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X`` and ``modprobe`` matches it with ``fnmatch()``
  against each ``alias <pattern> <module>`` line that ``file2alias`` generated from the driver's
  ID table; a field is either a value or ``*`` (torvalds/linux:scripts/mod/file2alias.c,
  ``do_pci_entry``). The ``vfio_pci:`` prefix marks drivers that bind only through
  ``driver_override``.
* **ESXi map files** (``/etc/vmware/default.map.d/<driver>.map``): lines such as
  ``regtype=native,bus=pci,id=15b3101d15b30016......,driver=nmlx5_core``. The ``id`` is VID, DID,
  SVID and SSID (4 hex digits each) followed by a 6-character field read here as the class code
  (class, subclass, programming interface; an inference from the map files ESXi ships); ``.`` matches
  any character.
* **Windows INF hardware IDs**: the PCI bus driver reports, from most to least specific,
  ``PCI\\VEN_v&DEV_d&SUBSYS_s(4)n(4)&REV_r``, ``…&SUBSYS_…``, ``…&REV_r``, ``PCI\\VEN_v&DEV_d``,
  ``…&CC_ccss(pp)``, then compatible IDs down to ``PCI\\CC_ccss``. ``SUBSYS`` is the subsystem
  *device* ID followed by the subsystem *vendor* ID (``ssssvvvv``). An INF entry matches a device
  when it equals one of the IDs the device reports (compared case-insensitively); the position of
  the equal ID is its rank (Microsoft, "Identifiers for PCI Devices").

Every matcher answers ``True`` (the loader would bind), ``False`` (it would not, whatever the
unstated IDs are) or ``None`` (it depends on an ID the device description does not state).
"""
