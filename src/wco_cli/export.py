"""Every dataset of a Database into one SQLite file, with the standard library's sqlite3.

What is written is export_tables.sheets(): each dataset's views with the columns of their
--json rows, a child table per list, foreign keys, indexes and full-text indexes, and the HS
tables. Beside it, on request, Datasette's metadata (title, description, sources, licences).

Nothing is lost (see README "Reliability"): the database is written to a temporary file beside
the target, checked (integrity, foreign keys, a row count per table), then renamed over the
target, so the target is either the old file, untouched, or the new one, whole. A target that
is not a file of ours is refused before anything is written, and an existing database is
replaced only while wco holds SQLite's exclusive lock on it and nobody else has it open.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from wco_cli.errors import InvalidValue, OutputError, UsageError

if TYPE_CHECKING:
    from wco_cli.export_tables import Sheet
    from wco_cli.store import Database

SQLITE_MAGIC = b"SQLite format 3\x00"
LOCK_WAIT = 10.0  # seconds to wait for another process's lock on the target


def export_sqlite(db: Database, path: str | os.PathLike[str], force: bool = False,
                  wait: float = LOCK_WAIT,
                  on_progress: Callable[[int, int], None] | None = None,
                  metadata: str | os.PathLike[str] | None = None) -> dict[str, int]:
    """Write every dataset of DB into the SQLite file PATH; the row count of each table.

    PATH is replaced only once the new file is complete and checked. Refused (InvalidValue,
    nothing written): an empty name, `:memory:` or a `file:` URI, a directory, a special file,
    a symbolic link, a read-only file, a missing directory, and a file that exists but is not a
    SQLite database (unless FORCE). A database another process has open is waited for up to
    WAIT seconds, then refused (UsageError). A file that cannot be written: OutputError.

    ON_PROGRESS, if given, is called with (steps done, steps in all): at the start with 0,
    after each table, after the check, and with both equal once the file is in place.
    METADATA, if given, names a JSON file written beside it for Datasette (`datasette PATH -m
    METADATA`): the same refusals apply to it (a file that exists and is not JSON object is
    replaced only with FORCE), and it is replaced the same way, once the database is."""
    from wco_cli.export_tables import sheets

    target = checked_target(path, force)
    about = checked_target(metadata, force, "metadata") if metadata is not None else None
    if about is not None and about.resolve() == target.resolve():
        raise InvalidValue("metadata", metadata, "the metadata file must not be the database")
    found = sheets(db)
    total = len(found) + 2 + (about is not None)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if on_progress is not None:
            on_progress(done, total)

    if on_progress is not None:
        on_progress(0, total)
    temporary = _temporary_beside(target)
    written = None
    try:
        with _terminate_as_exit():
            counts = _write_all(db, temporary, found, step)
            _check(temporary, counts)
            step()
            if about is not None:
                written = _temporary_beside(about)
                _write_metadata(db, written, found, target)
            _replace(temporary, target, wait, force)
            step()
            if about is not None and written is not None:
                _rename(written, about, exclusive=False)
                step()
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + "-journal"), written):
            try:
                if leftover is not None:
                    leftover.unlink()
            except OSError:  # gone already (renamed), or left: a file of ours, named as such
                pass
    return counts


def _write_metadata(db: Database, temporary: Path, found: list[Sheet], target: Path) -> None:
    """Datasette's metadata for the database TARGET, into TEMPORARY, synced."""
    from wco_cli.export_tables import metadata

    meta = db.meta()
    about = metadata(found, target.stem, "The World Customs Organization and the Harmonized "
                     "System", str(meta.get("data_reviewed", "")))
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(about, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        raise OutputError(f"cannot write '{temporary}': {error.strerror}") from None


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """SIGTERM (kill's default) as SystemExit while this runs, so the temporary file is removed
    as on Ctrl-C; in the main thread only, where Python delivers signals."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def checked_target(path: str | os.PathLike[str], force: bool = False,
                   option: str = "sqlite") -> Path:
    """PATH as the file to write, once it is known to be one wco may replace; OPTION names it
    in a refusal: "sqlite" (a database), or "metadata" (a JSON file)."""
    text = os.fspath(path) if isinstance(path, (str, os.PathLike)) else None
    if not isinstance(text, str):
        raise InvalidValue(option, path, f"{path!r} is not a file name")
    if not text.strip():
        raise InvalidValue(option, text, "an empty value names no file")
    if option == "sqlite" and (text == ":memory:" or text.casefold().startswith("file:")):
        raise InvalidValue(option, text, f"'{text}' is an SQLite URI or in-memory name, not "
                                         "a file; write ./" + text + " for a file so named")
    target = Path(text)
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise InvalidValue(option, text, f"'{text}' cannot be examined "
                                         f"({error.strerror})") from None
    if status is None:
        if not target.parent.is_dir():
            raise InvalidValue(option, text, f"no directory '{target.parent}' to write "
                                             f"'{target.name}' in")
        return target
    problem = _not_replaceable(target, status, force, option)
    if problem:
        raise InvalidValue(option, text, f"'{text}' {problem}")
    return target


def _not_replaceable(target: Path, status: os.stat_result, force: bool,
                     option: str = "sqlite") -> str | None:
    """Why the existing file TARGET must not be replaced, or None."""
    mode = status.st_mode
    if stat.S_ISLNK(mode):
        kind = "a symbolic link" if target.exists() else "a symbolic link to nothing"
        return f"is {kind}: give the file itself"
    if stat.S_ISDIR(mode):
        return "is a directory"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a device, FIFO or socket): never replaced"
    if not mode & 0o222 or not os.access(target, os.W_OK):
        return "is read-only: not replaced"
    if option == "metadata":
        if status.st_size and not force and not _header(target).lstrip().startswith(b"{"):
            return "exists and is not a JSON object: not replaced (--force replaces it)"
        return None
    if status.st_size and not force and _header(target) != SQLITE_MAGIC:
        return "exists and is not a SQLite database: not replaced (--force replaces it)"
    return None


def _header(target: Path) -> bytes:
    try:
        with open(target, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC))
    except OSError:
        return b""


def _temporary_beside(target: Path) -> Path:
    """A new empty file in TARGET's directory (so the final rename stays on one file system)."""
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".wco-tmp",
                                        dir=target.parent)
    except OSError as error:
        raise OutputError(f"cannot write in '{target.parent}': {error.strerror}") from None
    try:
        # mkstemp makes the file private; the database gets the mode a new file would have,
        # or the mode of the file it replaces.
        mode = os.stat(target).st_mode & 0o777 if os.path.isfile(target) else _default_mode()
        os.fchmod(handle, mode)
    except (OSError, AttributeError):  # os.fchmod is missing on Windows
        pass
    finally:
        os.close(handle)
    return Path(name)


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _write_all(db: Database, temporary: Path, found: list[Sheet],
               progress: Callable[[], None]) -> dict[str, int]:
    counts: dict[str, int] = {}
    connection = sqlite3.connect(temporary, isolation_level=None)
    try:
        # A private file until it is renamed: no journal needed, and synced once at the end.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        # References are checked once, whole, by _check (PRAGMA foreign_key_check), not on
        # each of the 200,000 rows as they go in; a row may name one written after it.
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("BEGIN")
        for sheet in found:
            _create(connection, sheet)
        for sheet in found:
            counts[sheet.name] = _write(connection, sheet)
            progress()
        connection.execute("COMMIT")
    except sqlite3.Error as error:
        raise OutputError(f"cannot write '{temporary}': {error}") from None
    finally:
        connection.close()
    return counts


