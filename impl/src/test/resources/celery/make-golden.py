"""Writes result documents with Celery's own file:// result backend, for the codec's tests.

Usage (Debian's python3-celery): /usr/bin/python3 make-golden.py <output directory>
Each document is the file Celery wrote, named by its key: celery-task-meta-<task id>.
"""
import json
import os
import sys

from celery import Celery
from celery.app.task import Context

out = os.path.abspath(sys.argv[1])
os.makedirs(out, exist_ok=True)


def app(extended):
    celery = Celery('golden', broker='memory://', backend='file://' + out)
    celery.conf.update(task_always_eager=True, task_store_eager_result=True, result_extended=extended,
                       result_serializer='json', accept_content=['json'])
    return celery


plain = app(False)


@plain.task(name='golden.echo')
def echo(value):
    return value


@plain.task(name='golden.divide')
def divide(a, b):
    return a / b


echo.apply(args=[{'pages': 12, 'title': 'r\u00e9sum\u00e9', 'nested': {'list': [1, 2.5, None, True]}}], task_id='golden-success-dict')
echo.apply(args=[[1, 'two', 3.0, [4], {'five': 5}]], task_id='golden-success-list')
echo.apply(args=['line 1\nline "2"\t\\ \u00e9\u4e2d\U0001F600'], task_id='golden-success-str')
echo.apply(args=[123456789012345678901234567890], task_id='golden-success-int')
echo.apply(args=[{'nan': float('nan'), 'inf': float('inf'), 'ninf': float('-inf'), 'pi': 3.141592653589793}],
           task_id='golden-success-float')
echo.apply(args=[None], task_id='golden-success-none')
divide.apply(args=[1, 0], task_id='golden-failure')
# What Task.update_state does for a running task: a custom state with its meta as the result.
echo.update_state(task_id='golden-progress', state='PROGRESS',
                  meta={'current': 3, 'total': 10, 'note': 'caf\u00e9 \u2192 \U0001F600'})

backend = plain.backend
backend.mark_as_started('golden-started', pid=4242, hostname='celery@worker-1')
try:
    raise ConnectionError('broker went away')
except ConnectionError as cause:
    import traceback
    backend.mark_as_retry('golden-retry', cause, traceback=traceback.format_exc())
backend.mark_as_revoked('golden-revoked', reason='terminated')

# Extended mode: the task's name, args, kwargs and more beside the result.
extended = app(True)


# What a worker passes for a task it ran: the request the extended fields come from.
extended.backend.store_result('golden-extended', 50, 'SUCCESS', request=Context(
    id='golden-extended', task='golden.add', args=[2, 3], kwargs={'scale': 10}, hostname='celery@worker-1',
    retries=1, delivery_info={'routing_key': 'reports'}))

# Documents written by Python's json directly: the spellings Celery's serializer may produce.
for name, value, options in [
    ('python-json-ascii', {'text': 'caf\u00e9 \U0001F600 \ud800', 'n': -0.0, 'big': 10 ** 30, 'e': 1e300}, {}),
    ('python-json-utf8', {'text': 'caf\u00e9 \U0001F600', 'nested': [[[{}]]], 'nan': float('nan')}, {'ensure_ascii': False}),
]:
    document = {'status': 'SUCCESS', 'result': value, 'traceback': None, 'children': [],
                'date_done': '2026-11-24T10:15:30.123456', 'task_id': name}
    with open(os.path.join(out, 'celery-task-meta-' + name), 'w', encoding='utf-8', errors='surrogatepass') as f:
        json.dump(document, f, indent=2, sort_keys=True, **options)

print('\n'.join(sorted(os.listdir(out))))
