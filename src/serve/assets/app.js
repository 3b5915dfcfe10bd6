// dateline's search page. Everything the index holds is written as text nodes
// (textContent, createTextNode, SVG attributes): never innerHTML. The one piece of markup in
// the API's answers, the snippet's <b>…</b>, is rebuilt from its parts (see `snippetNodes`).
// The page's whole state lives in the query string (?q=&from=&to=&sort=&speaker=&page=,
// or ?id= for an article), so the back button and shared links work: a click on a timeline
// bar or on a voice is a link to the state it leads to.
'use strict';

const PAGE_SIZE = 10;
const VOICES = 10;
const RELATED = 5;
const SVG_NS = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);
const FIELDS = ['q', 'from', 'to', 'sort', 'speaker'];

/** The state the URL describes. */
function stateFromUrl() {
  const p = new URLSearchParams(location.search);
  const state = {};
  for (const k of FIELDS) state[k] = p.get(k) || '';
  state.page = Math.max(1, parseInt(p.get('page') || '1', 10) || 1);
  state.id = p.get('id') || '';
  return state;
}

/** The page's URL for a state (only the parameters that differ from the defaults). */
function urlFor(state) {
  const p = new URLSearchParams();
  if (state.id) {
    p.set('id', state.id);
  }
  for (const k of FIELDS) {
    if (state[k] && !(k === 'sort' && state[k] === 'relevance')) p.set(k, state[k]);
  }
  if (state.page > 1) p.set('page', String(state.page));
  const s = p.toString();
  return s ? '/?' + s : '/';
}

/** Goes to a state: a new history entry, then renders it. */
function go(state) {
  navigate(urlFor(state));
}

/** Follows a link inside the page: a new history entry, then the state it names. */
function navigate(url) {
  history.pushState({ inPage: true }, '', url);
  render(stateFromUrl());
  window.scrollTo(0, 0);
}

/** The request in flight per channel ('search', 'voices', 'article', 'similar'): a new
 *  request on a channel cancels the old one, so a slow answer never overwrites a newer. */
const inFlight = {};

/** GET an API path; the answer's JSON, or an Error carrying the API's own message. */
async function api(path, channel) {
  if (inFlight[channel]) inFlight[channel].abort();
  const controller = new AbortController();
  inFlight[channel] = controller;
  const res = await fetch(path, { signal: controller.signal, headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await res.json(); } catch (_) { /* not JSON: reported below */ }
  if (!res.ok) throw new Error((body && body.error) || `the server answered ${res.status}`);
  return body;
}

function abortAll() {
  for (const c of Object.values(inFlight)) c.abort();
}

function el(tag, props, children) {
  const node = document.createElement(tag);
  if (props) for (const [k, v] of Object.entries(props)) node[k] = v;
  for (const c of children || []) node.append(c);
  return node;
}

function svg(tag, attrs, children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  for (const c of children || []) node.append(c);
  return node;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** Decodes the five entities the server's HTML escaper writes. */
function unescapeHtml(s) {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) =>
    ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]);
}

/** The snippet as nodes: escaped text with matches in <b>…</b>, rebuilt without innerHTML. */
function snippetNodes(html) {
  const nodes = [];
  const parts = html.split(/(<b>|<\/b>)/);
  let bold = false;
  for (const part of parts) {
    if (part === '<b>') { bold = true; continue; }
    if (part === '</b>') { bold = false; continue; }
    if (!part) continue;
    const text = unescapeHtml(part);
    nodes.push(bold ? el('b', { textContent: text }) : document.createTextNode(text));
  }
  return nodes;
}

function meta(date, byline) {
  return [date || 'undated', byline].filter(Boolean).join(' · ');
}

function setStatus(text, isError) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', !!isError);
}

function fillForm(state) {
  for (const k of FIELDS) $(k).value = state[k] || (k === 'sort' ? 'relevance' : '');
}

function showView(which) {
  $('article').hidden = which !== 'article';
  $('results').hidden = which !== 'results';
  $('status').hidden = which === 'article';
  if (which !== 'results') $('pager').hidden = true;
}

