"""`wco export --sqlite` never loses a file: through the installed command, a target is either
left as it was or replaced by a whole, checked database; what is not ours is refused."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import installed_wco, subprocess_env


def export(target: Path | str, *extra: str, cwd: Path | None = None,
           timeout: float = 60) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([installed_wco(), "export", "--sqlite", str(target),
                             *extra], capture_output=True, text=True, cwd=cwd, timeout=timeout,
                            env=subprocess_env(NO_COLOR="1"))
    assert "Traceback" not in result.stderr
    assert result.returncode != 70, result.stderr
    return result


def refused(result: subprocess.CompletedProcess[str], *parts: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    for part in parts:
        assert part in result.stderr, result.stderr


def whole(path: Path) -> bool:
    """PATH is a complete export: it passes SQLite's checks and holds every member."""
    connection = sqlite3.connect(path)
    try:
        return (connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                and connection.execute("SELECT count(*) FROM members").fetchone()[0] > 180)
    finally:
        connection.close()


def leftovers(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.endswith(".wco-tmp")]


@pytest.fixture(scope="module")
def good_export(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("good") / "wco.db"
    assert export(path).returncode == 0
    return path.read_bytes()


@pytest.fixture
def previous(tmp_path: Path, good_export: bytes) -> Path:
    """A good export from an earlier run, in a folder of its own."""
    path = tmp_path / "wco.db"
    path.write_bytes(good_export)
    return path


def test_an_export_writes_a_whole_database_with_the_usual_mode(tmp_path):
    result = export(tmp_path / "new.db")
    assert result.returncode == 0 and result.stderr == ""
    assert whole(tmp_path / "new.db") and leftovers(tmp_path) == []
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "new.db").stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_mistyped_data_dir_leaves_the_old_export_untouched(previous, good_export, tmp_path):
    result = subprocess.run(
        [installed_wco(), "--data-dir", str(tmp_path / "no-such-dir"), "export", "--sqlite",
         str(previous)], capture_output=True, text=True, env=subprocess_env(), timeout=60)
    assert result.returncode == 2 and "data file not found" in result.stderr
    assert previous.read_bytes() == good_export and leftovers(previous.parent) == []


