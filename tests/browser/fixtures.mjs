// Synthetic layer directories for the browser test, written to a temp dir at
// test time (nothing here is real reporting: the sentences are made up).
//
//   node fixtures.mjs small DIR     a few features: a shared point, a null
//                                   geometry, hostile text
//   node fixtures.mjs large DIR N   N features spread over North Korea
//   node fixtures.mjs empty DIR     layers with no features (a folder with no layer files
//                                   at all is an error of `eventmap map`, tested in Rust)

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Sentences that try to break out of the page's <script> element. They must
// show up as text in a popup and never run.
export const HOSTILE = 'Guards said </script><script>window.__pwned = 1</script> and <!-- <script> left\u2028the post.';

function collection(features) {
  return { type: 'FeatureCollection', features };
}

function point(lon, lat) {
  return { type: 'Point', coordinates: [lon, lat] };
}

function event(id, layer, category, geometry, extra) {
  const [lon, lat] = geometry ? geometry.coordinates : [null, null];
  return {
    type: 'Feature',
    geometry,
    properties: {
      id, doc: 'fixture-' + id + '.txt', category, layer, status: 'reported',
      event_date: '2024-03-0' + ((id.length % 9) + 1), event_type: null, sub_event_type: null,
      country: 'North Korea', admin1: 'Ryanggang', admin2: null, location: 'Hyesan',
      latitude: lat, longitude: lon, geo_precision: 2, fatalities: null,
      source: 'Fixture News', notes: null, place_id: 'fixture:1',
      mention_start: 0, mention_end: 6, evidence: 'Evidence sentence for ' + id + '.',
      evidence_start: 0, evidence_end: 10, cues: [category], score: 0.9, border_distance_km: 1.5,
      ...extra,
    },
  };
}

function place(name, geometry, extra) {
  return {
    type: 'Feature',
    geometry,
    properties: {
      doc: 'fixture-place.txt', start: 0, end: name.length, mention: name, name,
      place_id: 'fixture:' + name, feature_code: 'PPLA', country: 'KP', admin1_code: 'KP.13',
      admin1: 'Ryanggang', admin2: null, population: 1000, precision: 'city', score: 0.8,
      method: 'fixture', reasons: ['made up for the browser test'],
      ...extra,
    },
  };
}

/** The small fixture; returns what the test should find in it. */
export function writeSmall(dir) {
  mkdirSync(dir, { recursive: true });
  const hyesan = point(128.1777, 41.3956);
  // Real gazetteer ids, so the page can show their Korean names (혜산, 회령).
  const atHyesan = { place_id: 'geonames:2043837' };
  const atHoeryong = { place_id: 'geonames:2044091', location: 'Hoeryong', admin1: 'Hamgyong-bukto' };
  // Dates of our own making: a day, a month (a range with an end), an undated event.
  const incidents = [
    event('i1', 'incident', 'death', hyesan, { ...atHyesan, fatalities: 1, event_date: '2024-01-15', date_precision: 'day', evidence: 'A soldier was found dead near the river bank.' }),
    event('i2', 'incident', 'arrest', hyesan, { ...atHyesan, event_date: '2024-02-01', event_date_end: '2024-02-29', date_precision: 'month', date_text: 'in February', evidence: HOSTILE }),
    event('i3', 'incident', 'smuggling', hyesan, { ...atHyesan, event_date: '2024-03-05', evidence: 'Traders moved copper across the river at night.' }),
    event('i4', 'incident', 'killing', point(129.7, 42.53), {
      ...atHoeryong, fatalities: 2, event_date: '2024-04-20', incident_id: 'inc-0004', sources: ['fixture-i4.txt', 'fixture-other.txt'],
      admin2: 'A-county-name-far-longer-than-any-real-one-without-a-single-break',
      source: 'https://news.example.org/2024/04/20/a-long-address-that-has-no-spaces-at-all-and-must-wrap-inside-the-popup',
      evidence: 'Two people were shot while crossing.',
    }),
    event('i5', 'incident', 'defection', null, { event_date: '2024-02-10', evidence: 'A family left without a trace.' }),
    event('i6', 'incident', 'arrest', point(126.9, 40.1), { event_date: null, evidence: 'Several traders were taken in for questioning.' }),
  ];
  const infrastructure = [
    event('f1', 'infrastructure', 'electrified_fence', hyesan, { ...atHyesan, event_date: '2024-02-20', evidence: 'A new electrified fence runs along the bank.' }),
    event('f2', 'infrastructure', 'surveillance_camera', point(126.9, 40.1), { status: 'planned', event_date: '2024-05-02', evidence: 'Cameras are to be installed this spring.' }),
  ];
  const places = [
    place('Hyesan', hyesan, { place_id: 'geonames:2043837' }),
    place('Hoeryong', point(129.7, 42.53), { place_id: 'geonames:2044091' }),
    place('Nowhere', null, { precision: null }),
  ];
  writeFileSync(join(dir, 'incidents.geojson'), JSON.stringify(collection(incidents)));
  writeFileSync(join(dir, 'infrastructure.geojson'), JSON.stringify(collection(infrastructure)));
  writeFileSync(join(dir, 'places.geojson'), JSON.stringify(collection(places)));
  // Five features on one point, across three layers: all must be clickable.
  return { stacked: ['i1', 'i2', 'i3', 'f1', 'Hyesan'] };
}

