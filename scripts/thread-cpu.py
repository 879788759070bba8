#!/usr/bin/env python3
"""Per-thread CPU of the Java processes on this machine, to see where a benchmark's CPU goes (JIT, stream threads,
broker) beside a run, without a profiler attached.

  scripts/thread-cpu.py record OUT SECONDS   samples /proc/PID/task/*/stat every 0.5 s into OUT (JSON lines)
  scripts/thread-cpu.py report OUT [STEP]    cores used per (process, thread group), every STEP seconds (default 5)
  scripts/thread-cpu.py totals OUT [EVENTS]  CPU seconds per (process, thread group) over the whole recording, and
                                             microseconds per event when EVENTS (the events the run processed) is given

A process is named by its io.eventpipe main class; thread names lose their digits, so a pool is one group.
"""
import collections
import json
import os
import re
import sys
import time

HZ = os.sysconf('SC_CLK_TCK')


def snapshot():
    snap = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            argv = open(f'/proc/{pid}/cmdline', 'rb').read().split(b'\0')
            if not argv[0].endswith(b'java'):
                continue
            main = [a for a in argv if a.startswith(b'io.eventpipe')]
            process = main[0].decode().rsplit('.', 1)[-1] if main else pid
            for tid in os.listdir(f'/proc/{pid}/task'):
                stat = open(f'/proc/{pid}/task/{tid}/stat').read()
                name = stat[stat.index('(') + 1:stat.rindex(')')]
                fields = stat[stat.rindex(')') + 2:].split()
                snap[f'{process}|{tid}|{name}'] = (int(fields[11]) + int(fields[12])) / HZ
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass  # the process or thread ended between listing and reading
    return snap


def record(out, seconds):
    end = time.time() + seconds
    with open(out, 'w') as f:
        while time.time() < end:
            f.write(json.dumps([time.time(), snapshot()]) + '\n')
            f.flush()
            time.sleep(0.5)


def grouped(snap):
    groups = collections.Counter()
    for key, cpu in snap.items():
        process, _, name = key.split('|', 2)
        groups[(process, re.sub(r'\d+', 'N', name))] += cpu
    return groups


def report(out, step):
    rows = [json.loads(line) for line in open(out)]
    # Each thread's newest value so far: a thread (or process) that ended keeps what it used until its last sample.
    latest = dict(rows[0][1])
    t0, previous = rows[0][0], (rows[0][0], grouped(latest))
    for i, (t, snap) in enumerate(rows[1:], 2):
        latest.update(snap)
        if t - previous[0] < step and (i < len(rows) or t - previous[0] < 1):
            continue  # the last sample closes a shorter interval
        now = grouped(latest)
        used = {k: (v - previous[1].get(k, 0)) / (t - previous[0]) for k, v in now.items()}
        busy = ', '.join(f'{p}/{g} {c:.2f}' for (p, g), c in sorted(used.items(), key=lambda x: -x[1]) if c >= 0.05)
        print(f'{t - t0:6.1f} s  {sum(used.values()):.2f} cores: {busy}')
        previous = (t, now)


def totals(out, events):
    rows = [json.loads(line) for line in open(out)]
    first, latest = grouped(rows[0][1]), {}
    for _, snap in rows:
        latest.update(snap)
    used = {k: v - first.get(k, 0) for k, v in grouped(latest).items()}
    for process in sorted({p for p, _ in used}):
        mine = {g: c for (p, g), c in used.items() if p == process}
        print(f'{process}: {sum(mine.values()):.1f} s' + (f', {1e6 * sum(mine.values()) / events:.2f} us/event' if events else ''))
        for group, cpu in sorted(mine.items(), key=lambda x: -x[1]):
            if cpu >= 0.1:
                print(f'  {group:40s} {cpu:7.1f} s' + (f'  {1e6 * cpu / events:6.2f} us/event' if events else ''))


if __name__ == '__main__':
    if len(sys.argv) >= 4 and sys.argv[1] == 'record':
        record(sys.argv[2], float(sys.argv[3]))
    elif len(sys.argv) >= 3 and sys.argv[1] == 'report':
        report(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 5)
    elif len(sys.argv) >= 3 and sys.argv[1] == 'totals':
        totals(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    else:
        sys.exit(__doc__)
