"""``python -m hvcheck``, and the ``hvcheck`` command.

The usual ``hvcheck check`` calls take a fast path that does not import typer (see
``hvcheck/checkcmd.py``); everything else goes to the typer application in ``hvcheck/cli.py``.
"""


def main() -> None:
    from hvcheck.checkcmd import fast_main

    fast_main()  # returns only when typer should handle the command line
    from hvcheck.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
