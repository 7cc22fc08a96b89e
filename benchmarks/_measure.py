"""Run one command in this fresh process and print, as JSON, its wall time and resource use (benchmarks/run.py).

    python benchmarks/_measure.py LOG COMMAND...

The command's output goes to LOG. ru_maxrss of the waited-for children is the peak RSS of the largest process of
the command's tree (in KB on Linux): a fresh process, so that no earlier build counts.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    log_file, command = argv[0], argv[1:]
    with open(log_file, "w", encoding="utf-8") as log:
        start = time.perf_counter()
        code = subprocess.call(command, stdout=log, stderr=subprocess.STDOUT)
        wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"returncode": code, "wall_s": wall, "maxrss_kb": usage.ru_maxrss,
                      "user_s": usage.ru_utime, "sys_s": usage.ru_stime}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