/** The search filters that decide the timeline and the voices (not the page or sort). */
function filterKey(state) {
  return JSON.stringify([state.q, state.from, state.to, state.speaker]);
}

let shownVoices = null;

async function render(state) {
  abortAll();
  fillForm(state);
  if (state.id) return showArticle(state);
  if (!state.q.trim()) {
    showView('empty');
    $('hits').replaceChildren();
    setStatus('Type words to search; press / to jump to the search box.');
    document.title = 'dateline';
    return;
  }
  showView('results');
  document.title = state.q + ' — dateline';
  const p = new URLSearchParams({ q: state.q, limit: String(PAGE_SIZE), offset: String((state.page - 1) * PAGE_SIZE), timeline: 'auto' });
  for (const k of ['from', 'to', 'sort', 'speaker']) if (state[k]) p.set(k, state[k]);
  // The voices of the matching articles: asked for at once, shown only after the hits (on
  // a phone they sit below them: shown earlier, the hits arriving would push them down).
  const voicesKey = JSON.stringify([state.q, state.from, state.to]);
  let voices = null;
  if (voicesKey !== shownVoices) {
    const v = new URLSearchParams({ q: state.q, limit: String(VOICES) });
    for (const k of ['from', 'to']) if (state[k]) v.set(k, state[k]);
    voices = api('/api/speakers?' + v, 'voices').catch((e) => e);
    $('voices').setAttribute('aria-busy', 'true');
    $('voices').hidden = true;
  }
  // Old results stay in place, dimmed, until the new ones replace them: no jump.
  $('results').setAttribute('aria-busy', 'true');
  setStatus('Searching…');
  try {
    const r = await api('/api/search?' + p, 'search');
    showHits(state, r);
    showTimeline(state, r);
  } catch (e) {
    if (e.name === 'AbortError') return;
    $('hits').replaceChildren();
    showTimeline(state, { timeline: [], total_hits: 0 });
    pager(state, 0);
    setStatus(e.message, true);
  } finally {
    $('results').removeAttribute('aria-busy');
  }
  if (voices) {
    const v = await voices;
    if (v instanceof Error && v.name === 'AbortError') return;
    showVoices(state, v instanceof Error ? null : v);
    shownVoices = v instanceof Error ? null : voicesKey;
    $('voices').removeAttribute('aria-busy');
    $('voices').hidden = false;
  } else {
    markVoice(state);
  }
}

function showHits(state, r) {
  const items = r.hits.map((h) => {
    const link = el('a', { href: urlFor({ id: h.id }), textContent: h.headline || '(no headline)' });
    const copies = h.copies ? ` · +${plural(h.copies, 'copy', 'copies')}` : '';
    const li = el('li', { className: 'hit' }, [
      el('h2', null, [link]),
      el('p', { className: 'meta', textContent: meta(h.date, h.byline) + copies }),
      el('p', { className: 'snippet' }, snippetNodes(h.snippet || '')),
    ]);
    if (h.quotes && h.quotes.length) {
      li.append(el('ul', { className: 'quotes' }, h.quotes.map(quoteItem)));
    }
    li.append(el('p', { className: 'meta path', textContent: h.path }));
    return li;
  });
  $('hits').replaceChildren(...items);
  const first = (state.page - 1) * PAGE_SIZE + 1;
  if (r.hits.length) {
    setStatus(`${first}–${first + r.hits.length - 1} of ${r.total_hits} (${r.took_ms.toFixed(1)} ms)`);
  } else if (r.total_hits) {
    setStatus(`No hits on this page (${r.total_hits} in all).`);
  } else {
    const words = Object.values(r.did_you_mean || {});
    setStatus(words.length ? `No hits. Did you mean ${words.join(', ')}?` : 'No hits.');
  }
  pager(state, r.total_hits);
}

function quoteItem(q) {
  return el('li', null, [
    document.createTextNode('“' + q.text + '” '),
    el('span', { className: 'speaker', textContent: '— ' + (q.speaker || 'unattributed') }),
  ]);
}

