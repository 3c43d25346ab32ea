"""The Celery peer of FileSystemBenchmark: Celery's own file:// result backend storing and reading
the same payloads, timed in-process (µs per operation, best of rounds).

Usage: /usr/bin/python3 celery-peer.py <result.json> <scratch directory>   (peers.sh installs Celery first and runs it alternately with PeerRun)
A store writes a task that has no result yet (as a worker does; a second SUCCESS of one id is not
written by Celery at all), lifecycle is STARTED then SUCCESS of one new task (task_track_started).
Payloads, as in Payload.java: "map" = a dict of string fields ("f00000": "...") whose compact JSON is
exactly 100 B / 10 KB / 1 MB; "report" = the dict of Payload.Report (title, pages, lines).
"""
import json
import os
import shutil
import sys
import time

from celery import Celery
from celery.result import AsyncResult

FILLER = 'abcdefghijklmnopqrstuvwxyz0123456789abcdefghij'
SIZES = {'100B': 100, '10KB': 10 << 10, '1MB': 1 << 20}


def compact(value):
    return len(json.dumps(value, separators=(',', ':')))


def fields(target):
    result, length = {}, 2
    while length + (1 if result else 0) + 43 + 12 <= target:
        length += (1 if result else 0) + 43
        i = len(result)
        result['f%05d' % i] = FILLER[i % 10:i % 10 + 32]
    rest = target - length - (1 if result else 0) - 11
    result['f%05d' % len(result)] = 'z' * rest
    assert compact(result) == target, (compact(result), target)
    return result


def report(target):
    lines, length = [], compact({'lines': [], 'pages': 1, 'title': ''})
    while True:
        n = len(lines) + 1
        line = {'amount': (len(lines) % 400) * 0.25, 'number': n, 'text': 'item %d' % n}
        added = compact(line) + (1 if lines else 0)
        if length + added > target:
            break
        lines.append(line)
        length += added
    value = {'lines': lines, 'pages': 1, 'title': 'r' * (target - length)}
    assert compact(value) == target, (compact(value), target)
    return value


def best(operation, rounds=7, budget=0.3, between=lambda: None):
    """Mean µs per call of the best round; each round runs about `budget` seconds, `between` (untimed) after each."""
    operation()
    start = time.perf_counter()
    operation()
    once = max(time.perf_counter() - start, 1e-6)
    calls = max(1, int(budget / once))
    means = []
    for _ in range(rounds):
        between()
        start = time.perf_counter_ns()
        for _ in range(calls):
            operation()
        means.append((time.perf_counter_ns() - start) / calls / 1000.0)
    between()
    return min(means)


class NewIds:
    """Ids of tasks that have no result yet (as a worker stores them), removable between rounds."""

    def __init__(self, scratch):
        self.scratch, self.count = scratch, 0

    def next(self):
        self.count += 1
        return 'new-%d' % self.count

    def remove(self):
        for name in os.listdir(self.scratch):
            if name.startswith('celery-task-meta-new-'):
                os.remove(os.path.join(self.scratch, name))


def main():
    out, scratch = sys.argv[1], os.path.join(sys.argv[2], 'celery-peer')
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    app = Celery('peer', broker='memory://', backend='file://' + scratch)
    app.conf.update(result_serializer='json', accept_content=['json'])
    backend = app.backend
    results = {}
    try:
        for label, size in SIZES.items():
            for shape, make in (('map', fields), ('report', report)):
                value = make(size)
                read = 'peer-read-%s-%s' % (shape, label)
                backend.store_result(read, value, 'SUCCESS')
                if AsyncResult(read, app=app).result != value:
                    raise SystemExit('Celery did not read back what it stored')
                ids = NewIds(scratch)

                def store():
                    backend.store_result(ids.next(), value, 'SUCCESS')

                def lifecycle():
                    task = ids.next()
                    backend.store_result(task, {'pid': os.getpid(), 'hostname': 'peer'}, 'STARTED')
                    backend.store_result(task, value, 'SUCCESS')

                timed = {'store': store, 'get': lambda: AsyncResult(read, app=app).result}
                if shape == 'map':
                    timed['lifecycle'] = lifecycle
                for operation, call in timed.items():
                    results['%s %s %s' % (operation, shape, label)] = best(call, between=ids.remove)
                print('%-6s %-6s ' % (shape, label) + '   '.join('%s %10.1f µs' % (operation, results['%s %s %s' % (operation, shape, label)])
                                                             for operation in timed), flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    import celery
    results['_about'] = 'Celery %s, Python %s, file:// backend, best of 7 rounds' % (celery.__version__, sys.version.split()[0])
    with open(out, 'w') as f:
        json.dump(results, f, indent=1)


main()
