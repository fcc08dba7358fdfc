"""Allow ``python -m hvcheck``."""

from hvcheck.cli import main

main()