def _check(temporary: Path, counts: dict[str, int]) -> None:
    """The written file must be whole: integrity, foreign keys, and every table's rows."""
    connection = sqlite3.connect(temporary)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise OutputError(f"the new database failed its check ({problems[0]}); "
                              "nothing was replaced")
        if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise OutputError("the new database has broken references; nothing was replaced")
        for table, count in counts.items():
            found = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if found != count:
                raise OutputError(f"the new database holds {found} rows of {table}, not "
                                  f"{count}; nothing was replaced")
    except sqlite3.Error as error:
        raise OutputError(f"the new database cannot be read back ({error}); nothing was "
                          "replaced") from None
    finally:
        connection.close()
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())


def _replace(temporary: Path, target: Path, wait: float, force: bool) -> None:
    """Rename TEMPORARY over TARGET: at once when there is none (and none appears meanwhile),
    else under SQLite's exclusive lock on the old database, and only if nobody else has it."""
    try:
        before = os.stat(target)
    except FileNotFoundError:
        before = None
    if before is None or before.st_size == 0 or _header(target) != SQLITE_MAGIC:
        _rename(temporary, target, exclusive=before is None)
        return
    connection = sqlite3.connect(target, timeout=min(wait, 0.5), isolation_level=None)
    try:
        try:
            _lock_alone(connection, wait)
        except sqlite3.OperationalError as error:
            raise UsageError(f"'{target}' is in use by another process ({error}) "
                             f"after waiting {wait:g} s: not replaced") from None
        except sqlite3.DatabaseError as error:
            if not force:
                raise UsageError(f"'{target}' is a damaged SQLite database ({error}): not "
                                 "replaced (--force replaces it)") from None
            connection.close()
            _rename(temporary, target, exclusive=False)
            return
        now = os.stat(target)
        if (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            raise UsageError(f"'{target}' was replaced by another process meanwhile: "
                             "not replaced again")
        _rename(temporary, target, exclusive=False)
    finally:
        connection.close()


def _lock_alone(connection: sqlite3.Connection, wait: float) -> None:
    """Hold CONNECTION's database exclusively, with no other connection open, trying for up to
    WAIT seconds; else the last sqlite3.OperationalError."""
    import time

    deadline = time.monotonic() + wait
    while True:
        try:
            # Leaving WAL needs every other connection closed: the test that nobody else has
            # the database open, whose WAL file would otherwise be read with the new file.
            connection.execute("PRAGMA journal_mode = DELETE").fetchone()
            connection.execute("BEGIN EXCLUSIVE")  # waits for readers and writers to finish
            return
        except sqlite3.OperationalError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def _rename(temporary: Path, target: Path, exclusive: bool) -> None:
    """TEMPORARY becomes TARGET; EXCLUSIVE: only if TARGET still does not exist."""
    try:
        if exclusive:
            try:
                os.link(temporary, target)  # atomic, and fails if another export made it first
            except FileExistsError:
                raise UsageError(f"'{target}' was created by another process "
                                 "meanwhile: not replaced") from None
            except OSError:
                os.replace(temporary, target)  # a file system without hard links
        else:
            os.replace(temporary, target)
    except OSError as error:
        raise OutputError(f"cannot write '{target}': {error.strerror}") from None
    try:  # the rename itself made durable; a file system that cannot is no reason to fail
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    except OSError:
        pass


def _create(connection: sqlite3.Connection, sheet: Sheet) -> None:
    """SHEET's table, with its keys."""
    parts = list(sheet.columns)
    if sheet.primary_key and not any(c.endswith("PRIMARY KEY") for c in sheet.columns):
        parts.append(f"PRIMARY KEY ({_quoted(sheet.primary_key)})")
    parts += [f'FOREIGN KEY ({_quoted(columns)}) REFERENCES "{table}" ({_quoted(there)})'
              for columns, table, there in sheet.references]
    connection.execute(f'CREATE TABLE "{sheet.name}" ({", ".join(parts)})')


def _write(connection: sqlite3.Connection, sheet: Sheet) -> int:
    """SHEET's rows, indexes and full-text index; its row count."""
    marks = ", ".join("?" for _ in sheet.names)
    before = connection.total_changes
    connection.executemany(f'INSERT INTO "{sheet.name}" VALUES ({marks})', sheet.rows)
    count = connection.total_changes - before
    for columns in dict.fromkeys(sheet.indexes):
        index = "_".join((sheet.name, *columns))
        connection.execute(f'CREATE INDEX "{index}" ON "{sheet.name}" ({_quoted(columns)})')
    if sheet.search:
        # Datasette finds a full-text index by its name and content= (its "Full-text search").
        connection.execute(
            f'CREATE VIRTUAL TABLE "{sheet.name}_fts" USING fts5 ({_quoted(sheet.search)}, '
            f"tokenize='unicode61 remove_diacritics 2', content=\"{sheet.name}\")")
        connection.execute(f'INSERT INTO "{sheet.name}_fts" (rowid, {_quoted(sheet.search)}) '
                           f'SELECT rowid, {_quoted(sheet.search)} FROM "{sheet.name}"')
    return count


def _quoted(columns: Iterable[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)
