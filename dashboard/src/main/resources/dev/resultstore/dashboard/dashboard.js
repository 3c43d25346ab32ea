'use strict';
// Everything the API returns is shown with textContent: stored values are data, never markup.
(function () {
  const pageSize = 25;
  const $ = (id) => document.getElementById(id);
  const view = { cursors: [], cursor: null, next: null, request: 0 };

  async function get(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    const body = await response.json().catch(() => ({ error: response.statusText }));
    if (!response.ok) {
      throw new Error(body.error || ('HTTP ' + response.status));
    }
    return body;
  }

  function storeUrl() {
    return 'api/stores/' + encodeURIComponent($('store').value) + '/tasks';
  }

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text == null ? '' : text;
    if (className) {
      td.className = className;
    }
    return td;
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  async function list() {
    const query = new URLSearchParams({ limit: String(pageSize) });
    if ($('state').value) query.set('state', $('state').value);
    if ($('search').value.trim()) query.set('id', $('search').value.trim());
    if ($('older').value) query.set('olderThan', $('older').value);
    if (view.cursor) query.set('cursor', view.cursor);
    $('message').textContent = 'Loading…';
    const request = ++view.request;
    try {
      const page = await get(storeUrl() + '?' + query);
      if (request !== view.request) {
        return; // a newer filter was chosen meanwhile: its answer is the one to show
      }
      const body = $('tasks').tBodies[0];
      body.replaceChildren();
      for (const task of page.tasks) {
        const row = body.insertRow();
        row.dataset.taskId = task.taskId;
        const link = document.createElement('a');
        link.href = '#' + encodeURIComponent(task.taskId);
        link.textContent = task.taskId;
        link.addEventListener('click', (event) => { event.preventDefault(); detail(task.taskId); });
        cell(row, '').append(link);
        cell(row, task.state || 'unreadable', 'state state-' + (task.state || 'none'));
        cell(row, when(task.dateDone));
        cell(row, when(task.lastModified));
        cell(row, task.size + ' B', 'size');
      }
      view.next = page.cursor;
      $('next').disabled = !page.cursor;
      $('prev').disabled = view.cursors.length === 0;
      $('page').textContent = 'Page ' + (view.cursors.length + 1);
      $('message').textContent = page.tasks.length ? '' : 'No tasks match.';
    } catch (e) {
      $('message').textContent = e.message;
    }
  }

  async function detail(taskId) {
    try {
      const task = await get(storeUrl() + '/' + encodeURIComponent(taskId));
      $('detail-id').textContent = task.taskId;
      $('detail-state').textContent = task.state;
      $('detail-state').className = 'state state-' + task.state;
      $('detail-done').textContent = when(task.dateDone);
      const failure = task.failure;
      $('detail-error').textContent = failure
        ? (failure.module ? failure.module + '.' : '') + failure.type + ': ' + (failure.message || '') : '';
      $('detail-value').textContent = task.value == null ? '' : JSON.stringify(task.value, null, 2);
      $('detail-traceback').textContent = task.failure && task.failure.traceback ? task.failure.traceback : '';
      $('value-box').hidden = task.value == null;
      $('traceback-box').hidden = !$('detail-traceback').textContent;
      $('detail').hidden = false;
    } catch (e) {
      $('message').textContent = e.message;
    }
  }

  function restart() {
    view.cursors = [];
    view.cursor = null;
    $('detail').hidden = true;
    list();
  }

  async function start() {
    try {
      const stores = (await get('api/stores')).stores;
      for (const name of stores) {
        const option = document.createElement('option');
        option.value = option.textContent = name;
        $('store').append(option);
      }
    } catch (e) {
      $('message').textContent = e.message;
      return;
    }
    $('store').addEventListener('change', restart);
    $('state').addEventListener('change', restart);
    $('older').addEventListener('change', restart);
    $('filters').addEventListener('submit', (event) => { event.preventDefault(); restart(); });
    $('next').addEventListener('click', () => {
      view.cursors.push(view.cursor);
      view.cursor = view.next;
      list();
    });
    $('prev').addEventListener('click', () => {
      view.cursor = view.cursors.pop();
      list();
    });
    list();
  }

  start();
}());
