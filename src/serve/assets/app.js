// dateline's search page. Everything the index holds is written as text nodes
// (textContent, createTextNode): never innerHTML. The one piece of markup in the API's
// answers, the snippet's <b>…</b>, is rebuilt from its parts (see `snippetNodes`).
// The page's whole state lives in the query string (?q=&from=&to=&sort=&speaker=&page=,
// or ?id= for an article), so the back button and shared links work.
'use strict';

const PAGE_SIZE = 10;
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
  history.pushState({ inPage: true }, '', urlFor(state));
  render(state);
}

/** GET an API path; the answer's JSON, or an Error carrying the API's own message. */
let inFlight = null;
async function api(path) {
  if (inFlight) inFlight.abort();
  inFlight = new AbortController();
  const res = await fetch(path, { signal: inFlight.signal, headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await res.json(); } catch (_) { /* not JSON: reported below */ }
  if (!res.ok) throw new Error((body && body.error) || `the server answered ${res.status}`);
  return body;
}

function el(tag, props, children) {
  const node = document.createElement(tag);
  if (props) for (const [k, v] of Object.entries(props)) node[k] = v;
  for (const c of children || []) node.append(c);
  return node;
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
  const article = which === 'article';
  $('article').hidden = !article;
  for (const id of ['hits', 'status']) $(id).hidden = article;
  if (article) $('pager').hidden = true;
}

async function render(state) {
  fillForm(state);
  if (state.id) return showArticle(state);
  showView('results');
  if (!state.q.trim()) {
    $('hits').replaceChildren();
    pager(state, 0);
    setStatus('Type words to search; press / to jump to the search box.');
    document.title = 'dateline';
    return;
  }
  document.title = state.q + ' — dateline';
  const p = new URLSearchParams({ q: state.q, limit: String(PAGE_SIZE), offset: String((state.page - 1) * PAGE_SIZE) });
  for (const k of ['from', 'to', 'sort', 'speaker']) if (state[k]) p.set(k, state[k]);
  // Old results stay in place, dimmed, until the new ones replace them: no jump.
  $('hits').setAttribute('aria-busy', 'true');
  setStatus('Searching…');
  try {
    const r = await api('/api/search?' + p);
    showHits(state, r);
  } catch (e) {
    if (e.name === 'AbortError') return;
    $('hits').replaceChildren();
    pager(state, 0);
    setStatus(e.message, true);
  } finally {
    $('hits').removeAttribute('aria-busy');
  }
}

function showHits(state, r) {
  const items = r.hits.map((h) => {
    const link = el('a', { href: urlFor({ id: h.id }), textContent: h.headline || '(no headline)' });
    link.dataset.id = h.id;
    const li = el('li', { className: 'hit' }, [
      el('h2', null, [link]),
      el('p', { className: 'meta', textContent: meta(h.date, h.byline) }),
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
    setStatus('No hits.');
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

async function showArticle(state) {
  showView('article');
  $('article').setAttribute('aria-busy', 'true');
  try {
    const a = await api('/api/show/' + encodeURIComponent(state.id));
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
  } catch (e) {
    if (e.name === 'AbortError') return;
    $('a-headline').textContent = e.message;
    $('a-meta').textContent = '';
    $('a-path').textContent = '';
    $('a-quotes-box').hidden = true;
    $('a-body').replaceChildren();
  } finally {
    $('article').removeAttribute('aria-busy');
  }
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
  // Links inside the page change the state without reloading it.
  document.addEventListener('click', (e) => {
    const a = e.target.closest('a');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    if (a.id === 'back' && history.state && history.state.inPage) {
      e.preventDefault();
      history.back();
      return;
    }
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname !== '/') return;
    e.preventDefault();
    history.pushState({ inPage: true }, '', url.pathname + url.search);
    render(stateFromUrl());
    window.scrollTo(0, 0);
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
