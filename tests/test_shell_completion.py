"""Completion in a real bash: the script `wco --show-completion bash` prints, sourced in a bare
bash and driven as bash drives it (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT, then the
registered function, reading COMPREPLY), and typed with TAB on a pseudo-terminal."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import installed_wco, subprocess_env

BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="bash is not installed")


@pytest.fixture(scope="module")
def script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wco = installed_wco()
    text = subprocess.run([wco, "--show-completion", "bash"], capture_output=True, text=True,
                          env=subprocess_env(), timeout=60, check=True).stdout
    path = tmp_path_factory.mktemp("completion") / "wco.bash"
    path.write_text(text)
    return path


def environment() -> dict[str, str]:
    wco = installed_wco()
    return subprocess_env(PATH=f"{Path(wco).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                          LC_ALL="C.UTF-8", HOME=os.environ.get("HOME", "/tmp"))


def complete(script: Path, *words: str) -> list[str]:
    """COMPREPLY for the command line WORDS (as bash splits it; the last is being completed)."""
    function = re.search(r"complete -F (\S+) wco", script.read_text())
    assert function, "the script registers a function for wco"
    line = " ".join(words)
    program = "\n".join([
        f"source {shlex.quote(str(script))}",
        "COMP_WORDS=(" + " ".join(shlex.quote(word) for word in words) + ")",
        f"COMP_CWORD={len(words) - 1}",
        f"COMP_LINE={shlex.quote(line)}",
        "COMP_POINT=${#COMP_LINE}",
        f"{function.group(1)} wco {shlex.quote(words[-1])} {shlex.quote(words[-2])}",
        "printf '%s\\n' \"${COMPREPLY[@]}\"",
    ])
    result = subprocess.run([BASH, "--norc", "--noprofile", "-c", program], capture_output=True,
                            text=True, env=environment(), timeout=60)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.split("\n") if line]


def read_back(word: str) -> list[str]:
    """The arguments bash reads from WORD placed on a command line."""
    result = subprocess.run([BASH, "--norc", "--noprofile", "-c",
                             f"for a in {word}; do printf '%s\\n' \"$a\"; done"],
                            capture_output=True, text=True, env=environment(), timeout=30)
    return result.stdout.splitlines()


def test_the_script_comes_from_show_completion_and_never_falls_back_to_files(script):
    text = script.read_text()
    assert "complete -F" in text and "-o default -F" not in text


def test_names_complete_whatever_their_case(script):
    assert complete(script, "wco", "members", "ken") == ["Kenya"]
    assert complete(script, "wco", "members", "KEN") == ["Kenya"]


def test_accents_are_ignored_and_the_candidate_reads_back_as_one_word(script):
    [reply] = complete(script, "wco", "members", "cote")
    assert " " not in reply.replace("\\ ", "")
    assert read_back(reply) == ["Côte d'Ivoire"]


def test_a_name_with_spaces_is_escaped(script):
    [reply] = complete(script, "wco", "members", "Bosnia")
    assert reply == "Bosnia\\ and\\ Herzegovina"
    assert read_back(reply) == ["Bosnia and Herzegovina"]


@pytest.mark.parametrize("quote", ['"', "'"])
def test_inside_an_open_quote_the_candidate_is_the_quoted_text(script, quote):
    # Bash puts the reply after the opening quote and closes it.
    [reply] = complete(script, "wco", "members", quote + "Côte")
    assert read_back(quote + reply + quote) == ["Côte d'Ivoire"]


def test_several_matches_begin_as_typed(script):
    # Bash replaces the word with what the candidates share: 'ke' must not become 'K'.
    replies = complete(script, "wco", "members", "ke")
    assert len(replies) > 1 and all(reply.startswith("ke") for reply in replies)


def test_no_match_offers_nothing(script):
    assert complete(script, "wco", "members", "zzz") == []


@pytest.mark.parametrize("words, wanted", [
    (("wco", "hs", "--edition", "20"), ["2002", "2007", "2012", "2017", "2022"]),
    (("wco", "hs", "--to", "s"), ["sitc3", "sitc4"]),
    (("wco", "hs", "--from", "b"), ["bec4"]),
    (("wco", "hs", "-e", "a"), ["auto"]),
    (("wco", "schema", "goal"), ["goals", "goal_sets"]),
    (("wco", "members", "--fields", "name,iso"), ["name,iso_alpha2", "name,iso_alpha3"]),
    (("wco", "offices", "--region", "=", "eu"), ["europe"]),  # --region=eu, as bash splits it
    (("wco", "offices", "--region", "a"), ["americas", "ap", "africa", "america", "asia"]),
    (("wco", "search", "x", "--kind", "off"), ["office", "officer"]),
    (("wco", "mem"), ["members"]),
])
def test_values_complete(script, words, wanted):
    assert sorted(complete(script, *words)) == sorted(wanted)


def test_json_completes_a_field_list(script):
    assert complete(script, "wco", "members", "--json", "id,nam") == ["id,name"]


@pytest.mark.parametrize("words, wanted", [
    ("wco hs - < co", ":files"),  # after a redirection: the shell's file names
    ("wco export --sqlite w", ":files"),
    ("wco --data-dir d", ":dirs"),
    ("wco members zz", ""),  # values exist: no file names
])
def test_file_names_only_where_a_file_is_wanted(words, wanted):
    env = subprocess_env(_WCO_COMPLETE="complete_bash", COMP_WORDS="\n".join(words.split()),
                         COMP_CWORD=str(len(words.split()) - 1))
    result = subprocess.run([installed_wco()], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.strip() == wanted


def test_sort_completes_a_descending_field(script):
    replies = complete(script, "wco", "members", "--sort", "-jo")
    assert replies and all(reply.startswith("-joined") for reply in replies)


# ---- on a terminal: TAB typed into an interactive bash ----------------------------------------

def typed(script: Path, keys: str, cwd: Path) -> str:
    """What a person sees typing KEYS into an interactive bash that sourced SCRIPT (a TAB,
    then Enter runs the line): the screen's text after the keys."""
    import fcntl
    import pty
    import select
    import struct
    import termios
    import time

    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
    env = environment()
    env.update(PS1="$ ", TERM="dumb", INPUTRC="/dev/null")
    process = subprocess.Popen([BASH, "--norc", "--noprofile", "-i"], stdin=secondary,
                               stdout=secondary, stderr=secondary, env=env, cwd=cwd,
                               start_new_session=True)
    os.close(secondary)

    def read(until: str, seconds: float = 20) -> str:
        seen = b""
        end = time.monotonic() + seconds
        while until.encode() not in seen and time.monotonic() < end:
            if select.select([main], [], [], 0.2)[0]:
                try:
                    seen += os.read(main, 65536)
                except OSError:
                    break
        return seen.decode("utf-8", "replace")

    try:
        os.write(main, f"source {shlex.quote(str(script))}; echo READY\n".encode())
        read("READY\r\n$ ")  # the prompt: readline is reading keys
        os.write(main, keys.encode())
        time.sleep(0.1)
        # The end marker is computed, so the terminal's echo of the typed line never matches.
        os.write(main, b"\necho END$((40+2))END\n")
        return read("END42END")
    finally:
        process.kill()
        process.wait(timeout=10)
        os.close(main)


def test_tab_on_a_terminal_completes_a_name_that_runs(script, tmp_path):
    (tmp_path / "bosnia-notes.txt").write_text("a file the completion must not offer")
    screen = typed(script, "wco members bosn\t --fields name", tmp_path)
    assert "Bosnia\\ and\\ Herzegovina" in screen
    assert "\nBosnia and Herzegovina\n" in screen.replace("\r\n", "\n")  # the command ran


def test_tab_on_a_terminal_closes_an_open_quote(script, tmp_path):
    screen = typed(script, "wco members \"Côte\t--fields iso_alpha2", tmp_path)
    assert '"Côte d\'Ivoire" ' in screen and "\nCI\n" in screen.replace("\r\n", "\n")


def test_tab_on_a_terminal_offers_no_file_where_values_exist(script, tmp_path):
    (tmp_path / "kenya-notes.txt").write_text("")
    screen = typed(script, "wco members kenya-\t", tmp_path)
    assert "kenya-notes.txt" not in screen


def test_tab_on_a_terminal_completes_a_file_for_the_export(script, tmp_path):
    (tmp_path / "wco-export.db").write_text("")
    screen = typed(script, "wco export --sqlite wco-ex\t --help >/dev/null", tmp_path)
    assert "wco-export.db" in screen
