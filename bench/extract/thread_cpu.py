#!/usr/bin/env python3
"""Runs a command and samples the CPU time of each of its threads (/proc/PID/task/*/stat)
until it exits; prints 'threads: T1 T2 ...' (seconds, busiest first) to stderr.

On a shared machine the wall time of a multi-threaded run says little (with autogroup
scheduling a session gets the same share of the cores whatever its thread count); the
busiest thread's CPU time is the run's critical path on idle cores.

    thread_cpu.py COMMAND ARGS...
"""
import os
import subprocess
import sys
import time


def main():
    ticks = os.sysconf("SC_CLK_TCK")
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    seen = {}
    while proc.poll() is None:
        try:
            tids = os.listdir("/proc/%d/task" % proc.pid)
        except OSError:
            tids = []
        for tid in tids:
            try:
                with open("/proc/%d/task/%s/stat" % (proc.pid, tid)) as f:
                    stat = f.read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            seen[tid] = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        time.sleep(0.1)
    busy = sorted(seen.values(), reverse=True)
    print("threads: " + " ".join("%.1f" % t for t in busy if t >= 0.05), file=sys.stderr)
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
