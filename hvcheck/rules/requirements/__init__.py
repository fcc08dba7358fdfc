"""Host requirements per product release (HV11xx): CPU, firmware, memory, boot device, network,
client editions, Windows 11 guests, device assignment, KVM host setup and Xen PVH dom0.

Every threshold comes from the release catalog (catalogs/releases.yaml, `releases` and
`host_requirements`); these rules only compare it with what the host states.
"""

from hvcheck.rules.base import Rule
from hvcheck.rules.requirements.hv1101_unknown_release import UnknownRelease
from hvcheck.rules.requirements.hv1102_unknown_host_facts import CHECKED, UnknownHostFacts

# HV1102 lists the rules whose facts it asks for; the package is those plus the two "unknown" rules.
RULES: tuple[type[Rule], ...] = (UnknownRelease, UnknownHostFacts, *CHECKED)
