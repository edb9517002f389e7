// Opens a map page eventmap wrote (file://, no server, no network) in headless
// Debian Chromium and checks it against the layers it was made from.
//
//   node map.test.mjs check MAP LAYERS_DIR [--fixture small|empty]
//   node map.test.mjs tiles MAP PORT             serve tiles on 127.0.0.1:PORT, check they load
//   node map.test.mjs perf MAP LAYERS_DIR        time loading a large page
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
else if (mode === 'tiles') await runTiles(mapFile, arg);
else if (mode === 'screenshot') await runScreenshot(mapFile, arg);
else {
  console.error('usage: node map.test.mjs check|perf|screenshot MAP ARG');
  process.exit(2);
}
process.exit(failures ? 1 : 0);
