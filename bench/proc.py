"""CPU time of processes, from /proc (Linux): what the benchmarks report per process."""

from __future__ import annotations

import os
from pathlib import Path


def process_table() -> dict[int, tuple[int, float]]:
    """Every live process: pid -> (parent pid, CPU seconds, user + system)."""
    tick = os.sysconf("SC_CLK_TCK")
    table: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    return table


def resident_mb(root: int) -> float:
    """Resident memory (VmRSS) of a process and all its live descendants, in MB."""
    table = process_table()
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            status = ""
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
        todo += [child for child, (parent, _) in table.items() if parent == pid]
    return total
