"""Shared by the lab scripts: each check prints what was expected and what was seen; the
last line is "N passed, M failed"."""

results = {"passed": 0, "failed": 0}


def check(name, expected, seen):
    good = expected == seen
    results["passed" if good else "failed"] += 1
    print(f"{'ok' if good else 'not ok'} - {name}: expected {expected!r}, seen {seen!r}", flush=True)
    return good


def fail(msg):
    results["failed"] += 1
    print(f"not ok - {msg}", flush=True)


def summary():
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 0 if results["failed"] == 0 else 1
