// Switchboard live dashboard: polls /metrics once a second, parses the Prometheus text format and draws
// per-second rates from counter deltas. Plain JS, no dependencies; the API key (if the hub asks for one) is kept
// in sessionStorage, so it lives for this tab only.
(function () {
  'use strict';

  var POLL_MS = 1000;
  var HISTORY = 60; // samples per chart: one minute at one poll a second
  var KEY_STORAGE = 'switchboard.apiKey';
  var SVG_NS = 'http://www.w3.org/2000/svg';

  // The hub's close-code catalogue (dev.switchboard.protocol.CloseCodes) and the standard codes peers send.
  var CLOSE_MEANINGS = {
    '1000': 'Normal closure', '1001': 'Going away (hub shutting down)', '1002': 'Protocol error', '1003': 'Unsupported data',
    '1005': 'No status received', '1006': 'Abnormal closure (no close frame)', '1007': 'Invalid payload',
    '1008': 'Policy violation', '1009': 'Message too big', '1011': 'Internal error',
    '1013': 'Over capacity, try again later', '4000': 'Client reconnecting (switchboard.js: no pong, or offline)',
    '4008': 'Heartbeat timeout', '4009': 'Slow consumer',
    '4029': 'Rate limited', '4501': 'Unauthorized', '4503': 'Forbidden'
  };

  var previous = null;   // {at, counters} of the last successful poll
  var series = {};       // chart name -> array of numbers
  var timer = null;
  var waitingForKey = false;

  function $(id) { return document.getElementById(id); }

  // ---- Prometheus text format -------------------------------------------------------------------------------

  /** Parses exposition text into {name: [{labels: {...}, value: number}]}; comments and blank lines are skipped. */
  function parseMetrics(text) {
    var out = {};
    var lines = text.split('\n');
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i].trim();
      if (line === '' || line.charAt(0) === '#') continue;
      var m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\S+)?$/.exec(line);
      if (!m) continue;
      var value = parseValue(m[4]);
      (out[m[1]] = out[m[1]] || []).push({ labels: parseLabels(m[3] || ''), value: value });
    }
    return out;
  }

  function parseValue(raw) {
    if (raw === '+Inf') return Infinity;
    if (raw === '-Inf') return -Infinity;
    return Number(raw); // NaN stays NaN
  }

  function parseLabels(body) {
    var labels = {};
    var re = /([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g;
    var m;
    while ((m = re.exec(body)) !== null) {
      labels[m[1]] = m[2].replace(/\\(["\\n])/g, function (_, c) { return c === 'n' ? '\n' : c; });
    }
    return labels;
  }

  function total(metrics, name) {
    var samples = metrics[name] || [];
    var sum = 0;
    for (var i = 0; i < samples.length; i++) if (isFinite(samples[i].value)) sum += samples[i].value;
    return sum;
  }

  function byLabel(metrics, name, label) {
    var result = {};
    (metrics[name] || []).forEach(function (s) {
      var key = s.labels[label] === undefined ? '' : s.labels[label];
      result[key] = (result[key] || 0) + (isFinite(s.value) ? s.value : 0);
    });
    return result;
  }

  // ---- Formatting and drawing -------------------------------------------------------------------------------

  function formatCount(n) {
    return Math.round(n).toLocaleString('en-US');
  }

  function formatRate(n) {
    if (n >= 100) return Math.round(n).toLocaleString('en-US');
    if (n === 0) return '0';
    return n.toFixed(1);
  }

  function formatBytes(n) {
    if (n < 1024) return Math.round(n) + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
    return (n / (1024 * 1024)).toFixed(1) + ' MiB';
  }

  // engine=redis publishes switchboard_redis_up; the memory engine has no such gauge.
  function renderEngine(metrics) {
    if (!metrics.switchboard_redis_up) {
      setMetric('engine', 'memory');
      setMetric('engine-detail', 'one node, in memory');
      return;
    }
    var up = total(metrics, 'switchboard_redis_up') >= 1;
    setMetric('engine', up ? 'redis · up' : 'redis · DOWN');
    setMetric('engine-detail', formatCount(total(metrics, 'switchboard_redis_pubsub_channels')) +
      ' pub/sub channels · ' + formatCount(total(metrics, 'switchboard_cluster_gap_fills_total')) + ' gap fills · ' +
      formatCount(total(metrics, 'switchboard_redis_errors_total')) + ' errors');
  }

  function setMetric(name, text) {
    var nodes = document.querySelectorAll('[data-metric="' + name + '"]');
    for (var i = 0; i < nodes.length; i++) if (nodes[i].textContent !== text) nodes[i].textContent = text;
  }

  function push(name, value) {
    var s = series[name] = series[name] || [];
    s.push(value);
    if (s.length > HISTORY) s.shift();
  }

  function draw(name) {
    var svg = document.querySelector('svg[data-chart="' + name + '"]');
    var s = series[name] || [];
    if (!svg || s.length === 0) return;
    var max = Math.max.apply(null, s.concat([1]));
    var step = 120 / (HISTORY - 1);
    var x0 = 120 - (s.length - 1) * step;
    var points = s.map(function (v, i) {
      return (x0 + i * step).toFixed(2) + ',' + (38 - (v / max) * 34).toFixed(2);
    });
    var area = points.concat([(120).toFixed(2) + ',40', x0.toFixed(2) + ',40']).join(' ');
    svg.textContent = '';
    var fill = document.createElementNS(SVG_NS, 'polygon');
    fill.setAttribute('points', area);
    fill.setAttribute('class', 'area');
    var line = document.createElementNS(SVG_NS, 'polyline');
    line.setAttribute('points', points.join(' '));
    line.setAttribute('class', 'line');
    svg.appendChild(fill);
    svg.appendChild(line);
    var peak = Math.max.apply(null, s);
    var isRate = /-rate$/.test(name);
    var caption = svg.nextElementSibling.querySelector('.peak');
    caption.textContent = 'peak ' + (isRate ? formatRate(peak) + '/s' : formatCount(peak));
  }

  /** Puts a caption under every chart: its time window on the left, its peak on the right. */
  function addChartCaptions() {
    var charts = document.querySelectorAll('svg.chart');
    for (var i = 0; i < charts.length; i++) {
      var axis = document.createElement('div');
      axis.className = 'axis';
      var range = document.createElement('span');
      range.textContent = 'last ' + HISTORY + ' s';
      var peak = document.createElement('span');
      peak.className = 'peak';
      axis.appendChild(range);
      axis.appendChild(peak);
      charts[i].parentNode.insertBefore(axis, charts[i].nextSibling);
    }
  }

  function fillRows(tbodyId, counts, columns, emptyText, metricPrefix) {
    var tbody = $(tbodyId);
    var keys = Object.keys(counts).sort();
    tbody.textContent = '';
    if (keys.length === 0) {
      var tr = document.createElement('tr');
      tr.className = 'empty';
      var td = document.createElement('td');
      td.colSpan = columns;
      td.textContent = emptyText;
      tr.appendChild(td);
      tbody.appendChild(tr);
      return;
    }
    keys.forEach(function (key) {
      var row = document.createElement('tr');
      var cells = [key];
      if (columns === 3) cells.push(CLOSE_MEANINGS[key] || 'Application-defined');
      cells.forEach(function (text) {
        var td = document.createElement('td');
        td.textContent = text;
        row.appendChild(td);
      });
      var count = document.createElement('td');
      count.className = 'num';
      count.setAttribute('data-metric', metricPrefix + key);
      count.textContent = formatCount(counts[key]);
      row.appendChild(count);
      tbody.appendChild(row);
    });
  }

  // ---- One poll ---------------------------------------------------------------------------------------------

  function rate(name, now, counters) {
    if (!previous) return 0;
    var seconds = (now - previous.at) / 1000;
    var before = previous.counters[name];
    if (seconds <= 0 || before === undefined) return 0;
    var delta = counters[name] - before;
    // A counter that went down was reset (hub restarted): count from zero.
    return Math.max(0, delta < 0 ? counters[name] : delta) / seconds;
  }

  function render(metrics) {
    var now = performance.now();
    var counters = {
      in: total(metrics, 'switchboard_messages_received_total'),
      out: total(metrics, 'switchboard_messages_sent_total'),
      publishes: total(metrics, 'switchboard_publishes_total'),
      closes: total(metrics, 'switchboard_connections_closed_total'),
      refused: total(metrics, 'switchboard_handshakes_refused_total')
    };
    var rates = {
      in: rate('in', now, counters), out: rate('out', now, counters), publishes: rate('publishes', now, counters),
      closes: rate('closes', now, counters), refused: rate('refused', now, counters)
    };
    previous = { at: now, counters: counters };

    var connections = total(metrics, 'switchboard_connections');
    var outboxMessages = total(metrics, 'switchboard_outbox_queued_messages');
    setMetric('connections', formatCount(connections));
    setMetric('connections-opened-total', formatCount(total(metrics, 'switchboard_connections_opened_total')));
    setMetric('messages-in-rate', formatRate(rates.in));
    setMetric('messages-in-total', formatCount(counters.in));
    setMetric('messages-out-rate', formatRate(rates.out));
    setMetric('messages-out-total', formatCount(counters.out));
    setMetric('publishes-rate', formatRate(rates.publishes));
    setMetric('publishes-total', formatCount(counters.publishes));
    setMetric('outbox-messages', formatCount(outboxMessages));
    setMetric('outbox-bytes', formatBytes(total(metrics, 'switchboard_outbox_queued_bytes')));
    renderEngine(metrics);
    setMetric('closes-total', formatCount(counters.closes));
    setMetric('closes-rate', formatRate(rates.closes));
    setMetric('refused-total', formatCount(counters.refused));
    setMetric('refused-rate', formatRate(rates.refused));
    fillRows('closes-rows', byLabel(metrics, 'switchboard_connections_closed_total', 'code'), 3,
      'No closes yet', 'closes-');
    fillRows('refused-rows', byLabel(metrics, 'switchboard_handshakes_refused_total', 'reason'), 2,
      'No refusals yet', 'refused-');

    push('connections', connections);
    push('messages-in-rate', rates.in);
    push('messages-out-rate', rates.out);
    push('publishes-rate', rates.publishes);
    push('outbox-messages', outboxMessages);
    push('closes-rate', rates.closes);
    push('refused-rate', rates.refused);
    Object.keys(series).forEach(draw);
  }

  function setStatus(state, text) {
    $('status').setAttribute('data-state', state);
    $('status-text').textContent = text;
  }

  function showError(message) {
    var banner = $('error-banner');
    banner.textContent = message;
    banner.hidden = false;
  }

  function clearError() {
    $('error-banner').hidden = true;
  }

  function askForKey(message) {
    waitingForKey = true;
    $('key-form').hidden = false;
    $('panels').classList.add('locked');
    var error = $('key-error');
    error.textContent = message || '';
    error.hidden = !message;
    setStatus('locked', 'API key required');
    $('key-input').focus();
  }

  /** The hub's own explanation when no key can help (it has none and serves loopback callers only), else ''. */
  function keylessHint(body) {
    try {
      var message = JSON.parse(body).message;
      return typeof message === 'string' && /no api\.key/i.test(message) ? message : '';
    } catch (e) {
      return '';
    }
  }

  function poll() {
    timer = null;
    var key = sessionStorage.getItem(KEY_STORAGE);
    var headers = key ? { Authorization: 'Bearer ' + key } : {};
    fetch('/metrics', { headers: headers, cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) {
          return response.text().then(function (body) {
            var hint = keylessHint(body);
            if (key) {
              sessionStorage.removeItem(KEY_STORAGE);
              askForKey(hint || 'The hub did not accept that key.');
            } else {
              askForKey(hint);
            }
          });
        }
        if (!response.ok) throw new Error('the hub answered HTTP ' + response.status);
        return response.text().then(function (text) {
          waitingForKey = false;
          $('key-form').hidden = true;
          $('panels').classList.remove('locked');
          clearError();
          render(parseMetrics(text));
          setStatus('live', 'Live');
          var at = new Date();
          var stamp = $('last-updated');
          stamp.textContent = at.toLocaleTimeString('en-GB');
          stamp.setAttribute('datetime', at.toISOString());
        });
      })
      .catch(function (e) {
        setStatus('down', 'Hub unreachable');
        showError('Cannot read /metrics: ' + (e && e.message ? e.message : e) + '. Retrying every second; '
          + 'the numbers below are from the last successful update.');
      })
      .then(schedule);
  }

  function schedule() {
    if (!waitingForKey && timer === null) timer = setTimeout(poll, POLL_MS);
  }

  $('key-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var key = $('key-input').value.trim();
    if (key === '') {
      askForKey('Enter the API key.');
      return;
    }
    sessionStorage.setItem(KEY_STORAGE, key);
    $('key-input').value = '';
    waitingForKey = false;
    $('key-error').hidden = true;
    setStatus('connecting', 'Checking key…');
    if (timer !== null) clearTimeout(timer);
    poll();
  });

  addChartCaptions();
  poll();
}());