function pager(state, total) {
  const pages = Math.ceil(total / PAGE_SIZE);
  // Shown only with a second page; hidden, it takes no room that results could push.
  $('pager').hidden = pages <= 1;
  const set = (id, page, show) => {
    const a = $(id);
    a.hidden = !show;
    if (show) a.href = urlFor({ ...state, page, id: '' });
  };
  set('prev', state.page - 1, state.page > 1);
  set('next', state.page + 1, state.page < pages);
  $('page-of').textContent = pages > 1 ? `page ${state.page} of ${pages}` : '';
}

/** First and last day (YYYY-MM-DD) of a period as the API names it (1987, 1987-03,
 *  1987-W10, 1987-03-02) or of a date filter (the same, or RFC 3339). */
function bounds(period) {
  const day = (d) => d.toISOString().slice(0, 10);
  let m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (m) {
    // ISO weeks: week 1 holds January 4th; weeks start on Monday.
    const jan4 = new Date(Date.UTC(+m[1], 0, 4));
    const monday = new Date(Date.UTC(+m[1], 0, 4 - ((jan4.getUTCDay() + 6) % 7) + (+m[2] - 1) * 7));
    return { first: day(monday), last: day(new Date(monday.getTime() + 6 * 864e5)) };
  }
  if ((m = /^(\d{4})$/.exec(period))) return { first: `${m[1]}-01-01`, last: `${m[1]}-12-31` };
  if ((m = /^(\d{4})-(\d{2})$/.exec(period))) {
    const last = new Date(Date.UTC(+m[1], +m[2], 0));
    return { first: `${period}-01`, last: day(last) };
  }
  return { first: period.slice(0, 10), last: period.slice(0, 10) };
}

/** The date filter a click on a bar leads to: the bar's period, inside the dates already
 *  chosen (the first and last bars may be cut by them). A whole period keeps its name. */
function narrowed(state, period) {
  const p = bounds(period);
  const from = state.from && bounds(state.from).first > p.first ? bounds(state.from).first : p.first;
  const to = state.to && bounds(state.to).last < p.last ? bounds(state.to).last : p.last;
  if (from === p.first && to === p.last && !period.includes('W')) return { from: period, to: period };
  return { from, to };
}

/** The timeline as an SVG bar chart: one link per period with matches, a single tab stop
 *  (arrow keys move between bars, Enter narrows the dates to the bar's period). */
function showTimeline(state, r) {
  const bars = r.timeline || [];
  const chart = $('timeline-chart');
  const undated = r.timeline_undated ? ` · ${r.timeline_undated} undated` : '';
  $('timeline-first').textContent = bars.length ? bars[0].period : '';
  $('timeline-last').textContent = bars.length ? bars[bars.length - 1].period : '';
  if (!bars.length) {
    chart.replaceChildren();
    $('timeline-hint').textContent = r.total_hits ? 'No dated matches' + undated : '';
    return;
  }
  $('timeline-hint').textContent = (bars.length > 1 ? 'Click a bar to narrow the dates' : '') + undated;
  const W = 10;
  const H = 100;
  const max = Math.max(1, ...bars.map((b) => b.count));
  const root = svg('svg', {
    viewBox: `0 0 ${bars.length * W} ${H}`,
    preserveAspectRatio: 'none',
    class: 'chart',
    role: 'group',
    'aria-label': `Matching articles per period, ${bars[0].period} to ${bars[bars.length - 1].period}`,
  });
  // The axis: periods without a match show as gaps on it.
  root.append(svg('rect', { x: 0, y: H - 1, width: bars.length * W, height: 1, class: 'baseline' }));
  let tabStop = null;
  bars.forEach((b, i) => {
    const h = b.count ? Math.max(3, (b.count / max) * H) : 0;
    const label = `${b.period}: ${plural(b.count, 'article', 'articles')} (${(b.share * 100).toFixed(1)}% of the period's)`;
    const bar = svg('rect', { x: i * W + 1, y: H - h, width: W - 2, height: h, class: 'bar' });
    if (!b.count) {
      root.append(svg('g', { 'aria-hidden': 'true' }, [bar]));
      return;
    }
    const link = svg('a', {
      href: urlFor({ ...state, ...narrowed(state, b.period), page: 1, id: '' }),
      tabindex: -1,
      'aria-label': label,
      'data-period': b.period,
    }, [
      svg('title', {}, [document.createTextNode(label)]),
      // The whole column is the target, so a short bar is as easy to hit as a tall one.
      svg('rect', { x: i * W, y: 0, width: W, height: H, class: 'column' }),
      bar,
    ]);
    if (!tabStop) tabStop = link;
    root.append(link);
  });
  tabStop.setAttribute('tabindex', '0');
  root.addEventListener('keydown', chartKeys);
  chart.replaceChildren(root);
}

