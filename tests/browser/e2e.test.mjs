// End-to-end tests of `dateline serve` as a person uses it: Debian's headless Chromium
// (playwright-core, no browser download) on a page served by the real binary over a small
// index of our own articles, hostile ones included.
//
// Run: `npm ci && npm test` here, after `cargo build` (DATELINE_BIN names another binary;
// CHROMIUM another browser). Screenshots go to ../../docs/images/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const bin = process.env.DATELINE_BIN || join(repo, 'target', 'debug', 'dateline');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';

const HOSTILE = '<script>window.__xss=1</script>"><img src=x onerror="window.__xss=2">';
const TOPICS = ['dredging', 'cranes', 'ferries', 'tariffs', 'pilots', 'storm damage', 'night shifts'];

/** Fifteen harbour articles over 2019–2021, and one whose every field is hostile. */
function articles() {
  const out = [];
  for (let i = 0; i < 15; i++) {
    const year = 2019 + (i % 3);
    const month = String(1 + (i % 12)).padStart(2, '0');
    const topic = TOPICS[i % TOPICS.length];
    out.push({
      id: `harbour-${String(i + 1).padStart(2, '0')}`,
      headline: `Harbour board meets over ${topic} (${i + 1})`,
      byline: `Reporter ${String.fromCharCode(65 + (i % 5))}`,
      date: `${year}-${month}-0${1 + (i % 9)}`,
      body: `The harbour board met on Tuesday to discuss ${topic}.\n\n` +
        `"We expect the harbour to stay open all winter," said Ana Lindqvist, the harbour master.\n\n` +
        (i % 3 === 0 ? `"The quay walls need work first," said Omar Haddad, the port engineer.\n\n` : '') +
        `Members asked for a report on ${topic} before the next meeting.`,
    });
  }
  // One story saved from two sites (syndicated copies), and a follow-up that is related.
  const lighthouse = 'The old lighthouse on the northern breakwater will be restored over the summer, ' +
    'the county council said on Monday. Volunteers have raised most of the money needed to repair ' +
    'the lantern room and repaint the tower, which has guided fishing boats since the last century.\n\n' +
    '"It is the first thing sailors see when they come home," said Greta Olsen, who leads the volunteers.';
  out.push({ id: 'lighthouse-a', headline: 'Lighthouse to be restored', byline: 'Coast Courier', date: '2021-05-03', body: lighthouse });
  out.push({ id: 'lighthouse-b', headline: 'Old lighthouse will be restored this summer', byline: 'Bay Herald', date: '2021-05-04', body: lighthouse });
  out.push({
    id: 'lighthouse-c', headline: 'Lighthouse lantern returns after repairs', byline: 'Coast Courier', date: '2021-09-20',
    body: 'The lantern of the old lighthouse on the northern breakwater is back after the summer repairs paid for by volunteers. ' +
      'Fishing boats will see the tower lit again from Friday, the county council said.',
  });
  out.push({
    id: 'hostile-1',
    headline: `Hostile harbour notice ${HOSTILE}`,
    byline: `<b>Mallory</b> ${HOSTILE}`,
    date: '2020-06-15',
    body: `A hostile harbour notice ${HOSTILE} was posted.\n\n` +
      `"Open the gates ${HOSTILE} tonight," said Mallory Smith.`,
  });
  return out;
}

let dir, server, base, browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dateline-e2e-'));
  const corpus = join(dir, 'articles');
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'harbour.jsonl'), articles().map((a) => JSON.stringify(a)).join('\n') + '\n');
  // A hostile file name: its path is shown on the page.
  writeFileSync(join(corpus, `"><img src=x onerror=window.__xss=3>.json`),
    JSON.stringify({ id: 'hostile-path', headline: 'Harbour notice with an odd file name', date: '2021-02-02', body: 'The harbour file name is odd.' }));
  execFileSync(bin, ['index', corpus, '--index', join(dir, 'index')], { stdio: 'ignore' });
  server = spawn(bin, ['serve', '--index', join(dir, 'index'), '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  base = await new Promise((resolve, reject) => {
    let err = '';
    server.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/http:\/\/(127\.0\.0\.1:\d+)\//);
      if (m) resolve(`http://${m[1]}`);
    });
    server.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox'] });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh page that fails the test on any dialog (an injected alert) or page error. */
