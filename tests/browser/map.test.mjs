// Opens a map page eventmap wrote (file://, no server, no network) in headless
// Debian Chromium and checks it against the layers it was made from.
//
//   node map.test.mjs check MAP LAYERS_DIR [--fixture small|empty]
//   node map.test.mjs tiles MAP PORT             serve tiles on 127.0.0.1:PORT, check they load
//   node map.test.mjs perf MAP LAYERS_DIR        time loading a large page
//   node map.test.mjs sampled MAP LAYERS_DIR K   a page made with --sample keeps one in K
//   node map.test.mjs screenshot MAP OUT.png     picture for the README
//
// run.sh writes the layers and the pages; this script only reads them.

import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer } from 'node:http';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { HOSTILE } from './fixtures.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying to reach
// Google's hosts, which this test's closed network refuses.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const LAYERS = [['places', 'Places'], ['incidents', 'Incidents'], ['infrastructure', 'Infrastructure']];

/** Opens `mapFile` in a fresh browser profile; collects every error and network request. */
async function open(mapFile, viewport = { width: 1280, height: 800 }, allowed = null) {
  const profile = mkdtempSync(join(tmpdir(), 'eventmap-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport,
  });
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('request', (r) => {
    const url = r.url();
    const local = url.startsWith('file:') || url.startsWith('data:') || (allowed && url.startsWith(allowed));
    if (!local) problems.push('network request: ' + url);
  });
  const t0 = performance.now();
  await page.goto(pathToFileURL(mapFile).href, { waitUntil: 'load' });
  await page.waitForFunction(() => window.eventmap && window.eventmap.ready, null, { timeout: 120000 });
  const wallMs = performance.now() - t0;
  await frames(page);
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { page, problems, wallMs, close };
}

/** Waits until the canvas has been redrawn (Leaflet redraws on the next animation frame). */
function frames(page) {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The features of a layer: its FeatureCollection, else its RFC 8142 sequence, else none. */
function readLayer(dir, id) {
  const file = join(dir, id + '.geojson');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')).features;
  const sequence = file + 's';
  if (!existsSync(sequence)) return [];
  return readFileSync(sequence, 'utf8').split('\x1e').filter((r) => r.trim()).map((r) => JSON.parse(r));
}

/** Features the page should draw: Point geometry with a valid WGS 84 position. */
function drawable(feature) {
  const g = feature.geometry;
  if (!g || g.type !== 'Point') return false;
  const [lon, lat] = g.coordinates;
  return Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
}

let failures = 0;
async function check(name, fn) {
  try {
    await fn();
    console.log('ok   ' + name);
  } catch (e) {
    failures++;
    console.log('FAIL ' + name + '\n     ' + String(e.message).split('\n').join('\n     '));
  }
}

/** Zooms to the i-th marker of a layer, clicks it, returns the popup's text. */
async function clickMarker(page, id, i, zoom) {
  await page.evaluate(([id, i, zoom]) => {
    const em = window.eventmap;
    em.map.closePopup();
    em.map.setView(em.layers[id].getLayers()[i].getLatLng(), zoom, { animate: false });
  }, [id, i, zoom]);
  // A closed popup fades out before it leaves the page.
  await page.waitForFunction(() => !document.querySelector('.leaflet-popup'));
  await frames(page);
  const p = await page.evaluate(([id, i]) => window.eventmap.markerPoint(id, i), [id, i]);
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + p.x, box.y + p.y);
  const popup = page.locator('.leaflet-popup-content');
  await popup.waitFor({ timeout: 5000 });
  return popup.textContent();
}

/** What in the open popup lies outside its content area: every box and every line of text must fit. */
function popupOverflow(page) {
  return page.evaluate(() => {
    const content = document.querySelector('.leaflet-popup-content');
    // The page's own box inside Leaflet's content area: lines past it ran
    // into the popup's padding, under the close button.
    const root = content.querySelector('.em-popup') || content;
    const outer = content.getBoundingClientRect();
    const inner = root.getBoundingClientRect();
    const edge = { left: Math.max(outer.left, inner.left), right: Math.min(outer.right, inner.right) };
    const out = [];
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let rects;
      if (node.nodeType === Node.TEXT_NODE) {
        const range = document.createRange();
        range.selectNodeContents(node);
        rects = Array.from(range.getClientRects());
      } else {
        rects = [node.getBoundingClientRect()];
      }
      for (const r of rects) {
        if (r.width && (r.right > edge.right + 0.5 || r.left < edge.left - 0.5)) {
          out.push((node.tagName || 'text') + ' ' + Math.round(r.right - edge.right) + ' px past: ' + node.textContent.slice(0, 40));
          break;
        }
      }
    }
    if (content.scrollWidth > content.clientWidth) out.push('content scrolls sideways');
    return out;
  });
}

