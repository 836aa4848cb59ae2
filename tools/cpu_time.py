"""CPU time used by a server's processes, read from /proc (Linux).

On a machine shared with other work, requests per second move with whatever else runs;
the CPU time a server spends per request does not, much. The benchmark reports both.
"""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: str) -> tuple[str, int, float] | None:
    """(name, parent pid, CPU seconds) of one process, or None if it is gone."""
    try:
        text = (Path("/proc") / pid / "stat").read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    # After the name: state, ppid, …; utime and stime are the 14th and 15th fields of
    # the whole line, the 12th and 13th after the name.
    return name, int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def processes() -> dict[int, tuple[str, int, float]]:
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _stat(entry)) is not None:
            found[int(entry)] = stat
    return found


def pids_named(name: str) -> list[int]:
    return [pid for pid, (comm, _, _) in processes().items() if comm == name]


def cpu_seconds(roots: list[int]) -> float:
    """CPU seconds used so far by these processes and all their descendants."""
    table = processes()
    children: dict[int, list[int]] = {}
    for pid, (_, parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    total, todo, seen = 0.0, list(roots), set()
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in table:
            continue
        seen.add(pid)
        total += table[pid][2]
        todo.extend(children.get(pid, []))
    return total
