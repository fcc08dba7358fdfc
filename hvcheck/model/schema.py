"""The JSON Schema of the host format, generated from the models (``hvcheck schema``)."""

from __future__ import annotations

import json
from typing import Any

from hvcheck.model.host import HostDocument

SCHEMA_ID = "https://hvcheck.dev/schemas/host.schema.json"


def host_schema() -> dict[str, Any]:
    schema = HostDocument.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "hvcheck host description",
        **schema,
    }


def host_schema_text() -> str:
    return json.dumps(host_schema(), indent=2, sort_keys=True) + "\n"
