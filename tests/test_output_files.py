"""export -o and backup -o never replace what isn't a regular file (issue 10, items 3 and 15).

Pipes are tested with a FIFO; the real /dev/null is never a target here.
"""

import json
import os
import stat
import threading
import time

import pytest

SQLITE_HEADER = b"SQLite format 3\x00"


@pytest.fixture
def journal(rmlog):
    rmlog("add", "Alice Smith")
    rmlog("log", "alice", "-m", "coffee")
    return rmlog


class FifoReader:
    """A FIFO with a reader thread collecting everything written to it."""

    def __init__(self, path):
        self.path = path
        os.mkfifo(path)
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self.keep_open = os.open(path, os.O_WRONLY)  # reads block instead of seeing EOF early
        os.set_blocking(self.fd, True)
        self.chunks = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        while chunk := os.read(self.fd, 65536):
            self.chunks.append(chunk)

    def received(self) -> bytes:
        os.close(self.keep_open)
        self.thread.join(timeout=10)
        os.close(self.fd)
        return b"".join(self.chunks)


def test_export_into_a_fifo_writes_through_it(journal, tmp_path):
    fifo = FifoReader(tmp_path / "pipe")
    journal("export", "-o", str(fifo.path))
    data = fifo.received()
    assert stat.S_ISFIFO(os.lstat(fifo.path).st_mode)
    assert json.loads(data)["people"][0]["name"] == "Alice Smith"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".rmlog-")) == []


@pytest.mark.sqlite_only
def test_backup_into_a_fifo_streams_the_copy(journal, tmp_path):
    fifo = FifoReader(tmp_path / "pipe")
    journal("backup", "-o", str(fifo.path))
    data = fifo.received()
    assert stat.S_ISFIFO(os.lstat(fifo.path).st_mode)
    assert data.startswith(SQLITE_HEADER)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".rmlog-")]


@pytest.mark.sqlite_only
def test_dash_means_stdout(journal, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert json.loads(journal("export", "-o", "-").stdout)["rmlog_export"] == 1
    assert journal("backup", "-o", "-").stdout_bytes.startswith(SQLITE_HEADER)
    assert not (tmp_path / "-").exists()


def test_export_through_a_symlink_replaces_the_file_it_points_to(journal, tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    journal("export", "-o", str(link))
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text())["people"][0]["name"] == "Alice Smith"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


@pytest.mark.parametrize("points_to", ["missing", "folder"])
def test_export_refuses_a_symlink_to_nothing_or_a_folder(journal, tmp_path, points_to):
    (tmp_path / "folder").mkdir()
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / points_to)
    message = journal.error("export", "-o", str(link))
    assert "choose" in message or "is a directory" in message
    assert link.is_symlink() and os.readlink(link) == str(tmp_path / points_to)
    assert not (tmp_path / "missing").exists()


def test_backup_refuses_an_existing_file_or_symlink(journal, tmp_path):
    real = tmp_path / "real.db"
    real.write_text("keep")
    link = tmp_path / "link.db"
    link.symlink_to(real)
    for target in (real, link):
        assert "exists" in journal.error("backup", "-o", str(target))
    assert link.is_symlink() and real.read_text() == "keep"


@pytest.mark.sqlite_only
def test_backup_appears_whole_and_user_only(journal, tmp_path):
    target = tmp_path / "copy.db"
    journal("backup", "-o", str(target))
    assert target.read_bytes().startswith(SQLITE_HEADER)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".rmlog-")]


def test_a_failed_export_leaves_neither_target_nor_temp(journal, tmp_path, monkeypatch):
    def disk_full(out, *args):
        out.write("{partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("rmlog.io.jsonl.write_json_document", disk_full)
    folder = tmp_path / "out"
    folder.mkdir()
    assert "No space left on device" in journal.error("export", "-o", str(folder / "backup.json"))
    assert list(folder.iterdir()) == []


def test_stale_temp_files_of_killed_runs_are_removed(journal, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    hour_ago = time.time() - 3700
    stale = [folder / ".rmlog-abcd1234.tmp", folder / ".rmlog-x_y9k2lm"]  # new and old naming
    fresh = folder / ".rmlog-fresh123.tmp"  # another export may be writing it right now
    unrelated = [folder / ".rmlog-notes", folder / "rmlog-abcd1234.tmp"]
    for path in [*stale, fresh, *unrelated]:
        path.write_text("partial")
        if path is not fresh:
            os.utime(path, (hour_ago, hour_ago))
    journal("export", "-o", str(folder / "backup.json"))
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["backup.json", fresh.name, *(p.name for p in unrelated)]
    )
