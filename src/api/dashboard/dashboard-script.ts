/**
 * The dashboard's browser script, served as `/dashboard/dashboard.js`: sign-in with an API token
 * (kept in the tab's sessionStorage only), the charts (Chart.js), the queue and failure tables,
 * the Retry buttons (`POST /api/v1/posts/{id}/retry`), and a refresh every 15 seconds.
 * Plain ES2020 without modules, so any current browser runs it as served.
 */
export const DASHBOARD_SCRIPT = String.raw`'use strict';
(function () {
  var API = '/api/v1';
  var KEY = 'cars-bot-api-token';
  var REFRESH_MS = 15000;
  var COLORS = { received: '#d0d5dd', duplicate: '#fdb022', not_car: '#667085', extracting: '#9e77ed', ready: '#53b1fd', publishing: '#1570ef', published: '#12b76a', failed: '#f04438' };
  var charts = {};
  var timer = null;
  var $ = function (id) { return document.getElementById(id); };

  function token() { return sessionStorage.getItem(KEY); }
  function setState(state) { document.body.setAttribute('data-state', state); }
  function esc(text) { return String(text == null ? '' : text).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function hourLabel(iso) { return iso.slice(11, 16); }
  function dayLabel(iso) { return iso.slice(5, 10); }
  function ago(ms) {
    if (ms < 1000) return ms + ' ms';
    var s = Math.round(ms / 1000);
    return s < 120 ? s + ' s' : Math.round(s / 60) + ' min';
  }

  function api(method, path) {
    return fetch(API + path, { method: method, headers: { authorization: 'Bearer ' + token() } }).then(function (res) {
      if (res.status === 401) { signOut('That token was not accepted.'); throw new Error('unauthorized'); }
      return res.json().then(function (body) { return { status: res.status, body: body }; });
    });
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY);
    if (timer) clearInterval(timer);
    timer = null;
    $('app').classList.add('hidden');
    $('login').classList.remove('hidden');
    var err = $('login-error');
    err.textContent = message || '';
    err.classList.toggle('hidden', !message);
    setState('signed-out');
  }

  function chart(id, config) {
    if (charts[id]) {
      charts[id].data = config.data;
      charts[id].update('none');
      return charts[id];
    }
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    charts[id] = new Chart($(id), config);
    return charts[id];
  }

  function drawPosts(d) {
    var statuses = Object.keys(d.postsPerHour.byStatus);
    chart('posts-chart', {
      type: 'bar',
      data: {
        labels: d.postsPerHour.hours.map(hourLabel),
        datasets: statuses.map(function (s) { return { label: s, data: d.postsPerHour.byStatus[s], backgroundColor: COLORS[s] || '#999', stack: 'posts' }; }),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { labels: { boxWidth: 12 } } } },
    });
  }

  function drawPublishing(d) {
    var p = d.publishing;
    $('publish-note').textContent = 'Listings sent to our channel per minute, last hour: ' + p.lastHour + ' sent; the limit is ' + p.limitPerMinute + ' per minute.';
    chart('publish-chart', {
      type: 'bar',
      data: {
        labels: p.minutes.map(hourLabel),
        datasets: [
          { type: 'bar', label: 'published per minute', data: p.published, backgroundColor: '#12b76a' },
          { type: 'line', label: 'limit (' + p.limitPerMinute + '/min)', data: p.minutes.map(function () { return p.limitPerMinute; }), borderColor: '#f04438', borderDash: [6, 4], pointRadius: 0, borderWidth: 1.5 },
        ],
      },
      options: { scales: { y: { beginAtZero: true, suggestedMax: p.limitPerMinute * 1.1, ticks: { precision: 0 } } } },
    });
  }

  function drawAi(d) {
    var a = d.ai;
    var tokens = a.promptTokens.map(function (n, i) { return n + a.completionTokens[i]; });
    var total = a.costUsd ? a.costUsd.reduce(function (s, n) { return s + n; }, 0) : null;
    $('ai-note').textContent = 'OpenAI calls and tokens per day, last 7 days (models: ' + Array.from(new Set(a.models)).join(', ') + '). ' +
      (total === null ? 'No cost estimate: a model\'s price is unknown.' : 'Estimated cost: $' + total.toFixed(4) + ' at list prices.');
    var datasets = [
      { type: 'bar', label: 'AI calls', data: a.calls, backgroundColor: '#7a5af8', yAxisID: 'calls' },
      { type: 'line', label: 'tokens', data: tokens, borderColor: '#2e90fa', backgroundColor: '#2e90fa', yAxisID: 'tokens' },
    ];
    if (a.costUsd) datasets.push({ type: 'line', label: 'est. cost ($)', data: a.costUsd, borderColor: '#f79009', backgroundColor: '#f79009', borderDash: [4, 3], yAxisID: 'cost' });
    chart('ai-chart', {
      type: 'bar',
      data: { labels: a.days.map(dayLabel), datasets: datasets },
      options: {
        scales: {
          calls: { type: 'linear', position: 'left', beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'calls' } },
          tokens: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'tokens' } },
          cost: { type: 'linear', position: 'right', beginAtZero: true, display: !!a.costUsd, grid: { drawOnChartArea: false }, title: { display: true, text: '$' } },
        },
      },
    });
  }

  function drawQueues(d) {
    var labels = d.queues.map(function (q) { return q.taskQueue + (q.kind === 'workflow' ? ' (workflows)' : ''); });
    chart('queue-chart', {
      type: 'bar',
      data: {
        labels: labels,
        datasets: [
          { label: 'backlog', data: d.queues.map(function (q) { return q.backlog; }), backgroundColor: '#f79009' },
          { label: 'live pollers', data: d.queues.map(function (q) { return q.livePollers; }), backgroundColor: '#12b76a' },
        ],
      },
      options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    $('queues').querySelector('tbody').innerHTML = d.queues.map(function (q, i) {
      var state = q.livePollers > 0 ? '<span class="pill ok">live</span>' : q.backlog > 0 ? '<span class="pill down">no worker</span>' : '<span class="pill idle">none polling</span>';
      return '<tr data-queue="' + esc(q.taskQueue) + '" data-kind="' + esc(q.kind) + '"><td>' + esc(q.taskQueue) + '</td><td>' + esc(q.kind) + '</td><td class="num">' + q.backlog +
        '</td><td class="num">' + (q.backlog > 0 ? ago(q.oldestAgeMs) : '—') + '</td><td class="num">' + q.livePollers + (q.pollers !== q.livePollers ? ' (' + q.pollers + ' seen)' : '') + '</td><td>' + state + '</td></tr>';
    }).join('');
  }

  function drawWatchers(d) {
    var body = $('watchers').querySelector('tbody');
    var list = d.watchers || [];
    if (list.length === 0) { body.innerHTML = '<tr><td colspan="6">No channel watchers.</td></tr>'; return; }
    body.innerHTML = list.map(function (w) {
      var state = !w.running ? '<span class="pill idle">ended</span>' : w.lastError ? '<span class="pill down">failing</span>' : '<span class="pill ok">running</span>';
      var polled = w.lastPollAt ? esc(w.lastPollAt.replace('T', ' ').slice(0, 19)) + ' UTC' : 'never';
      return '<tr data-channel="' + esc(w.channel) + '"><td>' + esc(w.channel) + (w.reader ? '<br><small>' + esc(w.reader) + '</small>' : '') + '</td><td>' + state + '</td><td>' + polled +
        '</td><td class="num">' + (w.cursor === null ? '—' : w.cursor) + '</td><td class="num">' + (w.lag === null ? '—' : w.lag) + '</td><td class="reason">' + esc(w.lastError || '') + '</td></tr>';
    }).join('');
  }

  function drawFailures(d) {
    var body = $('failures').querySelector('tbody');
    if (d.failures.length === 0) { body.innerHTML = '<tr><td colspan="5">No failed posts.</td></tr>'; return; }
    body.innerHTML = d.failures.map(function (f) {
      var post = f.webUiUrl ? '<a href="' + esc(f.webUiUrl) + '" target="_blank" rel="noopener">' + esc(f.workflowId) + '</a>' : esc(f.workflowId);
      return '<tr data-post="' + f.postId + '"><td>' + post + '<br><small>post ' + f.postId + ', ' + esc(f.source) + ' #' + f.messageId + '</small></td><td>' + esc(f.failedStep || '—') +
        '</td><td class="reason">' + esc(f.error || '—') + '</td><td>' + esc(f.failedAt.replace('T', ' ').slice(0, 19)) + ' UTC</td><td><button class="retry" type="button" data-post="' + f.postId + '">Retry</button> <span class="outcome"></span></td></tr>';
    }).join('');
  }

  function render(d) {
    $('updated').textContent = 'updated ' + d.generatedAt.replace('T', ' ').slice(0, 19) + ' UTC';
    $('ui-link').innerHTML = d.temporalUiUrl ? '<a href="' + esc(d.temporalUiUrl) + '" target="_blank" rel="noopener">Temporal Web UI</a>' : '';
    drawPosts(d);
    drawPublishing(d);
    drawAi(d);
    drawQueues(d);
    drawWatchers(d);
    drawFailures(d);
    setState('ready');
  }

  function refresh() {
    return api('GET', '/dashboard').then(function (r) {
      if (r.status !== 200) throw new Error((r.body.error && r.body.error.message) || 'HTTP ' + r.status);
      render(r.body);
    }).catch(function (err) {
      if (err.message !== 'unauthorized') $('updated').textContent = 'could not refresh: ' + err.message;
    });
  }

  function signIn(t) {
    sessionStorage.setItem(KEY, t);
    $('login').classList.add('hidden');
    $('app').classList.remove('hidden');
    setState('loading');
    refresh();
    timer = setInterval(refresh, REFRESH_MS);
  }

  $('login').addEventListener('submit', function (e) {
    e.preventDefault();
    var t = $('token').value.trim();
    $('token').value = '';
    if (t) signIn(t);
  });
  $('sign-out').addEventListener('click', function () { signOut(); });
  $('failures').addEventListener('click', function (e) {
    var button = e.target.closest('button.retry');
    if (!button) return;
    var outcome = button.parentElement.querySelector('.outcome');
    button.disabled = true;
    outcome.textContent = 'retrying…';
    api('POST', '/posts/' + encodeURIComponent(button.getAttribute('data-post')) + '/retry').then(function (r) {
      if (r.status === 202) { outcome.textContent = 'retried (' + r.body.how + ')'; outcome.className = 'outcome retried'; }
      else { outcome.textContent = (r.body.error && r.body.error.message) || 'HTTP ' + r.status; outcome.className = 'outcome err'; button.disabled = false; }
    }).catch(function (err) { outcome.textContent = err.message; outcome.className = 'outcome err'; button.disabled = false; });
  });

  if (token()) signIn(token());
})();
`;
