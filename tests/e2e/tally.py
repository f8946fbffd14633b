"""Counts the checks of an end-to-end script and closes with the line CI reads."""

import sys


class Tally:
    """Passed and failed checks; a failed one is printed with what it checked."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what}")

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)
