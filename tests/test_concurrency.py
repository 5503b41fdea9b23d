"""Concurrent rmlog processes on one journal: writers queue, none fails, none is lost."""

import multiprocessing

from typer.testing import CliRunner


def _worker(commands, start, results, index):
    from rmlog.__main__ import only_invoked_command
    from rmlog.cli import app

    only_invoked_command(app, commands[0])  # a forked copy: build one command, as a real run does
    runner = CliRunner()
    start.wait()
    outcomes = []
    for args in commands:
        result = runner.invoke(app, args)
        problem = repr(result.exception) if result.exception and not isinstance(result.exception, SystemExit) else ""
        outcomes.append((result.exit_code, result.stdout, result.stderr + problem))
    results.put((index, outcomes))


def in_parallel(jobs: list[list[list[str]]]) -> list[list[tuple[int, str, str]]]:
    """Run each job (a list of commands) in its own process, all starting at once."""
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(len(jobs)), context.Queue()
    processes = [context.Process(target=_worker, args=(job, start, results, i)) for i, job in enumerate(jobs)]
    for process in processes:
        process.start()
    collected = dict(results.get(timeout=120) for _ in processes)
    for process in processes:
        process.join(timeout=30)
    return [collected[i] for i in range(len(jobs))]


def test_first_commands_at_once_on_an_empty_journal_get_distinct_handles(rmlog):
    outcomes = in_parallel([[["add", "Dana Same"]]] * 8)
    assert [(code, err) for [(code, _, err)] in outcomes] == [(0, "")] * 8 or \
        all(code == 0 and "warning" in err for [(code, _, err)] in outcomes if err)
    handles = sorted(out.strip() for [(_, out, _)] in outcomes)
    assert handles == sorted(["dana-same"] + [f"dana-same-{n}" for n in range(2, 9)])
    assert sorted(p["handle"] for p in rmlog.json("people")) == handles


def test_parallel_writers_lose_nothing(rmlog):
    rmlog("add", "Alice")
    jobs = [[["log", "alice", "-m", f"worker {w} note {n}"] for n in range(25)] for w in range(8)]
    outcomes = in_parallel(jobs)
    failures = [outcome for job in outcomes for outcome in job if outcome[0] != 0]
    assert failures == []
    assert rmlog.sql("select count(*) from interaction") == [(200,)]
    assert rmlog.sql("select count(distinct notes) from interaction") == [(200,)]


def test_one_commitment_is_done_once(rmlog):
    rmlog("add", "Alice")
    rmlog("promise", "alice", "send the deck")
    outcomes = [job[0] for job in in_parallel([[["done", "1"]]] * 6)]
    assert sorted(code for code, _, _ in outcomes) == [0, 2, 2, 2, 2, 2]
    assert all("already done" in err for code, _, err in outcomes if code)
    assert [c["status"] for c in rmlog.json("commitments")] == ["done"]