async function newPage(t, viewport = { width: 1100, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  t.after(async () => {
    await context.close();
    assert.deepEqual(problems, []);
  });
  return page;
}

async function search(page, q) {
  await page.fill('#q', q);
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => !document.getElementById('results').hasAttribute('aria-busy') &&
    !/Searching/.test(document.getElementById('status').textContent));
}

test('a query shows hits; paging, dates, an article and the back button work', async (t) => {
  const page = await newPage(t);
  await page.goto(base + '/');
  await search(page, 'harbour');
  assert.equal(await page.locator('.hit').count(), 10);
  assert.match(await page.textContent('#status'), /^1–10 of 17 /);
  assert.match(page.url(), /\?q=harbour$/);
  // Matches are highlighted, quotations carry their speaker.
  assert.ok(await page.locator('.hit .snippet b').count() > 0);
  assert.match(await page.locator('.hit .quotes').first().textContent(), /Ana Lindqvist/);

  await page.click('#next');
  await page.waitForFunction(() => /^11–/.test(document.getElementById('status').textContent));
  assert.equal(await page.locator('.hit').count(), 7);
  assert.match(page.url(), /page=2/);
  await page.goBack();
  await page.waitForFunction(() => /^1–10 /.test(document.getElementById('status').textContent));

  // Narrow to 2020: every hit shown is dated then, and they are the API's hits.
  await page.fill('#from', '2020');
  await page.fill('#to', '2020');
  await page.press('#to', 'Enter');
  await page.waitForFunction(() => /of \d+ /.test(document.getElementById('status').textContent) &&
    new URL(location.href).searchParams.get('to') === '2020');
  const dates = await page.locator('.hit .meta:not(.path)').allTextContents();
  assert.ok(dates.length > 0);
  for (const d of dates) assert.match(d, /^2020-/);
  const api = await (await fetch(`${base}/api/search?q=harbour&from=2020&to=2020`)).json();
  assert.equal(dates.length, api.hits.length);

  const first = page.locator('.hit h2 a').first();
  const headline = await first.textContent();
  await first.click();
  await page.waitForSelector('#article:not([hidden]):not([aria-busy])');
  assert.equal(await page.textContent('#a-headline'), headline);
  assert.match(page.url(), /\?id=/);
  assert.ok(await page.locator('#a-body mark').count() > 0, 'the quotation is marked in the body');

  await page.goBack();
  await page.waitForSelector('#article[hidden]', { state: 'attached' });
  assert.match(page.url(), /from=2020/);
  assert.equal(await page.inputValue('#from'), '2020');
  await page.waitForFunction(() => document.querySelectorAll('.hit').length > 0);
});

