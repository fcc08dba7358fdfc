"""A repository as a pull request controls it, and secrets outside it that must never be reached.

``repo`` is a checkout with a healthy and a broken host; ``outside`` holds fake secrets next to it
(an SSH private key, a password file, cloud credentials). ``no_secret`` asserts that nothing of
them reached any output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import Run
from tests.conftest import EXAMPLES

SSH_KEY = """\
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACBTRUNSRVRTRUNSRVRTRUNSRVRTRUNSRVRTRUNSRVRTRUNSAAAAJkhWQ0hF
-----END OPENSSH PRIVATE KEY-----
"""
SHADOW = "root:$6$SALTSALT$SECRETHASHabcdefghij:19000:0:99999:7:::\n"
CREDENTIALS = "aws_access_key_id: AKIAFAKESECRET0000\naws_secret_access_key: fakeSECRETkey\n"
SECRETS = ("SECRETHASH", "OPENSSH PRIVATE", "b3BlbnNzaC1rZXkt", "AKIAFAKESECRET", "fakeSECRETkey")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    place = tmp_path / "outside"
    place.mkdir()
    (place / "id_ed25519").write_text(SSH_KEY)
    (place / "shadow").write_text(SHADOW)
    (place / "credentials.yaml").write_text(CREDENTIALS)
    return place


@pytest.fixture
def repo(tmp_path: Path, outside: Path) -> Path:
    root = tmp_path / "repo"
    (root / "hosts").mkdir(parents=True)
    shutil.copy(EXAMPLES / "valid" / "hyperv-2022.yaml", root / "hosts" / "good.yaml")
    shutil.copy(
        EXAMPLES / "broken" / "HV4005-synthetic-device-needs-enlightenment.yaml",
        root / "hosts" / "bad.yaml",
    )
    return root


def no_secret(*runs: Run | str) -> None:
    """Nothing of the secrets outside the repository appears in any output."""
    for run in runs:
        texts = [run] if isinstance(run, str) else [run.out, run.err]
        for text in texts:
            for secret in SECRETS:
                assert secret not in text, f"{secret!r} leaked:\n{text[-2000:]}"
