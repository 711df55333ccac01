// The indicator page's script (served as it is, no build step): reads /api/v1/indicators for the
// chosen date, draws one card per indicator with its monthly trend and per-town chart (uPlot), and
// lists the indicators the platform cannot compute. Chinese first, English secondary.
(function () {
  'use strict';

  var STATUS = {
    met: ['已达标', 'met'],
    'on-track': ['进度正常', 'on track'],
    behind: ['滞后', 'behind'],
    'no-data': ['暂无数据', 'no data'],
    'no-target': ['无规划目标', 'no plan target'],
  };
  var COLOURS = { line: '#a4262c', bar: '#2f6db3', grid: '#ece7dc', axis: '#5b6775' };

  var cardsEl = document.getElementById('cards');
  var dateEl = document.getElementById('date');
  var statusLine = document.getElementById('status-line');
  var charts = [];
  var lastBoard = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }
  function en(text) {
    return el('span', { class: 'en', text: text });
  }

  /** A value for reading: shares as %, multiples as ×, fen as yuan a month, counts grouped. */
  function formatValue(display, value) {
    if (value === null || value === undefined) return '—';
    var n = Number(value);
    switch (display) {
      case 'percent':
        return (n * 100).toFixed(1) + '%';
      case 'multiple':
        return n.toFixed(2) + '×';
      case 'yuan-per-month':
        return (n / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 }) + ' 元/月';
      case 'days':
        return n.toFixed(1) + ' 天';
      default:
        return n.toLocaleString('zh-CN');
    }
  }
  /** The numeric value a chart plots (shares in %, fen in yuan). */
  function plotValue(display, value) {
    if (value === null || value === undefined) return null;
    var n = Number(value);
    if (display === 'percent') return n * 100;
    if (display === 'yuan-per-month') return n / 100;
    return n;
  }
  function targetText(ind) {
    if (!ind.target) return '规划未设目标 · no plan target';
    var t = formatValue(ind.display, ind.target.value);
    var p = formatValue(ind.display, ind.target.pathValue);
    return '2025目标 ' + t + ' · 当日进度线 ' + p;
  }

  function chartWidth(container) {
    return Math.max(240, Math.floor(container.getBoundingClientRect().width) || 300);
  }

  function axisValues(display) {
    return function (u, splits) {
      return splits.map(function (v) {
        if (v === null || v === undefined) return '';
        if (display === 'percent') return v.toFixed(0) + '%';
        if (display === 'multiple') return v.toFixed(2);
        return v.toLocaleString('zh-CN');
      });
    };
  }

  function trendChart(container, ind) {
    var xs = ind.trend.map(function (_, i) {
      return i;
    });
    var ys = ind.trend.map(function (t) {
      return plotValue(ind.display, t.value);
    });
    var months = ind.trend.map(function (t) {
      return t.month.slice(2).replace('-', '/');
    });
    var series = [{}, { label: '数值', stroke: COLOURS.line, width: 2.5, points: { size: 5 }, spanGaps: false }];
    var data = [xs, ys];
    if (ind.target) {
      series.push({ label: '2025目标', stroke: '#1f7a4d', width: 1.5, dash: [6, 4], points: { show: false } });
      data.push(
        xs.map(function () {
          return plotValue(ind.display, ind.target.value);
        }),
      );
    }
    return new uPlot(
      {
        width: chartWidth(container),
        height: 150,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [
          {
            stroke: COLOURS.axis,
            grid: { stroke: COLOURS.grid },
            values: function (u, splits) {
              return splits.map(function (i) {
                return months[i] || '';
              });
            },
          },
          { stroke: COLOURS.axis, grid: { stroke: COLOURS.grid }, size: 56, values: axisValues(ind.display) },
        ],
        series: series,
      },
      data,
      container,
    );
  }

  function townChart(container, ind) {
    var towns = ind.towns;
    var xs = towns.map(function (_, i) {
      return i;
    });
    var ys = towns.map(function (t) {
      return plotValue(ind.display, t.value);
    });
    var names = towns.map(function (t) {
      return t.name.length > 5 ? t.name.slice(0, 5) : t.name;
    });
    return new uPlot(
      {
        width: chartWidth(container),
        height: 150,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false, range: [-0.6, towns.length - 0.4] }, y: { range: [0, null] } },
        axes: [
          {
            stroke: COLOURS.axis,
            grid: { show: false },
            splits: function () {
              return xs;
            },
            values: function (u, splits) {
              return splits.map(function (i) {
                return names[i] || '';
              });
            },
          },
          { stroke: COLOURS.axis, grid: { stroke: COLOURS.grid }, size: 56, values: axisValues(ind.display) },
        ],
        series: [
          {},
          {
            label: '各镇街',
            fill: COLOURS.bar,
            stroke: COLOURS.bar,
            paths: uPlot.paths.bars({ size: [0.6, 60] }),
            points: { show: false },
          },
        ],
      },
      [xs, ys],
      container,
    );
  }

  function evidenceBlock(ind) {
    var details = el('details', { class: 'evidence' }, [
      el('summary', {}, [
        '依据 ' +
          ind.eventCount +
          ' 个事件' +
          (ind.parameters.length ? '、' + ind.parameters.length + ' 个参数 ' : ' '),
        en(
          'from ' +
            ind.eventCount +
            ' events' +
            (ind.parameters.length ? ', ' + ind.parameters.length + ' parameters' : ''),
        ),
      ]),
    ]);
    var loaded = false;
    details.addEventListener('toggle', function () {
      if (!details.open || loaded) return;
      loaded = true;
      var list = el('ol');
      details.appendChild(list);
      fetch('/api/v1/indicators/' + encodeURIComponent(ind.id) + '?date=' + ind.date + '&limit=50')
        .then(function (r) {
          return r.json();
        })
        .then(function (one) {
          (one.events || []).forEach(function (e) {
            list.appendChild(
              el('li', {}, [
                e.occurredOn + ' ',
                el('code', { text: e.type }),
                ' ' + (e.town || '') + ' ',
                en(e.subject),
              ]),
            );
          });
          (one.parameters || []).forEach(function (p) {
            list.appendChild(
              el('li', {}, [
                p.effectiveFrom + ' ',
                el('code', { text: p.key }),
                ' = ' + p.value + ' ',
                en(p.scheduledBy ? 'scheduled by ' + p.scheduledBy : p.source),
              ]),
            );
          });
          if (!list.children.length) list.appendChild(el('li', { text: '无 · none' }));
        });
    });
    return details;
  }

  function card(ind) {
    var s = STATUS[ind.status];
    var trend = el('div', { class: 'chart trend' });
    var towns = el('div', { class: 'chart towns' });
    var node = el('article', { class: 'card status-' + ind.status, 'data-indicator-id': ind.id }, [
      el('div', { class: 'plan' }, [
        el('span', { text: ind.plan }),
        el('span', { class: 'pill ' + ind.status }, [s[0] + ' ', en(s[1])]),
      ]),
      el('h3', { text: ind.titleZh }),
      el('p', { class: 'title-en en', text: ind.titleEn }),
      el('div', { class: 'figure' }, [
        el('span', { class: 'value', text: formatValue(ind.display, ind.value) }),
        el('span', { class: 'target', text: targetText(ind) }),
      ]),
      el('p', { class: 'chart-label' }, ['月度趋势 ', en('trend by month')]),
      trend,
      ind.towns.length ? el('p', { class: 'chart-label' }, ['各镇街 ', en('by town')]) : null,
      ind.towns.length ? towns : null,
      el('p', { class: 'basis', text: ind.basis }),
      evidenceBlock(ind),
    ]);
    return { node: node, trend: trend, towns: towns };
  }

  function drawCharts(board) {
    charts.forEach(function (c) {
      c.destroy();
    });
    charts = [];
    board.indicators.forEach(function (ind) {
      var node = cardsEl.querySelector('[data-indicator-id="' + ind.id + '"]');
      var trend = node.querySelector('.chart.trend');
      var towns = node.querySelector('.chart.towns');
      trend.textContent = '';
      if (ind.trend && ind.trend.length) charts.push(trendChart(trend, ind));
      if (towns) {
        towns.textContent = '';
        charts.push(townChart(towns, ind));
      }
    });
  }

  function render(board) {
    lastBoard = board;
    cardsEl.textContent = '';
    board.indicators.forEach(function (ind) {
      cardsEl.appendChild(card(ind).node);
    });
    drawCharts(board);
    var tbody = document.querySelector('#missing tbody');
    tbody.textContent = '';
    board.notComputable.forEach(function (m) {
      tbody.appendChild(
        el('tr', {}, [
          el('td', {}, [m.titleZh, el('br'), en(m.plan + ' · ' + m.titleEn)]),
          el('td', { text: m.planTarget }),
          el('td', { text: m.needs }),
        ]),
      );
    });
    var counts = {};
    board.indicators.forEach(function (i) {
      counts[i.status] = (counts[i.status] || 0) + 1;
    });
    statusLine.textContent = '';
    statusLine.appendChild(
      document.createTextNode(
        board.date +
          ' · ' +
          board.indicators.length +
          ' 项指标：已达标 ' +
          (counts.met || 0) +
          '，进度正常 ' +
          (counts['on-track'] || 0) +
          '，滞后 ' +
          (counts.behind || 0) +
          ' ',
      ),
    );
    statusLine.appendChild(en(board.indicators.length + ' indicators computed from events'));
    document.body.setAttribute('data-loaded-date', board.date);
  }

  function load(date) {
    statusLine.textContent = '加载中… loading…';
    var url = '/api/v1/indicators' + (date ? '?date=' + encodeURIComponent(date) : '');
    return fetch(url)
      .then(function (r) {
        if (!r.ok)
          return r.json().then(function (p) {
            throw new Error(p.detail || r.statusText);
          });
        return r.json();
      })
      .then(function (board) {
        dateEl.value = board.date;
        var params = new URLSearchParams(location.search);
        params.set('date', board.date);
        history.replaceState(null, '', location.pathname + '?' + params.toString());
        render(board);
      })
      .catch(function (error) {
        statusLine.textContent = '无法加载 · could not load: ' + error.message;
      });
  }

  dateEl.addEventListener('change', function () {
    if (dateEl.value) load(dateEl.value);
  });
  document.getElementById('today').addEventListener('click', function () {
    load(null);
  });
  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      if (lastBoard) drawCharts(lastBoard);
    }, 150);
  });

  load(new URLSearchParams(location.search).get('date'));
})();