function chartKeys(e) {
  const links = [...e.currentTarget.querySelectorAll('a')];
  const at = links.indexOf(e.target.closest('a'));
  if (at < 0) return;
  const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: links.length - 1 }[e.key];
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    navigate(links[at].getAttribute('href'));
  } else if (to !== undefined && links[to]) {
    e.preventDefault();
    links[at].setAttribute('tabindex', '-1');
    links[to].setAttribute('tabindex', '0');
    links[to].focus();
  }
}

/** Who is quoted in the matching articles; a click filters the results by that speaker. */
function showVoices(state, v) {
  if (!v) {
    $('voices-note').textContent = 'Voices are not available.';
    $('voices-list').replaceChildren();
    return;
  }
  $('voices-note').textContent = v.speakers.length
    ? `${plural(v.total_speakers, 'speaker', 'speakers')} quoted in ${plural(v.articles, 'article', 'articles')}`
    : 'No one is quoted in these articles.';
  $('voices-list').replaceChildren(...v.speakers.map((s) => el('li', null, [
    el('a', { href: '#', textContent: s.speaker, className: 'voice' }),
    el('span', { className: 'meta', textContent: `${plural(s.quotations, 'quotation', 'quotations')} · ${plural(s.articles, 'article', 'articles')}` }),
  ])));
  markVoice(state);
}

/** Points each voice at the results filtered by it (or, for the chosen one, unfiltered). */
function markVoice(state) {
  for (const a of document.querySelectorAll('#voices-list a.voice')) {
    const chosen = a.textContent === state.speaker;
    a.href = urlFor({ ...state, speaker: chosen ? '' : a.textContent, page: 1, id: '' });
    a.title = chosen ? 'Show every speaker again' : `Only articles quoting ${a.textContent}`;
    if (chosen) a.setAttribute('aria-current', 'true');
    else a.removeAttribute('aria-current');
  }
}

function articleLink(id, headline) {
  return el('a', { href: urlFor({ id }), textContent: headline || '(no headline)' });
}