test('the query syntax is one click away and the keyboard reaches everything', async (t) => {
  const page = await newPage(t);
  await page.goto(base + '/?q=harbour');
  await page.waitForSelector('.hit');
  assert.equal(await page.isVisible('#syntax'), false);
  await page.click('#syntax-toggle');
  assert.equal(await page.isVisible('#syntax'), true);
  await page.locator('body').click({ position: { x: 5, y: 850 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  // Tab from the filters reaches the timeline (one tab stop: arrows move between bars),
  // then the first hit's link; Enter opens it; Escape comes back.
  await page.waitForSelector('#timeline-chart a');
  await page.focus('#speaker');
  await page.keyboard.press('Tab');
  const bar = () => page.evaluate(() => document.activeElement.getAttribute('data-period'));
  const first = await bar();
  assert.ok(first, 'Tab after the filters lands on the timeline');
  await page.keyboard.press('ArrowRight');
  const second = await bar();
  assert.ok(second && second > first, `ArrowRight moves to the next bar (${first} → ${second})`);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.closest('.hit') !== null);
  assert.ok(focused, 'Tab after the timeline lands on a hit');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#article:not([hidden]):not([aria-busy])');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#article[hidden]', { state: 'attached' });
});

/** Waits until the results, their timeline and their voices have all arrived. */
async function settled(page) {
  await page.waitForFunction(() => !document.getElementById('results').hasAttribute('aria-busy') &&
    !document.getElementById('voices').hasAttribute('aria-busy') &&
    !/Searching/.test(document.getElementById('status').textContent));
}

test('a click on a timeline bar narrows the dates, the results and the URL', async (t) => {
  const page = await newPage(t);
  await page.goto(base + '/?q=harbour');
  await settled(page);
  const bars = page.locator('#timeline-chart a');
  const months = await bars.count();
  assert.ok(months > 3, 'one bar per month with matches');
  // The tallest bar: its period and count, as the chart labels them.
  const periods = await bars.evaluateAll((as) => as.map((a) => [a.dataset.period, a.getAttribute('aria-label')]));
  const [period, label] = periods.sort((a, b) => parseInt(b[1].split(': ')[1], 10) - parseInt(a[1].split(': ')[1], 10))[0];
  assert.match(period, /^\d{4}-\d{2}$/, 'bars are months over three years');
  const count = parseInt(label.split(': ')[1], 10);
  const before = await page.locator('.hit h2').allTextContents();
  await page.locator(`#timeline-chart a[data-period="${period}"]`).click();
  await page.waitForFunction((p) => new URL(location.href).searchParams.get('from') === p, period);
  await settled(page);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('to'), period);
  assert.equal(url.searchParams.get('q'), 'harbour');
  assert.equal(await page.inputValue('#from'), period);
  assert.equal(await page.inputValue('#to'), period);
  assert.match(await page.textContent('#status'), new RegExp(`of ${count} `), 'the bar counted the hits now shown');
  const dates = await page.locator('.hit .meta:not(.path)').allTextContents();
  assert.equal(dates.length, count);
  for (const d of dates) assert.ok(d.startsWith(period), `${d} is in ${period}`);
  assert.notDeepEqual(await page.locator('.hit h2').allTextContents(), before, 'the results changed');
  // Inside one month the chart goes down to days.
  const finer = await page.locator('#timeline-chart a').first().getAttribute('data-period');
  assert.match(finer, /^\d{4}-\d{2}-\d{2}$/);
  // Back returns to the whole range.
  await page.goBack();
  await settled(page);
  assert.equal(new URL(page.url()).searchParams.get('from'), null);
  assert.equal(await page.inputValue('#from'), '');
  assert.equal(await page.locator('#timeline-chart a').count(), months);
});

test('a click on a voice filters the results by that speaker', async (t) => {
  const page = await newPage(t);
  await page.goto(base + '/?q=harbour');
  await settled(page);
  const voices = await page.locator('#voices-list a').allTextContents();
  assert.deepEqual(voices, ['Ana Lindqvist', 'Omar Haddad'], 'most quoted first');
  assert.equal(await page.locator('#voices img, #voices script').count(), 0);
  await page.click('#voices-list a:text-is("Omar Haddad")');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('speaker') === 'Omar Haddad');
  await settled(page);
  assert.equal(await page.inputValue('#speaker'), 'Omar Haddad');
  const api = await (await fetch(`${base}/api/search?q=harbour&speaker=Omar+Haddad&limit=100`)).json();
  assert.equal(api.total_hits, 5);
  assert.match(await page.textContent('#status'), /^1–5 of 5 /);
  const shown = await page.locator('.hit h2').allTextContents();
  assert.deepEqual(shown, api.hits.map((h) => h.headline));
  assert.equal(await page.getAttribute('#voices-list a:text-is("Omar Haddad")', 'aria-current'), 'true');
  // The chosen voice, clicked again, lifts the filter.
  await page.click('#voices-list a:text-is("Omar Haddad")');
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('speaker'));
  await settled(page);
  assert.match(await page.textContent('#status'), /of 17 /);
});

