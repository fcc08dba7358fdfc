"""The host-description schema as pydantic models, and validation with positioned findings."""

from hvcheck.model.host import API_VERSION, HostDocument
from hvcheck.model.validate import (
    ParsedCluster,
    ParsedHost,
    is_cluster,
    parse_cluster,
    parse_host,
    validate_model,
)

__all__ = [
    "API_VERSION",
    "HostDocument",
    "ParsedCluster",
    "ParsedHost",
    "is_cluster",
    "parse_cluster",
    "parse_host",
    "validate_model",
]
