"""YAML files that are not hvcheck documents but belong in the same repository: hvcheck's own
configuration and other tools' files, recognised so that a pre-commit hook handing every YAML file
over does not report them as HV0010.

A document is recognised as another tool's, and skipped without a finding, when it does not say it
is an hvcheck document (no ``apiVersion: hvcheck/...``) and either

- its file is hvcheck's configuration (``.hvcheck.yaml``, ``.hvcheck.yml``) or a well-known file of
  another tool (``.pre-commit-config.yaml``, a GitHub workflow under ``.github/``, ``.gitlab-ci.yml``,
  a Compose file, ...), or
- it states another format's ``apiVersion`` and ``kind`` (a Kubernetes manifest: ``apps/v1``,
  ``Deployment``).

Any other YAML without ``apiVersion`` or ``kind`` is still reported (HV0010): it may be a host
description that lost its first lines, and that must not pass unchecked.
"""

from __future__ import annotations

import re
from typing import Any

OWN_CONFIG = frozenset({".hvcheck.yaml", ".hvcheck.yml"})
"""hvcheck's configuration files (read as configuration, never as hosts)."""

OTHER_TOOLS = frozenset(
    {
        ".pre-commit-config.yaml",
        ".pre-commit-config.yml",
        ".pre-commit-hooks.yaml",
        ".yamllint",
        ".yamllint.yaml",
        ".yamllint.yml",
        ".gitlab-ci.yml",
        ".gitlab-ci.yaml",
        "action.yml",
        "action.yaml",
        "docker-compose.yml",
        "docker-compose.yaml",
        "compose.yml",
        "compose.yaml",
        "mkdocs.yml",
        "mkdocs.yaml",
        ".readthedocs.yml",
        ".readthedocs.yaml",
        "codecov.yml",
        ".codecov.yml",
        ".travis.yml",
        ".golangci.yml",
        ".golangci.yaml",
        ".goreleaser.yml",
        ".goreleaser.yaml",
        "pnpm-lock.yaml",
        "environment.yml",
        "bitbucket-pipelines.yml",
        "azure-pipelines.yml",
        ".clang-format",
        ".clang-tidy",
    }
)
"""Files of other tools, by name."""

_TOOL_DIRS = frozenset({".github", ".gitlab", ".circleci"})
_API = re.compile(r"^[a-z0-9.-]*(/[a-z0-9.-]+)?$")


def foreign_file(file: str) -> str | None:
    """What the file is, when its name says it belongs to hvcheck's configuration or another tool."""
    parts = re.split(r"[\\/]", file)
    name = parts[-1]
    if name in OWN_CONFIG:
        return "hvcheck's configuration file"
    if name in OTHER_TOOLS or name.startswith("docker-compose."):
        return f"another tool's file ({name})"
    if any(p in _TOOL_DIRS for p in parts[:-1]):
        return "another tool's file (CI configuration)"
    return None


def foreign_document(data: Any, file: str, api_version: str) -> str | None:
    """Why ``data`` (a document of ``file``) is another tool's and not a host, or None."""
    if not isinstance(data, dict):
        return None
    api = data.get("apiVersion")
    if isinstance(api, str) and api.startswith(api_version.split("/")[0] + "/"):
        return None  # says it is an hvcheck document: check it
    if api is None and foreign_file(file):
        return foreign_file(file)
    kind = data.get("kind")
    if not (isinstance(api, str) and _API.match(api) and isinstance(kind, str)):
        return None
    if kind[:1].isupper() and kind not in ("Host", "Cluster"):
        return f"a {kind} document of another format ({api})"
    return None