def test_a_replaced_export_is_new_and_whole(previous, good_export):
    connection = sqlite3.connect(previous)
    connection.execute("CREATE TABLE mine (x)")
    connection.commit()
    connection.close()
    assert export(previous).returncode == 0
    assert whole(previous)
    tables = {row[0] for row in sqlite3.connect(previous).execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "mine" not in tables


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
@pytest.mark.parametrize("after", [0.15, 0.25, 0.4])  # once Python has loaded wco
def test_an_interrupted_export_leaves_the_old_file_or_a_whole_new_one(previous, good_export,
                                                                       stop, after):
    process = subprocess.Popen([installed_wco(), "export", "--sqlite", str(previous)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=subprocess_env())
    time.sleep(after)
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=60)
    assert b"Traceback" not in stderr and process.returncode != 70
    assert previous.read_bytes() == good_export or whole(previous)
    if stop != signal.SIGKILL:  # a killed process cannot clean up; the target is still whole
        assert leftovers(previous.parent) == []


def test_a_plain_file_is_not_replaced_without_force(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    refused(export(notes), "notes.txt", "not a SQLite database", "--force")
    assert notes.read_text() == "my notes\n"
    assert export(notes, "--force").returncode == 0 and whole(notes)


def test_a_read_only_database_is_not_replaced(previous, good_export):
    previous.chmod(0o444)
    refused(export(previous), "read-only")
    refused(export(previous, "--force"), "read-only")
    assert previous.read_bytes() == good_export


@pytest.mark.parametrize("name", [":memory:", "file:x.db", "file:x.db?mode=memory", "", "  "])
def test_names_that_are_not_files_are_refused(tmp_path, name):
    refused(export(name, cwd=tmp_path), "--sqlite")
    assert list(tmp_path.iterdir()) == []


def test_a_dangling_symlink_is_not_followed(tmp_path):
    link = tmp_path / "link.db"
    link.symlink_to(tmp_path / "elsewhere.db")
    refused(export(link), "symbolic link")
    assert link.is_symlink() and not (tmp_path / "elsewhere.db").exists()


def test_a_symlink_to_a_database_is_not_replaced(previous, good_export, tmp_path):
    link = tmp_path / "link.db"
    link.symlink_to(previous)
    refused(export(link), "symbolic link")
    assert link.is_symlink() and previous.read_bytes() == good_export


def test_special_files_and_directories_are_refused(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    refused(export(fifo), "not a regular file")
    refused(export(os.devnull), "not a regular file")
    assert Path(os.devnull).is_char_device()
    refused(export(tmp_path), "is a directory")
    refused(export(tmp_path / "no-such-dir" / "x.db"), "no directory")


def hold_lock(path: Path, journal: str) -> subprocess.Popen[str]:
    """Another process with PATH open in a write transaction, until it reads a line."""
    script = (
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        f"c.execute('PRAGMA journal_mode = {journal}')\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute('CREATE TABLE theirs (x)')\n"
        "c.execute('INSERT INTO theirs VALUES (42)')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.readline()\n"
        "c.execute('COMMIT')\n"
        "print(c.execute('SELECT x FROM theirs').fetchone()[0], flush=True)\n")
    process = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "locked\n"
    return process


@pytest.mark.parametrize("journal", ["WAL", "DELETE"])
def test_a_database_in_use_is_waited_for_then_left_alone(previous, journal):
    holder = hold_lock(previous, journal)
    started = time.monotonic()
    result = export(previous, "--wait", "1")
    waited = time.monotonic() - started
    refused(result, "in use by another process")
    assert waited >= 1
    out, _ = holder.communicate("go\n", timeout=30)
    assert holder.returncode == 0 and out.strip() == "42"  # their commit went through
    connection = sqlite3.connect(previous)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("SELECT x FROM theirs").fetchone()[0] == 42


def test_a_database_freed_while_waiting_is_replaced(previous):
    holder = hold_lock(previous, "DELETE")
    process = subprocess.Popen([installed_wco(), "export", "--sqlite", str(previous),
                                "--wait", "20"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=subprocess_env())
    time.sleep(0.8)
    holder.communicate("go\n", timeout=30)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert whole(previous)


def test_two_exports_at_once_one_wins_the_other_says_so(tmp_path):
    target = tmp_path / "both.db"
    processes = [subprocess.Popen([installed_wco(), "export", "--sqlite", str(target)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=subprocess_env()) for _ in range(3)]
    results = [(process.wait(timeout=60), process.communicate()[1]) for process in processes]
    assert all(code in (0, 2) for code, _ in results), results
    assert any(code == 0 for code, _ in results)
    for code, stderr in results:
        if code == 2:
            assert "another process" in stderr and stderr.count("\n") == 1
    assert whole(target) and leftovers(tmp_path) == []


NAMESPACE = shutil.which("unshare")


def in_small_mount(script: str) -> subprocess.CompletedProcess[str]:
    """SCRIPT run by sh in a private mount namespace, /mnt a 1 MB tmpfs."""
    return subprocess.run([NAMESPACE or "unshare", "-rm", "sh", "-c",
                           f"mount -t tmpfs -o size=1m tmpfs /mnt && {script}"],
                          capture_output=True, text=True, env=subprocess_env(), timeout=60)


def namespaces_work() -> bool:
    return bool(NAMESPACE) and in_small_mount("true").returncode == 0


@pytest.mark.skipif(not namespaces_work(), reason="needs unshare and private mounts")
def test_a_full_disk_leaves_the_old_file_and_exits_74():
    wco = installed_wco()
    result = in_small_mount(
        "printf old > /mnt/old.txt && "
        f"python3 -c \"import sqlite3; c = sqlite3.connect('/mnt/w.db'); "
        f"c.execute('create table t (x)'); c.commit()\" && "
        f"{wco} export --sqlite /mnt/w.db; echo \"exit $?\"; "
        "python3 -c \"import sqlite3; print(sqlite3.connect('/mnt/w.db').execute("
        "'select name from sqlite_master').fetchall())\"; ls -a /mnt")
    assert "exit 74" in result.stdout, result.stdout + result.stderr
    assert "[('t',)]" in result.stdout
    assert "wco-tmp" not in result.stdout
    assert "Traceback" not in result.stderr and result.stderr.count("wco:") == 1


@pytest.mark.skipif(not namespaces_work(), reason="needs unshare and private mounts")
def test_an_unwritable_directory_exits_74_not_70():
    wco = installed_wco()
    result = in_small_mount(f"mount -o remount,ro /mnt && {wco} export --sqlite /mnt/x.db; "
                            "echo \"exit $?\"")
    assert "exit 74" in result.stdout, result.stdout + result.stderr
    assert "cannot write in '/mnt'" in result.stderr