/** N features over North Korea, a third of them piled on 40 towns. Deterministic. */
export function writeLarge(dir, n) {
  mkdirSync(dir, { recursive: true });
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const incidentCategories = ['death', 'killing', 'arrest', 'execution', 'punishment', 'defection',
    'smuggling', 'crackdown', 'inspection', 'disaster', 'flood', 'accident', 'protest', 'other_incident'];
  const infraCategories = ['fence', 'electrified_fence', 'wall', 'surveillance_camera', 'guard_post',
    'sensor', 'barbed_wire', 'checkpoint', 'bridge', 'other_infrastructure'];
  const towns = Array.from({ length: 40 }, () => [124.5 + random() * 5.5, 38 + random() * 4.5]);
  const where = () => {
    if (random() < 1 / 3) return point(...towns[Math.floor(random() * towns.length)]);
    return point(124.5 + random() * 5.5, 38 + random() * 4.5);
  };
  const nIncidents = Math.round(n * 0.5);
  const nInfra = Math.round(n * 0.2);
  const nPlaces = n - nIncidents - nInfra;
  const sentence = (i) => 'Synthetic report ' + i + ': residents said security in the border area was tightened again after the latest case, and that people were told not to go near the river.';
  const incidents = Array.from({ length: nIncidents }, (_, i) =>
    event('i' + i, 'incident', incidentCategories[i % incidentCategories.length], where(), { evidence: sentence(i) }));
  const infrastructure = Array.from({ length: nInfra }, (_, i) =>
    event('f' + i, 'infrastructure', infraCategories[i % infraCategories.length], where(), { evidence: sentence(i) }));
  const places = Array.from({ length: nPlaces }, (_, i) => place('Town ' + i, where()));
  writeFileSync(join(dir, 'incidents.geojson'), JSON.stringify(collection(incidents)));
  writeFileSync(join(dir, 'infrastructure.geojson'), JSON.stringify(collection(infrastructure)));
  writeFileSync(join(dir, 'places.geojson'), JSON.stringify(collection(places)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mode, dir, n] = process.argv.slice(2);
  if (mode === 'small') writeSmall(dir);
  else if (mode === 'large') writeLarge(dir, Number(n || 10000));
  else if (mode === 'empty') {
    mkdirSync(dir, { recursive: true });
    for (const name of ['places', 'incidents', 'infrastructure']) {
      writeFileSync(join(dir, `${name}.geojson`), JSON.stringify(collection([])));
    }
  }
  else {
    console.error('usage: node fixtures.mjs small|large|empty DIR [N]');
    process.exit(2);
  }
}
