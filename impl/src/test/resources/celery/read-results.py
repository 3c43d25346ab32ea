"""Reads results with Celery's own file:// backend and AsyncResult, and prints what Celery sees.

Usage: /usr/bin/python3 read-results.py <directory> <task id>...
Prints one JSON object: {task id: {"status", "result", "traceback", "date_done", "exception"}}.
"""
import json
import sys

from celery import Celery
from celery.result import AsyncResult

directory, task_ids = sys.argv[1], sys.argv[2:]
app = Celery('reader', broker='memory://', backend='file://' + directory)
app.conf.update(result_serializer='json', accept_content=['json'], result_extended=True)

seen = {}
for task_id in task_ids:
    result = AsyncResult(task_id, app=app)
    value = result.result
    exception = None
    if isinstance(value, BaseException):
        exception = {'type': type(value).__name__, 'module': type(value).__module__, 'args': list(value.args)}
        value = None
    date_done = result.date_done
    seen[task_id] = {
        'status': result.status,
        'result': value,
        'traceback': result.traceback,
        'date_done': date_done.isoformat() if date_done is not None else None,
        'exception': exception,
        'name': result.name,
        'args': result.args,
        'kwargs': result.kwargs,
    }
sys.stdout.write(json.dumps(seen))
