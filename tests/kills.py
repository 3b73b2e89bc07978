"""Killing a writer at a chosen step of a change to data/, for the kill tests.

``KILL_AT_STEP`` is Python source for a child process: given ``step`` (an int defined before
it), it makes the process exit at once (``os._exit(9)``, as SIGKILL would: no clean-up runs)
just before the ``step``-th write of ``bluebook.transaction`` — a staged file, the journal, or
a rename, counted from 0.
"""

KILL_AT_STEP = """
import os
import bluebook.transaction as transaction

calls = 0

def counted(real):
    def call(first, second):
        global calls
        if calls == step:
            os._exit(9)
        calls += 1
        return real(first, second)
    return call

transaction.stage_file = counted(transaction.stage_file)
transaction.write_text_atomic = counted(transaction.write_text_atomic)
transaction.install_file = counted(transaction.install_file)
"""
