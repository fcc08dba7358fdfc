"""A fork server for running ``hvcheck`` many times cheaply: import once, fork once per run.

Started by :mod:`tests.hostile.harness` as ``python -m tests.hostile.forkserver``. It imports the CLI
and everything a check needs, then reads one JSON request per line on standard input. For each
request it forks a child that applies the resource limits, changes directory, redirects standard
output and error to files and calls the console entry point (``hvcheck.__main__.main``, what both
``hvcheck`` and ``python -m hvcheck`` run) with the requested arguments, minus the interpreter
start-up. The parent waits with ``os.wait4`` (so
it gets the child's own peak RSS and CPU time), kills the child's process group at the timeout, and
answers with one JSON line. Each child starts from the server's pristine state, so runs cannot leak
into each other.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time


def _preload() -> None:
    import hvcheck.cli
    import hvcheck.engine.run
    import hvcheck.reporters  # noqa: F401
    from hvcheck.engine.catalog_cache import load_catalog_cached
    from hvcheck.loader import load_text
    from hvcheck.rules.registry import all_rules

    load_text("a: 1\n", "warm-up.yaml")  # resolves the parser backend once
    all_rules()  # every rule module imported once,
    load_catalog_cached(())  # and the bundled catalogs loaded once: each child inherits them


def _child(request: dict[str, object]) -> None:
    os.setpgid(0, 0)
    limit = request.get("address_space")
    if isinstance(limit, int) and limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cwd = request.get("cwd")
    if isinstance(cwd, str):
        os.chdir(cwd)
    out = os.open(str(request["stdout"]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(str(request["stderr"]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(out, 1)
    os.dup2(err, 2)
    env = request.get("env")
    if isinstance(env, dict):
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in env.items()})
    args = request["argv"]
    assert isinstance(args, list)
    sys.argv = ["hvcheck", *[str(a) for a in args]]
    code = 0
    try:
        from hvcheck.__main__ import main

        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # main() must not let anything out; if it does, say so loudly
        import traceback

        traceback.print_exc()
        code = 99
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _run(request: dict[str, object]) -> dict[str, object]:
    timeout = float(request.get("timeout", 30))  # type: ignore[arg-type]
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        _child(request)
    timed_out = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - started > timeout:
            timed_out = True
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            break
        time.sleep(0.002)
    wall = time.monotonic() - started
    code = os.waitstatus_to_exitcode(status)
    return {
        "code": code,
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "maxrss_kb": usage.ru_maxrss,
        "timed_out": timed_out,
    }


def main() -> None:
    _preload()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stdout.write(json.dumps({"ready": True, "server_rss_kb": own}) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        answer = _run(json.loads(line))
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