async function overlayCheckbox(page, label) {
  const row = page.locator('.leaflet-control-layers-overlays label', { hasText: label + ' (' });
  return row.locator('input[type=checkbox]');
}

async function runCheck(mapFile, dir, fixture) {
  const { page, problems, close } = await open(mapFile);
  try {
    const expected = {};
    for (const [id] of LAYERS) {
      const features = readLayer(dir, id);
      expected[id] = { drawn: features.filter(drawable).length, total: features.length, features };
    }

    await check('markers drawn equal the features with a Point geometry, per layer', async () => {
      for (const [id] of LAYERS) {
        const got = await page.evaluate((id) => ({
          count: window.eventmap.markerCount[id],
          onMap: window.eventmap.drawnCount(id),
          unlocated: window.eventmap.unlocatedCount[id],
        }), id);
        assert.equal(got.count, expected[id].drawn, id + ' markerCount');
        assert.equal(got.onMap, expected[id].drawn, id + ' markers on the map');
        assert.equal(got.unlocated, expected[id].total - expected[id].drawn, id + ' unlocated');
      }
    });

    await check('unchecking a layer hides its markers, checking shows them again', async () => {
      for (const [id, label] of LAYERS) {
        if (expected[id].drawn === 0) continue;
        const box = await overlayCheckbox(page, label);
        await box.click();
        assert.equal(await page.evaluate((id) => window.eventmap.drawnCount(id), id), 0, id + ' hidden');
        for (const [other] of LAYERS) {
          if (other === id) continue;
          const n = await page.evaluate((o) => window.eventmap.drawnCount(o), other);
          assert.equal(n, expected[other].drawn, other + ' stays while ' + id + ' is hidden');
        }
        await box.click();
        const back = await page.evaluate((id) => window.eventmap.drawnCount(id), id);
        assert.equal(back, expected[id].drawn, id + ' shown again');
      }
    });

    const evented = ['incidents', 'infrastructure'].find((id) => expected[id].drawn > 0);
    if (evented) {
      await check('a popup shows the evidence sentence and the document (' + evented + ')', async () => {
        const i = await page.evaluate((id) => window.eventmap.layers[id].getLayers()
          .findIndex((m) => m.emFeature.p.evidence), evented);
        assert.ok(i >= 0, 'a ' + evented + ' marker with evidence');
        const props = await page.evaluate(([id, i]) => window.eventmap.markerProperties(id, i), [evented, i]);
        const source = expected[evented].features.filter(drawable).map((f) => f.properties.evidence);
        assert.ok(source.includes(props.evidence), 'the evidence comes from the layer file');
        const text = await clickMarker(page, evented, i, 13);
        assert.ok(text.includes(props.evidence), 'popup: ' + text);
        if (props.doc) assert.ok(text.includes(props.doc), 'document in popup: ' + text);
      });
    } else if (expected.places.drawn > 0) {
      await check('a popup shows the place mention and the document (places)', async () => {
        const props = await page.evaluate(() => window.eventmap.markerProperties('places', 0));
        const text = await clickMarker(page, 'places', 0, 13);
        for (const want of [props.mention, props.name, props.doc].filter(Boolean)) {
          assert.ok(text.includes(want), want + ' in popup: ' + text);
        }
      });
    }

    if (fixture === 'small') {
      await check('every feature on a shared point gets its own marker and popup', async () => {
        const stack = await page.evaluate(() => {
          const em = window.eventmap;
          const at = em.layers.incidents.getLayers().find((m) => m.emFeature.p.id === 'i1').getLatLng();
          const out = [];
          for (const id of ['places', 'incidents', 'infrastructure']) {
            em.layers[id].getLayers().forEach((m, i) => {
              const p = m.emFeature.p;
              if (m.getLatLng().equals(at)) {
                out.push({ id, i, key: p.id || p.name, text: p.evidence || p.name });
              }
            });
          }
          return out;
        });
        assert.deepEqual(stack.map((s) => s.key).sort(), ['Hyesan', 'f1', 'i1', 'i2', 'i3']);
        const seen = [];
        for (const s of stack) {
          const text = await clickMarker(page, s.id, s.i, 12);
          assert.ok(text.includes(s.text), s.key + ' popup: ' + text);
          const p = await page.evaluate(([id, i]) => window.eventmap.markerPoint(id, i), [s.id, s.i]);
          for (const q of seen) {
            assert.ok(Math.hypot(p.x - q.x, p.y - q.y) >= 10, s.key + ' is apart from ' + q.key);
          }
          seen.push({ ...p, key: s.key });
        }
      });

      await check('hostile text is shown as text and never runs', async () => {
        const i = await page.evaluate(() => window.eventmap.layers.incidents.getLayers()
          .findIndex((m) => m.emFeature.p.id === 'i2'));
        const text = await clickMarker(page, 'incidents', i, 12);
        assert.ok(text.includes(HOSTILE), 'popup: ' + JSON.stringify(text));
        assert.equal(await page.evaluate(() => window.__pwned), undefined);
      });

      await check('legend lists categories and features without coordinates', async () => {
        const legend = await page.locator('.em-legend').textContent();
        for (const want of ['Death (1)', 'Killing (1)', 'Electrified fence (1)', '1 without coordinates']) {
          assert.ok(legend.includes(want), want + ' in legend: ' + legend);
        }
      });
    }

    if (fixture === 'small') {
      await check('the popup fits: no line runs past its edge', async () => {
        for (const id of ['i4', 'i2', 'i1']) {
          const i = await page.evaluate((key) => window.eventmap.layers.incidents.getLayers()
            .findIndex((m) => m.emFeature.p.id === key), id);
          const text = await clickMarker(page, 'incidents', i, 12);
          const over = await popupOverflow(page);
          assert.deepEqual(over, [], id + ' popup: ' + text.slice(0, 80));
        }
        const text = await clickMarker(page, 'incidents', await page.evaluate(() => window.eventmap.layers.incidents
          .getLayers().findIndex((m) => m.emFeature.p.id === 'i2')), 12);
        assert.ok(text.includes('2024-02-01 – 2024-02-29 (month, “in February”)'), 'date range in popup: ' + text);
      });

      await check('the Yalu and Tumen and the main towns are drawn and labelled', async () => {
        await page.evaluate(() => { window.eventmap.map.closePopup(); window.eventmap.map.setView([41.2, 127.5], 7, { animate: false }); });
        await frames(page);
        const got = await page.evaluate(() => ({
          rivers: window.eventmap.rivers(),
          labels: Array.from(document.querySelectorAll('.em-label')).filter((n) => n.style.display !== 'none' && n.getBoundingClientRect().width >= 0).map((n) => n.textContent),
        }));
        for (const river of ['Yalu', 'Tumen']) {
          assert.ok(got.rivers.includes(river + ' (border)'), river + ' drawn: ' + got.rivers);
          assert.ok(got.labels.includes(river), river + ' labelled: ' + got.labels);
        }
        for (const town of ['Pyongyang', 'Hyesan', 'Chongjin', 'Sinŭiju', 'Hoeryŏng', 'Dandong']) {
          assert.ok(got.labels.includes(town), town + ' labelled: ' + got.labels);
        }
        // Zoomed out, only the first rank is shown.
        await page.evaluate(() => window.eventmap.map.setZoom(5.5, { animate: false }));
        await frames(page);
        const wide = await page.evaluate(() => Array.from(document.querySelectorAll('.em-label-town'))
          .filter((n) => n.style.display !== 'none').map((n) => n.textContent));
        assert.ok(wide.includes('Pyongyang') && !wide.includes('Hoeryŏng'), 'zoomed out: ' + wide);
      });

      await check('the language switch shows Korean names where the gazetteer has them', async () => {
        await page.getByRole('button', { name: '한국어' }).click();
        await page.evaluate(() => window.eventmap.map.setView([41.2, 127.5], 7, { animate: false }));
        await frames(page);
        const labels = await page.evaluate(() => Array.from(document.querySelectorAll('.em-label')).map((n) => n.textContent));
        for (const name of ['평양', '혜산', '압록강', '두만강']) assert.ok(labels.includes(name), name + ': ' + labels);
        const rows = await page.evaluate(() => window.eventmap.tableRows().map((r) => r.place));
        assert.ok(rows.includes('혜산') && rows.includes('회령'), 'table: ' + rows);
        const i = await page.evaluate(() => window.eventmap.layers.incidents.getLayers().findIndex((m) => m.emFeature.p.id === 'i1'));
        const text = await clickMarker(page, 'incidents', i, 12);
        assert.ok(text.includes('혜산'), 'popup: ' + text);
        // No Korean name (a made-up place id): the English one stays.
        assert.ok(rows.includes('Hyesan'), 'i6 keeps its English name: ' + rows);
        await page.getByRole('button', { name: 'English' }).click();
        const back = await page.evaluate(() => window.eventmap.tableRows().map((r) => r.place));
        assert.ok(!back.includes('혜산') && back.includes('Hoeryong'), 'English again: ' + back);
        await page.evaluate(() => window.eventmap.map.closePopup());
      });

      const visibleIds = () => page.evaluate(() => {
        const ids = [];
        for (const id of ['incidents', 'infrastructure']) {
          window.eventmap.layers[id].getLayers().forEach((m) => ids.push(m.emFeature.p.id));
        }
        return ids.sort();
      });
      const tableIds = () => page.evaluate(() => window.eventmap.tableRows().map((r) => r.id).sort());

      await check('the date filter keeps the events whose dates overlap the range', async () => {
        assert.deepEqual(await page.evaluate(() => window.eventmap.dateRange), ['2024-01-15', '2024-05-02']);
        // (from, to, undated shown, expected events on the map)
        const cases = [
          ['2024-02-15', '2024-03-31', true, ['f1', 'i2', 'i3', 'i6']],
          ['2024-02-15', '2024-03-31', false, ['f1', 'i2', 'i3']],
          ['2024-01-01', '2024-01-31', false, ['i1']],
          ['2024-04-21', '2024-12-31', false, ['f2']],
          ['2024-01-15', '2024-05-02', true, ['f1', 'f2', 'i1', 'i2', 'i3', 'i4', 'i6']],
        ];
        for (const [from, to, undated, want] of cases) {
          await page.fill('input[name=em-date-from]', from);
          await page.fill('input[name=em-date-to]', to);
          const box = page.locator('input[name=em-undated]');
          if ((await box.isChecked()) !== undated) await box.click();
          await frames(page);
          assert.deepEqual(await visibleIds(), want, from + '..' + to + ' undated ' + undated);
          assert.deepEqual(await tableIds(), want, 'table ' + from + '..' + to);
        }
      });

      await check('category checkboxes hide and show a category on the map and in the table', async () => {
        const death = page.locator('.em-legend input.em-category[data-layer=incidents][data-key=death]');
        await death.click();
        assert.ok(!(await visibleIds()).includes('i1'), 'death hidden');
        assert.ok(!(await tableIds()).includes('i1'), 'death out of the table');
        assert.equal(await page.evaluate(() => window.eventmap.drawnCount('incidents')), 4);
        await death.click();
        assert.ok((await visibleIds()).includes('i1'), 'death back');
        assert.deepEqual(await tableIds(), await visibleIds());
      });

      await check('the table lists the visible events by date; a row opens its popup', async () => {
        const header = await page.locator('.em-table thead').textContent();
        for (const h of ['Date', 'Category', 'Place', 'Evidence', 'Source']) assert.ok(header.includes(h), header);
        const rows = await page.evaluate(() => window.eventmap.tableRows());
        assert.deepEqual(rows.map((r) => r.date), ['2024-01-15', '2024-02-01', '2024-02-20', '2024-03-05', '2024-04-20', '2024-05-02', null]);
        const row = page.locator('.em-table tbody tr').nth(4);
        assert.ok((await row.textContent()).includes('Killing'), await row.textContent());
        await row.click();
        const popup = page.locator('.leaflet-popup-content');
        await popup.waitFor({ timeout: 5000 });
        assert.deepEqual(await page.evaluate(() => window.eventmap.openFeature()), { layer: 'incidents', id: 'i4' });
        assert.ok((await popup.textContent()).includes('Two people were shot'), await popup.textContent());
        // Hiding the incidents layer empties its rows.
        const layerBox = await overlayCheckbox(page, 'Incidents');
        await layerBox.click();
        assert.deepEqual((await page.evaluate(() => window.eventmap.tableRows())).map((r) => r.id), ['f1', 'f2']);
        await layerBox.click();
      });
    }

    if (expected.incidents.drawn > 0 && fixture !== 'small') {
      await check('every incident popup fits: no line runs past its edge', async () => {
        const n = Math.min(expected.incidents.drawn, 8);
        for (let i = 0; i < n; i++) {
          const text = await clickMarker(page, 'incidents', i, 9);
          assert.deepEqual(await popupOverflow(page), [], 'popup ' + i + ': ' + text.slice(0, 80));
        }
        await page.evaluate(() => window.eventmap.map.closePopup());
      });
    }

    if (expected.incidents.drawn + expected.infrastructure.drawn > 0) {
      await check('the table has one row per event on the map', async () => {
        const n = await page.evaluate(() => window.eventmap.drawnCount('incidents') + window.eventmap.drawnCount('infrastructure'));
        const rows = await page.evaluate(() => window.eventmap.tableRows().length);
        assert.equal(rows, Math.min(n, 500));
      });
    }

    if (fixture === 'empty') {
      await check('an empty map shows the Korean peninsula', async () => {
        const c = await page.evaluate(() => window.eventmap.map.getCenter());
        assert.ok(c.lat > 33 && c.lat < 43.1 && c.lng > 124 && c.lng < 131, JSON.stringify(c));
      });
    }

    await check('no console errors, page errors or network requests', async () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await close();
  }
}

// A 1x1 transparent PNG.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

async function runTiles(mapFile, port) {
  const requested = [];
  const server = createServer((req, res) => {
    requested.push(req.url);
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(PIXEL);
  });
  await new Promise((resolve) => server.listen(Number(port), '127.0.0.1', resolve));
  const { page, problems, close } = await open(mapFile, undefined, 'http://127.0.0.1:' + port + '/');
  try {
    await check('tiles are requested from the --tiles URL and shown', async () => {
      await page.waitForFunction(() => document.querySelectorAll('img.leaflet-tile-loaded').length > 0,
        null, { timeout: 10000 });
      assert.ok(requested.length > 0 && requested.every((u) => /^\/\d+\/\d+\/\d+\.png$/.test(u)),
        JSON.stringify(requested));
      const control = await page.locator('.leaflet-control-layers-overlays').textContent();
      assert.ok(control.includes('Tiles'), control);
    });
    await check('no console errors, page errors or other network requests', async () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await close();
    server.close();
  }
}

async function runPerf(mapFile, dir) {
  const features = LAYERS.reduce((n, [id]) => n + readLayer(dir, id).filter(drawable).length, 0);
  const { page, problems, wallMs, close } = await open(mapFile);
  try {
    const got = await page.evaluate(() => ({
      drawn: Object.values(window.eventmap.markerCount).reduce((a, b) => a + b, 0),
      loadMs: window.eventmap.loadMs,
      scriptMs: window.eventmap.scriptMs,
    }));
    const mb = (statSync(mapFile).size / 1e6).toFixed(1);
    console.log(`perf ${features} features, page ${mb} MB: ready ${wallMs.toFixed(0)} ms after goto ` +
      `(${got.loadMs.toFixed(0)} ms after navigation start, page script ${got.scriptMs.toFixed(0)} ms)`);
    await check('the large page draws every feature', async () => assert.equal(got.drawn, features));
    await check('the large page loads without errors', async () => assert.deepEqual(problems, []));
  } finally {
    await close();
  }
}

async function runSampled(mapFile, dir, stride) {
  const { page, problems, close } = await open(mapFile);
  try {
    await check('a sampled page keeps one feature in ' + stride + ' of each layer and says so', async () => {
      for (const [id] of LAYERS) {
        const all = readLayer(dir, id);
        const kept = all.filter((_, i) => i % stride === 0).filter(drawable).length;
        assert.equal(await page.evaluate((id) => window.eventmap.markerCount[id], id), kept, id);
      }
      const legend = await page.locator('.em-legend').textContent();
      assert.ok(legend.includes('one feature in ' + stride), legend.slice(0, 120));
    });
    await check('the sampled page loads without errors', async () => assert.deepEqual(problems, []));
  } finally {
    await close();
  }
}

async function runScreenshot(mapFile, out) {
  const { page, problems, close } = await open(mapFile, { width: 1280, height: 860 });
  try {
    // Show one popup, preferring a death or killing, without moving the map.
    await page.evaluate(() => {
      const em = window.eventmap;
      const markers = em.layers.incidents.getLayers();
      const m = markers.find((x) => /^(death|killing)$/.test(x.emFeature.p.category)) || markers[0];
      if (m) m.fire('click', { latlng: m.getLatLng() }, true);
    });
    // The popup fades in.
    await page.waitForFunction(() => {
      const popup = document.querySelector('.leaflet-popup');
      return !popup || getComputedStyle(popup).opacity === '1';
    });
    await frames(page);
    await page.screenshot({ path: out });
    console.log('wrote ' + out);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
}

const [mode, mapFile, arg, flag, fixture] = process.argv.slice(2);
if (mode === 'check') await runCheck(mapFile, arg, flag === '--fixture' ? fixture : null);
else if (mode === 'perf') await runPerf(mapFile, arg);
else if (mode === 'sampled') await runSampled(mapFile, arg, Number(flag));
else if (mode === 'tiles') await runTiles(mapFile, arg);
else if (mode === 'screenshot') await runScreenshot(mapFile, arg);
else {
  console.error('usage: node map.test.mjs check|perf|screenshot MAP ARG');
  process.exit(2);
}
process.exit(failures ? 1 : 0);
