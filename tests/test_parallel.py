"""`qualsite.parallel`: work in a second process, its answer, its failures and its end; work shared from both ends."""

from __future__ import annotations

import os
import time

import pytest

from qualsite.parallel import Forked, Shared, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="this system cannot fork")


def _pid_and(value):  # type: ignore[no-untyped-def]
    return os.getpid(), value


def _fail() -> None:
    raise ValueError("a bug in the second process")


def _exit_at_once() -> None:
    os._exit(3)


def _sleep() -> None:
    time.sleep(60)


def test_the_answer_comes_from_another_process_even_when_it_is_larger_than_a_pipe_holds():
    large = "x" * (4 * 1024 * 1024)  # a pipe holds 64 KB: the parent must read before it waits
    with Forked(_pid_and, large) as second:
        pid, value = second.result()
    assert pid != os.getpid()
    assert value == large


def test_without_fork_the_work_is_done_here_when_its_result_is_asked():
    with Forked(_pid_and, 1, fork=False) as here:
        assert here.result() == (os.getpid(), 1)


def test_a_failure_in_the_second_process_is_a_runtime_error_with_its_traceback():
    with Forked(_fail) as second:
        with pytest.raises(RuntimeError, match=r"(?s)a second process failed:.*ValueError: a bug in the second"):
            second.result()


def test_a_second_process_that_dies_without_answering_is_reported():
    with Forked(_exit_at_once) as second:
        with pytest.raises(RuntimeError, match="ended with code 3 before it answered"):
            second.result()


def test_leaving_the_context_kills_a_process_whose_result_was_never_asked():
    with Forked(_sleep) as second:
        pid = second._pid
        assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie is left either


def test_running_tells_whether_the_work_has_ended():
    with Forked(time.sleep, 0.5) as second:
        assert second.running()
        time.sleep(1.5)
        assert not second.running()
        assert second.result() is None
    with Forked(_pid_and, 1, fork=False) as here:
        assert not here.running()


def test_work_shared_from_both_ends_is_all_done_by_one_side_or_the_other():
    shared = Shared(10)
    front = shared.from_front()
    taken_front = [next(front) for _ in range(3)]
    taken_back = list(shared.from_back())
    assert taken_front == [0, 1, 2] and taken_back == [9, 8, 7, 6, 5, 4, 3]
    assert list(front) == []  # the back took the rest: the front stops
    assert list(Shared(4).from_back()) == [3, 2, 1, 0] and list(Shared(0).from_front()) == []


def _take_slowly(indexes):  # type: ignore[no-untyped-def]
    taken = []
    for index in indexes:
        taken.append(index)
        time.sleep(0.02)
    return taken


def test_a_forked_process_and_this_one_share_the_work_and_meet_in_between():
    shared = Shared(50)
    with Forked(_take_slowly, shared.from_front()) as second:
        time.sleep(0.1)  # the second process has begun
        here = list(shared.from_back())
        there = second.result()
    assert sorted(set(here) | set(there)) == list(range(50))
    assert there == list(range(len(there))) and here == list(range(49, 49 - len(here), -1))
    assert len(set(here) & set(there)) <= 1  # where they met, a piece may be done twice, no more
    assert len(here) > 25  # this process, not slowed, took most