async function showArticle(state) {
  showView('article');
  $('article').setAttribute('aria-busy', 'true');
  $('a-similar-note').textContent = 'Finding related articles…';
  $('a-similar-list').replaceChildren();
  const related = api(`/api/similar/${encodeURIComponent(state.id)}?limit=${RELATED}`, 'similar').catch((e) => e);
  try {
    const a = await api('/api/show/' + encodeURIComponent(state.id), 'article');
    document.title = (a.headline || a.id) + ' — dateline';
    $('a-headline').textContent = a.headline || '(no headline)';
    const extra = [a.source, a.posted_by && 'posted by ' + a.posted_by].filter(Boolean);
    $('a-meta').textContent = [meta(a.date, a.byline), ...extra].join(' · ');
    const path = $('a-path');
    path.replaceChildren(document.createTextNode(a.path));
    // Only web addresses become links: a javascript: URL in an article must stay text.
    if (a.url && /^https?:\/\//i.test(a.url)) {
      path.append(document.createTextNode(' · '),
        el('a', { href: a.url, textContent: a.url, rel: 'noopener noreferrer', target: '_blank' }));
    }
    $('a-quotes').replaceChildren(...(a.quotes || []).map(quoteItem));
    $('a-quotes-box').hidden = !(a.quotes && a.quotes.length);
    $('a-body').replaceChildren(...paragraphs(a.body || '', (a.quotes || []).map((q) => q.text)));
    const copies = a.copies || [];
    $('a-copies').replaceChildren(...copies.map((c) => el('li', null, [
      articleLink(c.id, c.headline),
      el('span', { className: 'meta', textContent: ` ${c.date || 'undated'} · ${c.path}` }),
    ])));
    $('a-copies-box').hidden = !copies.length;
  } catch (e) {
    if (e.name === 'AbortError') return;
    $('a-headline').textContent = e.message;
    for (const id of ['a-meta', 'a-path']) $(id).textContent = '';
    for (const id of ['a-quotes-box', 'a-copies-box']) $(id).hidden = true;
    $('a-body').replaceChildren();
  } finally {
    $('article').removeAttribute('aria-busy');
  }
  const r = await related;
  if (r instanceof Error && r.name === 'AbortError') return;
  const hits = r instanceof Error ? [] : r.hits;
  $('a-similar-note').textContent = r instanceof Error ? '' : hits.length ? '' : 'No related articles.';
  $('a-similar-list').replaceChildren(...hits.map((h) => el('li', null, [
    articleLink(h.id, h.headline),
    el('span', { className: 'meta', textContent: ' ' + meta(h.date, h.byline) }),
  ])));
}

/** The body as paragraphs, each quotation's words marked where they occur. */
function paragraphs(body, quotes) {
  const wanted = quotes.filter((q) => q.length >= 3);
  return body.split(/\n\s*\n/).filter((t) => t.trim()).map((text) => {
    const p = el('p');
    let at = 0;
    while (at < text.length) {
      let best = null;
      for (const q of wanted) {
        const i = text.indexOf(q, at);
        if (i >= 0 && (!best || i < best.i)) best = { i, q };
      }
      if (!best) break;
      p.append(document.createTextNode(text.slice(at, best.i)), el('mark', { textContent: best.q }));
      at = best.i + best.q.length;
    }
    p.append(document.createTextNode(text.slice(at)));
    return p;
  });
}

function formState() {
  const state = { page: 1, id: '' };
  for (const k of FIELDS) state[k] = $(k).value.trim();
  return state;
}

function start() {
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    go(formState());
  });
  // A changed filter or sort searches again at once when there is a query.
  for (const id of ['sort', 'from', 'to', 'speaker']) {
    $(id).addEventListener('change', () => { if ($('q').value.trim()) go(formState()); });
  }
  $('syntax-toggle').addEventListener('click', () => {
    const box = $('syntax');
    box.hidden = !box.hidden;
    $('syntax-toggle').setAttribute('aria-expanded', String(!box.hidden));
  });
  // Links inside the page change the state without reloading it (SVG links included:
  // their href is read as an attribute, not as HTML's href property).
  document.addEventListener('click', (e) => {
    const a = e.target.closest('a');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    if (a.id === 'back' && history.state && history.state.inPage) {
      e.preventDefault();
      history.back();
      return;
    }
    const href = a.getAttribute('href');
    if (!href) return;
    const url = new URL(href, location.href);
    if (url.origin !== location.origin || url.pathname !== '/') return;
    e.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener('popstate', () => render(stateFromUrl()));
  document.addEventListener('keydown', (e) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (e.key === '/' && !typing) {
      e.preventDefault();
      $('q').focus();
      $('q').select();
    } else if (e.key === 'Escape' && !$('article').hidden && history.state && history.state.inPage) {
      history.back();
    }
  });
  fetch('/api/stats').then((r) => (r.ok ? r.json() : null)).then((s) => {
    if (!s) return;
    const range = s.first_date ? ` from ${s.first_date} to ${s.last_date}` : '';
    $('stats').textContent = `${s.documents} articles${range}`;
  }).catch(() => {});
  render(stateFromUrl());
}

start();
