"""``python -m hvcheck``, and the ``hvcheck`` command."""

from hvcheck.cli import main

if __name__ == "__main__":
    main()