test('an article shows its quotations, copies and related articles; back returns', async (t) => {
  const page = await newPage(t);
  await page.goto(base + '/?q=lighthouse+restored');
  await settled(page);
  // The two copies of the story are one hit.
  assert.match(await page.locator('.hit .meta:not(.path)').first().textContent(), /\+1 copy/);
  await page.locator('.hit h2 a').first().click();
  await page.waitForSelector('#article:not([hidden]):not([aria-busy])');
  const id = new URL(page.url()).searchParams.get('id');
  assert.match(id, /^lighthouse-[ab]$/);
  assert.equal(await page.locator('#a-body mark').count(), 1, 'the quotation is marked in the body');
  assert.match(await page.textContent('#a-quotes'), /Greta Olsen/);
  const copy = page.locator('#a-copies a');
  assert.equal(await copy.count(), 1);
  assert.equal(await copy.getAttribute('href'), '/?id=' + (id === 'lighthouse-a' ? 'lighthouse-b' : 'lighthouse-a'));
  await page.waitForSelector('#a-similar-list a');
  const related = await page.locator('#a-similar-list a').allTextContents();
  assert.equal(related[0], 'Lighthouse lantern returns after repairs', 'the follow-up is the most related');
  assert.ok(!related.includes(await page.textContent('#a-headline')), 'not the article itself');
  await page.screenshot({ path: join(repo, 'docs', 'images', 'serve-article.png'), fullPage: true });
  await page.locator('#a-similar-list a').first().click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('id') === 'lighthouse-c');
  await page.waitForSelector('#article:not([hidden]):not([aria-busy])');
  assert.equal(await page.textContent('#a-headline'), 'Lighthouse lantern returns after repairs');
  await page.goBack();
  await page.waitForFunction((i) => new URL(location.href).searchParams.get('id') === i, id);
  await page.waitForFunction((i) => document.getElementById('a-headline').textContent.startsWith('Lighthouse') &&
    !document.getElementById('article').hasAttribute('aria-busy'), id);
  assert.equal(await page.locator('#a-copies a').count(), 1);
  await page.goBack();
  await page.waitForSelector('#article[hidden]', { state: 'attached' });
  await settled(page);
  assert.match(page.url(), /\?q=lighthouse\+restored$/);
  assert.ok(await page.locator('.hit').count() > 0);
});

test('an error from the API is shown as its message', async (t) => {
  const page = await newPage(t);
  await page.goto(base + '/?q=' + encodeURIComponent('harbour AND'));
  await page.waitForSelector('#status.error');
  assert.match(await page.textContent('#status'), /invalid query at column/);
});

test('hostile headlines, bylines, bodies, quotations and paths are shown as text', async (t) => {
  const page = await newPage(t);
  await page.goto(base + '/');
  await search(page, 'hostile OR odd');
  const text = await page.textContent('#hits');
  assert.ok(text.includes('<script>window.__xss=1</script>'), 'the headline shows its markup as text');
  assert.ok(text.includes('<b>Mallory</b>'), 'the byline shows its markup as text');
  assert.ok(text.includes('"><img src=x onerror=window.__xss=3>'), 'the path shows as text');
  assert.equal(await page.locator('#hits img, #hits script').count(), 0);
  await page.click('text=Hostile harbour notice');
  await page.waitForSelector('#article:not([hidden]):not([aria-busy])');
  const body = await page.textContent('#article');
  assert.ok(body.includes('Open the gates <script>'), 'the quotation shows its markup as text');
  await page.waitForFunction(() => !/Finding/.test(document.getElementById('a-similar-note').textContent));
  assert.equal(await page.locator('#article img, #article script').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
});

test('readable on a phone, with no layout shift while results load', async (t) => {
  const page = await newPage(t, { width: 390, height: 844 });
  await page.goto(base + '/');
  await page.evaluate(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  // A search started by a link (not by typing) counts every shift, input or not.
  await page.evaluate(() => {
    history.pushState({ inPage: true }, '', '/?q=harbour');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.waitForSelector('.hit');
  await settled(page);
  await page.waitForTimeout(300);
  assert.ok(await page.locator('#timeline-chart a').count() > 0, 'the timeline is drawn');
  assert.ok(await page.locator('#voices-list a').count() > 0, 'the voices are listed');
  const cls = await page.evaluate(() => window.__cls);
  assert.ok(cls < 0.1, `cumulative layout shift ${cls}`);
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await page.screenshot({ path: join(repo, 'docs', 'images', 'serve-phone.png') });
});

test('the results page as the README shows it', async (t) => {
  const page = await newPage(t, { width: 1000, height: 760 });
  await page.goto(base + '/?q=harbour+master&sort=newest');
  await page.waitForSelector('.hit');
  await settled(page);
  await page.screenshot({ path: join(repo, 'docs', 'images', 'serve-search.png') });
});
