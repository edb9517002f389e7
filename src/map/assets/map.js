// The eventmap page: draws the inlined layers with Leaflet. Everything the
// page shows comes from the JSON in #eventmap-data; text from it is only ever
// put into the page with textContent, never as HTML.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('eventmap-data').textContent);
  var started = performance.now();
  // South-west and north-east corners of the Korean peninsula: the view when
  // there is nothing to fit.
  var KOREA = [[33.0, 124.0], [43.1, 131.0]];

  // category: [colour, radius in px]. Deaths and killings are the largest and red.
  var STYLES = {
    death: ['#d7191c', 9], killing: ['#d7191c', 9], execution: ['#a50f15', 8],
    arrest: ['#f46d43', 6], punishment: ['#fdae61', 6], crackdown: ['#e08214', 6],
    inspection: ['#c9a400', 6], defection: ['#1a9850', 6], smuggling: ['#8c510a', 6],
    disaster: ['#762a83', 6], flood: ['#5e3c99', 6], accident: ['#c51b7d', 6],
    protest: ['#e7298a', 6], other_incident: ['#888888', 5],
    fence: ['#2166ac', 6], electrified_fence: ['#053061', 7], wall: ['#4393c3', 6],
    surveillance_camera: ['#01665e', 6], guard_post: ['#35978f', 6], sensor: ['#80cdc1', 6],
    barbed_wire: ['#5aae61', 6], checkpoint: ['#003c30', 6], bridge: ['#92c5de', 6],
    other_infrastructure: ['#6baed6', 5]
  };
  // Places are coloured by how precisely they were resolved.
  var PRECISION = {
    point: ['#1f4e8c', 4.5], city: ['#1f4e8c', 4.5], county: ['#4a78b5', 4],
    province: ['#7d9cc8', 4], country: ['#9fb0c8', 4]
  };
  var FALLBACK = { places: ['#7f94b0', 4], incidents: ['#888888', 5], infrastructure: ['#6baed6', 5] };

  function styleKey(layerId, p) {
    return layerId === 'places' ? String(p.precision || 'unknown') : String(p.category || 'unknown');
  }

  function styleOf(layerId, key) {
    var table = layerId === 'places' ? PRECISION : STYLES;
    return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : FALLBACK[layerId];
  }

  function label(key) {
    var s = String(key).replace(/_/g, ' ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function present(v) {
    return v !== undefined && v !== null && v !== '';
  }

  // A circle marker drawn a fixed number of pixels away from its position, so
  // that features sharing a point fan out around it at every zoom level.
  var OffsetCircle = L.CircleMarker.extend({
    _project: function () {
      this._point = this._map.latLngToLayerPoint(this._latlng).add(this.options.offset);
      this._updateBounds();
    }
  });

  // Pixel offsets for n markers on one point: a ring for a few, a sunflower
  // (Vogel) spiral for more, which packs them evenly: neighbours stay about
  // 15 px apart and 300 markers fit in a 175 px radius.
  var GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
  function fanOffsets(n) {
    var out = [];
    var i;
    if (n === 1) return [L.point(0, 0)];
    if (n <= 8) {
      var r = Math.max(11, (19 * n) / (2 * Math.PI));
      for (i = 0; i < n; i++) {
        var a = (2 * Math.PI * i) / n - Math.PI / 2;
        out.push(L.point(r * Math.cos(a), r * Math.sin(a)));
      }
      return out;
    }
    for (i = 0; i < n; i++) {
      var radius = 10 * Math.sqrt(i + 0.5);
      out.push(L.point(radius * Math.cos(i * GOLDEN_ANGLE), radius * Math.sin(i * GOLDEN_ANGLE)));
    }
    return out;
  }

  // Dates of an event as [start, end] ISO strings ('YYYY-MM-DD'), or null.
  // event_date_end (a month, a range) extends the start when present.
  function dateRange(p) {
    var start = isoDay(p.event_date !== undefined ? p.event_date : p.date);
    if (!start) return null;
    var end = isoDay(p.event_date_end) || start;
    return end < start ? [start, start] : [start, end];
  }

  function isoDay(v) {
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null;
  }

  function dateText(p) {
    var r = dateRange(p);
    if (!r) return 'unknown';
    var text = r[0] === r[1] ? r[0] : r[0] + ' – ' + r[1];
    var precision = present(p.date_precision) && p.date_precision !== 'day' ? p.date_precision : null;
    var detail = [precision, present(p.date_text) ? '“' + p.date_text + '”' : null].filter(present);
    return detail.length ? text + ' (' + detail.join(', ') + ')' : text;
  }

  // --- language -------------------------------------------------------------
  // 'en' shows the gazetteer's names, 'ko' the Korean (Hangul) names where the
  // gazetteer has them; everything else stays as it is.
  var lang = 'en';
  var languageListeners = [];
  function placeName(p) {
    var name = present(p.location) ? p.location : (present(p.name) ? p.name : p.mention);
    return lang === 'ko' && present(p.ko) ? p.ko : name;
  }
  function labelName(item) {
    return lang === 'ko' && present(item.ko) ? item.ko : item.name;
  }

  var map = L.map('map', { preferCanvas: true, zoomSnap: 0.25, minZoom: 3 });
  map.attributionControl.addAttribution('Base map: Made with Natural Earth; towns: GeoNames');

  // --- base map -----------------------------------------------------------
  var basePane = map.createPane('em-base');
  basePane.style.zIndex = 250;
  var labelPane = map.createPane('em-labels');
  labelPane.style.zIndex = 450;
  labelPane.style.pointerEvents = 'none';
  var baseRenderer = L.canvas({ pane: 'em-base' });
  var tiled = typeof data.tiles === 'string' && data.tiles !== '';
  var bm = data.basemap;
  var riverLayer;
  var base = L.layerGroup([
    // Land only, no outlines: the 1:110m country edges would cut across the
    // precise 1:10m borders drawn on top.
    L.geoJSON(bm.countries, {
      renderer: baseRenderer, pane: 'em-base', interactive: false,
      style: { stroke: false, fill: !tiled, fillOpacity: 1, fillColor: '#efece4' }
    }),
    L.geoJSON(bm.provinces, {
      renderer: baseRenderer, pane: 'em-base', interactive: false,
      style: {
        color: '#b3a58a', weight: 0.8, dashArray: '3 3',
        fill: !tiled, fillOpacity: 1, fillColor: '#fbf6e9'
      }
    }),
    // The Yalu and Tumen are the border for most of its length: drawn
    // stronger than the other rivers.
    riverLayer = L.geoJSON(bm.rivers || { type: 'FeatureCollection', features: [] }, {
      renderer: baseRenderer, pane: 'em-base', interactive: false,
      style: function (f) {
        return f.properties.border
          ? { color: '#4f8fc0', weight: 2.4, opacity: 0.9 }
          : { color: '#7fb0d6', weight: 1.2, opacity: 0.8 };
      }
    }),
    L.geoJSON(bm.borders, {
      renderer: baseRenderer, pane: 'em-base', interactive: false,
      style: function (f) {
        return f.properties.kind === 'demarcation'
          ? { color: '#555', weight: 1.5, dashArray: '6 4' }
          : { color: '#444', weight: 1.2, dashArray: '1 0' };
      }
    })
  ]);

  // Labels: towns (a dot and a name) and rivers (italic). Rank 1 is always
  // shown, ranks 2 and 3 from zoom levels 7 and 8.
  var labels = [];
  function addLabel(item, kind) {
    var icon = L.divIcon({ className: 'em-label em-label-' + kind + ' em-rank-' + item.rank, html: '', iconSize: null });
    var marker = L.marker([item.c[1], item.c[0]], {
      icon: icon, pane: 'em-labels', interactive: false, keyboard: false
    });
    marker.emLabel = { item: item, kind: kind };
    labels.push(marker);
    base.addLayer(marker);
  }
  (bm.towns || []).forEach(function (t) { addLabel(t, 'town'); });
  (bm.river_labels || []).forEach(function (r) { addLabel(r, 'river'); });
  var MIN_ZOOM_OF_RANK = { 1: 0, 2: 7, 3: 8 };
  function updateLabels() {
    var z = map.getZoom();
    labels.forEach(function (m) {
      var node = m.getElement();
      if (!node) return;
      var shown = z >= (MIN_ZOOM_OF_RANK[m.emLabel.item.rank] || 0);
      node.style.display = shown ? '' : 'none';
      var text = labelName(m.emLabel.item);
      if (node.textContent !== text) {
        node.textContent = '';
        node.appendChild(el('span', null, text));
      }
    });
  }
  base.addTo(map);
  // Label elements are made anew each time the base map is switched on.
  base.on('add', updateLabels);
  map.on('overlayadd', function (e) { if (e.layer === base) updateLabels(); });
  map.on('zoomend', updateLabels);
  languageListeners.push(updateLabels);

  var overlays = {};
  if (tiled) {
    var host = '';
    try {
      host = new URL(data.tiles.replace(/\{[^}]*\}/g, 'a')).host;
    } catch (e) {
      host = 'tile server';
    }
    var attribution = el('span', null, 'Tiles: ' + host).outerHTML;
    overlays.Tiles = L.tileLayer(data.tiles, { maxZoom: 19, attribution: attribution }).addTo(map);
  }
  overlays['Natural Earth outlines'] = base;

  // --- data layers --------------------------------------------------------
  var markerRenderer = L.canvas({ padding: 0.5 });
  var groups = {};
  var layerInfo = {};
  var stacks = {};
  var drawOrder = [];
  data.layers.forEach(function (layer) {
    var info = { layer: layer, markers: [], unlocated: [], counts: {} };
    layerInfo[layer.id] = info;
    layer.features.forEach(function (f) {
      if (!f.c) {
        info.unlocated.push(f);
        return;
      }
      var key = styleKey(layer.id, f.p);
      info.counts[key] = (info.counts[key] || 0) + 1;
      var at = f.c[1].toFixed(6) + ',' + f.c[0].toFixed(6);
      (stacks[at] = stacks[at] || []).push({ layerId: layer.id, feature: f, key: key });
    });
  });

  // Incidents get the places nearest the shared point, then infrastructure,
  // then places; the data layers are drawn in the order of data.layers.
  var priority = { incidents: 0, infrastructure: 1, places: 2 };
  // The view fits the data, but a country-level place sits at the country's
  // centre (China's is 1,500 km west of Korea): such points count only when
  // nothing finer was found.
  var bounds = L.latLngBounds([]);
  var countryBounds = L.latLngBounds([]);
  Object.keys(stacks).forEach(function (at) {
    var stack = stacks[at];
    stack.sort(function (a, b) { return priority[a.layerId] - priority[b.layerId]; });
    var offsets = fanOffsets(stack.length);
    var latlng = L.latLng(stack[0].feature.c[1], stack[0].feature.c[0]);
    var coarse = stack.every(function (item) {
      return item.layerId === 'places' && item.feature.p.precision === 'country';
    });
    (coarse ? countryBounds : bounds).extend(latlng);
    stack.forEach(function (item, i) {
      item.latlng = latlng;
      item.offset = offsets[i];
      drawOrder.push(item);
    });
  });

  var openMarker = null;
  function openPopup(marker) {
    var at = map.layerPointToLatLng(map.latLngToLayerPoint(marker.getLatLng()).add(marker.options.offset));
    openMarker = marker;
    // A fixed width the content is laid out in, so no line runs past the edge.
    L.popup({ maxWidth: 320, minWidth: 320, offset: L.point(0, -marker.options.radius), autoPanPadding: [20, 20] })
      .setLatLng(at)
      .setContent(popupContent(marker.options.emLayer, marker.emFeature.p))
      .openOn(map);
  }
  map.on('popupclose', function () { openMarker = null; });
  languageListeners.push(function () {
    if (openMarker && map.hasLayer(openMarker)) openPopup(openMarker);
  });

  data.layers.forEach(function (layer) {
    var info = layerInfo[layer.id];
    var infra = layer.id === 'infrastructure';
    var group = L.featureGroup();
    drawOrder.forEach(function (item) {
      if (item.layerId !== layer.id) return;
      var s = styleOf(layer.id, item.key);
      // Planned (not yet built or done) is drawn paler with a dashed edge.
      var planned = item.feature.p.status === 'planned';
      var marker = new OffsetCircle(item.latlng, {
        renderer: markerRenderer, offset: item.offset, radius: s[1],
        color: infra ? '#222' : '#fff', weight: infra ? 2 : 1.2,
        dashArray: planned ? '3 2' : null,
        fillColor: s[0], fillOpacity: planned ? 0.45 : 0.9, emLayer: layer.id
      });
      marker.emFeature = item.feature;
      marker.emKey = item.key;
      marker.emDates = layer.id === 'places' ? null : dateRange(item.feature.p);
      info.markers.push(marker);
      group.addLayer(marker);
    });
    group.on('click', function (e) { openPopup(e.layer); });
    groups[layer.id] = group.addTo(map);
    var title = layer.label + ' (' + info.markers.length + ')';
    overlays[title] = group;
  });

  // Re-adding a layer draws it on top; keep incidents above infrastructure
  // above places whatever the user toggled.
  map.on('overlayadd overlayremove', function () {
    data.layers.forEach(function (layer) {
      if (map.hasLayer(groups[layer.id])) groups[layer.id].bringToFront();
    });
    updateTable();
  });

  function popupContent(layerId, p) {
    var root = el('div', 'em-popup');
    var rows = [];
    var heading;
    if (layerId === 'places') {
      heading = el('div', 'em-popup-title', placeName(p));
      heading.appendChild(el('span', 'em-badge', 'place'));
      rows.push(['Mention', p.mention]);
      rows.push(['Place', [p.admin2, p.admin1, p.country].filter(present).join(', ')]);
      rows.push(['Precision', p.precision]);
      rows.push(['Resolved by', [p.method, present(p.score) ? 'score ' + p.score : null].filter(present).join(', ')]);
      rows.push(['Date', p.date]);
      rows.push(['Document', p.doc]);
    } else {
      heading = el('div', 'em-popup-title', label(p.category || 'unknown'));
      heading.appendChild(el('span', 'em-badge', layerId === 'incidents' ? 'incident' : 'infrastructure'));
      if (p.status === 'planned') heading.appendChild(el('span', 'em-badge', 'planned'));
      var place = placeName(p) || '';
      var within = [p.admin2, p.admin1, p.country].filter(function (v) {
        return present(v) && v !== p.location;
      }).join(', ');
      rows.push(['Place', [place, within].filter(present).join(' — ')]);
      rows.push(['Date', dateText(p)]);
      if (layerId === 'incidents') {
        rows.push(['Fatalities', present(p.fatalities) ? p.fatalities : 'not stated']);
      }
      if (present(p.border_distance_km)) {
        rows.push(['To border', Number(p.border_distance_km).toFixed(1) + ' km']);
      }
      if (Array.isArray(p.cues) && p.cues.length) rows.push(['Cues', p.cues.join(', ')]);
      if (present(p.incident_id)) rows.push(['Incident', p.incident_id]);
      rows.push(['Document', p.doc]);
      rows.push(['Source', p.source]);
      if (Array.isArray(p.sources) && p.sources.length > 1) {
        rows.push(['Sources', p.sources.length + ': ' + p.sources.join(', ')]);
      }
    }
    root.appendChild(heading);
    if (layerId !== 'places' && present(p.evidence)) {
      root.appendChild(el('blockquote', 'em-evidence', p.evidence));
    }
    var table = el('table');
    rows.forEach(function (row) {
      if (!present(row[1])) return;
      var tr = el('tr');
      tr.appendChild(el('th', null, row[0]));
      var td = el('td');
      td.appendChild(sourceNode(row[0] === 'Source' ? row[1] : null) || document.createTextNode(String(row[1])));
      tr.appendChild(td);
      table.appendChild(tr);
    });
    root.appendChild(table);
    return root;
  }

  // A link for an http(s) source, else null.
  function sourceNode(value) {
    if (!present(value) || !/^https?:\/\//i.test(String(value))) return null;
    var a = el('a', null, String(value));
    a.href = String(value);
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  // --- filters: dates and categories -----------------------------------------
  var eventLayers = ['incidents', 'infrastructure'].filter(function (id) { return layerInfo[id]; });
  var allDates = [];
  eventLayers.forEach(function (id) {
    layerInfo[id].markers.forEach(function (m) { if (m.emDates) allDates.push(m.emDates[0], m.emDates[1]); });
  });
  allDates.sort();
  var dateMin = allDates.length ? allDates[0] : null;
  var dateMax = allDates.length ? allDates[allDates.length - 1] : null;
  var filter = { from: dateMin, to: dateMax, undated: true, hidden: {} };

  // Whether a marker passes the filters (its layer's own toggle aside). An
  // event is kept when its dates overlap the chosen range.
  function passes(m) {
    if (filter.hidden[m.options.emLayer + ':' + m.emKey]) return false;
    if (m.options.emLayer === 'places') return true;
    if (!m.emDates) return filter.undated;
    return (!filter.from || m.emDates[1] >= filter.from) && (!filter.to || m.emDates[0] <= filter.to);
  }

  function applyFilters() {
    data.layers.forEach(function (layer) {
      var group = groups[layer.id];
      layerInfo[layer.id].markers.forEach(function (m) {
        var want = passes(m);
        if (want !== group.hasLayer(m)) {
          if (want) group.addLayer(m); else group.removeLayer(m);
        }
      });
    });
    if (openMarker && !map.hasLayer(openMarker)) map.closePopup();
    updateTable();
  }

  // --- table of the visible events --------------------------------------------
  var TABLE_LIMIT = 500;
  var tableBody = null;
  var tableNote = null;
  var tableRows = [];
  function visibleEvents() {
    var out = [];
    eventLayers.forEach(function (id) {
      if (!map.hasLayer(groups[id])) return;
      layerInfo[id].markers.forEach(function (m) { if (groups[id].hasLayer(m)) out.push(m); });
    });
    out.sort(function (a, b) {
      var da = a.emDates ? a.emDates[0] : '9999';
      var db = b.emDates ? b.emDates[0] : '9999';
      return da < db ? -1 : da > db ? 1 : 0;
    });
    return out;
  }

  function updateTable() {
    if (!tableBody) return;
    tableRows = visibleEvents();
    tableBody.textContent = '';
    tableRows.slice(0, TABLE_LIMIT).forEach(function (m, i) {
      var p = m.emFeature.p;
      var tr = el('tr');
      tr.dataset.row = String(i);
      tr.tabIndex = 0;
      var date = m.emDates ? (m.emDates[0] === m.emDates[1] ? m.emDates[0] : m.emDates[0] + ' – ' + m.emDates[1]) : '—';
      tr.appendChild(el('td', 'em-date', date));
      tr.appendChild(el('td', null, label(p.category || 'unknown')));
      tr.appendChild(el('td', null, placeName(p)));
      var evidence = el('td', 'em-evidence-cell', p.evidence);
      if (present(p.evidence)) evidence.title = p.evidence;
      tr.appendChild(evidence);
      var source = el('td', 'em-source-cell');
      source.appendChild(sourceNode(p.source) || document.createTextNode(present(p.source) ? String(p.source) : ''));
      if (present(p.source)) source.title = String(p.source);
      tr.appendChild(source);
      tableBody.appendChild(tr);
    });
    var n = tableRows.length;
    tableNote.textContent = n + ' shown, by date' +
      (n > TABLE_LIMIT ? ' (first ' + TABLE_LIMIT + ' listed)' : '');
  }
  languageListeners.push(updateTable);

  // Zooms to the event of table row i and opens its popup.
  function openRow(i) {
    var m = tableRows[i];
    if (!m) return false;
    map.closePopup();
    map.setView(m.getLatLng(), Math.max(map.getZoom(), 9), { animate: false });
    openPopup(m);
    return true;
  }

  // --- controls -----------------------------------------------------------
  function control(position, className, build) {
    var C = L.Control.extend({
      onAdd: function () {
        var root = el('div', className);
        L.DomEvent.disableClickPropagation(root);
        L.DomEvent.disableScrollPropagation(root);
        build(root);
        return root;
      }
    });
    return new C({ position: position }).addTo(map);
  }

  control('topright', 'em-title', function (root) { root.textContent = data.title; });
  L.control.layers(null, overlays, { collapsed: false, position: 'topright' }).addTo(map);
  L.control.scale({ position: 'bottomleft' }).addTo(map);

  var dateInputs = {};
  control('topleft', 'em-panel em-filters', function (root) {
    var langRow = el('div', 'em-row em-lang');
    langRow.appendChild(el('span', 'em-label-text', 'Names'));
    [['en', 'English'], ['ko', '한국어']].forEach(function (choice) {
      var b = el('button', 'em-lang-button', choice[1]);
      b.type = 'button';
      b.dataset.lang = choice[0];
      b.setAttribute('aria-pressed', String(choice[0] === lang));
      b.addEventListener('click', function () { setLanguage(choice[0]); });
      langRow.appendChild(b);
    });
    root.appendChild(langRow);
    if (!eventLayers.length) return;
    var dates = el('div', 'em-row em-dates');
    dates.appendChild(el('span', 'em-label-text', 'Dates'));
    ['from', 'to'].forEach(function (end, k) {
      if (k) dates.appendChild(el('span', null, '–'));
      var input = el('input');
      input.type = 'date';
      input.name = 'em-date-' + end;
      input.setAttribute('aria-label', end === 'from' ? 'From date' : 'To date');
      if (dateMin) {
        input.min = dateMin;
        input.max = dateMax;
        input.value = filter[end];
      } else {
        input.disabled = true;
        input.title = 'No event in these layers has a date';
      }
      input.addEventListener('change', function () {
        filter[end] = isoDay(input.value) || (end === 'from' ? dateMin : dateMax);
        applyFilters();
      });
      dateInputs[end] = input;
      dates.appendChild(input);
    });
    root.appendChild(dates);
    var undated = el('label', 'em-row em-undated');
    var box = el('input');
    box.type = 'checkbox';
    box.checked = true;
    box.name = 'em-undated';
    box.addEventListener('change', function () { filter.undated = box.checked; applyFilters(); });
    undated.appendChild(box);
    var nUndated = 0;
    eventLayers.forEach(function (id) { layerInfo[id].markers.forEach(function (m) { if (!m.emDates) nUndated++; }); });
    undated.appendChild(document.createTextNode(' events without a date (' + nUndated + ')'));
    root.appendChild(undated);
  });

  control('bottomright', 'em-legend', function (root) {
    if (data.stride > 1) {
      root.appendChild(el('p', 'em-sampled', 'Sampled page: one feature in ' + data.stride + ' is shown.'));
    }
    data.layers.slice().reverse().forEach(function (layer) {
      var info = layerInfo[layer.id];
      var h = el('h3', null, layer.label + ' ');
      h.appendChild(el('span', 'em-count', info.markers.length + ' drawn'));
      root.appendChild(h);
      var keys = Object.keys(info.counts).sort(function (a, b) {
        return info.counts[b] - info.counts[a] || (a < b ? -1 : 1);
      });
      var list = el('ul');
      keys.forEach(function (key) {
        var s = styleOf(layer.id, key);
        var li = el('li');
        var row = el('label');
        // A checkbox per category: unticked, its markers leave the map and the table.
        var box = el('input', 'em-category');
        box.type = 'checkbox';
        box.checked = true;
        box.dataset.layer = layer.id;
        box.dataset.key = key;
        box.addEventListener('change', function () {
          filter.hidden[layer.id + ':' + key] = !box.checked;
          applyFilters();
        });
        row.appendChild(box);
        var swatch = el('span', 'em-swatch' + (layer.id === 'infrastructure' ? ' em-infra' : ''));
        swatch.style.background = s[0];
        swatch.style.width = swatch.style.height = 2 * s[1] + 'px';
        row.appendChild(swatch);
        row.appendChild(document.createTextNode(label(key) + ' (' + info.counts[key] + ')'));
        li.appendChild(row);
        list.appendChild(li);
      });
      if (!keys.length) list.appendChild(el('li', 'em-count', 'none'));
      var planned = info.markers.filter(function (m) { return m.emFeature.p.status === 'planned'; }).length;
      if (planned) list.appendChild(el('li', 'em-count', 'pale, dashed edge: planned (' + planned + ')'));
      root.appendChild(list);
      if (info.unlocated.length) {
        var details = el('details', 'em-unlocated');
        details.appendChild(el('summary', null,
          info.unlocated.length + ' without coordinates (not drawn)'));
        var ul = el('ul');
        var LIMIT = 200;
        info.unlocated.slice(0, LIMIT).forEach(function (f) {
          var p = f.p;
          var what = layer.id === 'places'
            ? [p.mention || p.name]
            : [label(p.category || 'unknown'), p.location || p.admin1];
          ul.appendChild(el('li', null, what.concat([p.doc]).filter(present).join(' — ')));
        });
        if (info.unlocated.length > LIMIT) {
          ul.appendChild(el('li', null, '… and ' + (info.unlocated.length - LIMIT) + ' more'));
        }
        details.appendChild(ul);
        root.appendChild(details);
      }
    });
  });

  if (eventLayers.length) {
    control('bottomleft', 'em-panel em-table', function (root) {
      var details = el('details');
      details.open = true;
      var summary = el('summary', null, 'Events: ');
      tableNote = el('span', 'em-count');
      summary.appendChild(tableNote);
      details.appendChild(summary);
      var scroll = el('div', 'em-table-scroll');
      var table = el('table');
      var head = el('tr');
      ['Date', 'Category', 'Place', 'Evidence', 'Source'].forEach(function (h) { head.appendChild(el('th', null, h)); });
      var thead = el('thead');
      thead.appendChild(head);
      table.appendChild(thead);
      tableBody = el('tbody');
      table.appendChild(tableBody);
      scroll.appendChild(table);
      details.appendChild(scroll);
      root.appendChild(details);
      function rowOf(e) {
        var tr = e.target.closest('tr');
        return tr && tr.dataset.row !== undefined ? Number(tr.dataset.row) : -1;
      }
      tableBody.addEventListener('click', function (e) {
        if (e.target.closest('a')) return;
        openRow(rowOf(e));
      });
      tableBody.addEventListener('keydown', function (e) {
        if (e.key === 'Enter') openRow(rowOf(e));
      });
    });
  }

  function setLanguage(choice) {
    lang = choice === 'ko' ? 'ko' : 'en';
    document.documentElement.lang = lang;
    Array.prototype.forEach.call(document.querySelectorAll('.em-lang-button'), function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
    });
    languageListeners.forEach(function (f) { f(); });
  }

  if (!bounds.isValid()) bounds = countryBounds;
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [40, 40], maxZoom: 10 });
  } else {
    map.fitBounds(KOREA);
  }
  updateLabels();
  updateTable();

  // --- what tests and scripts can read -------------------------------------
  var markerCount = {};
  var unlocatedCount = {};
  Object.keys(layerInfo).forEach(function (id) {
    markerCount[id] = layerInfo[id].markers.length;
    unlocatedCount[id] = layerInfo[id].unlocated.length;
  });
  window.eventmap = {
    map: map,
    layers: groups,
    markerCount: markerCount,
    unlocatedCount: unlocatedCount,
    // Markers of layer `id` on the map now, counted from the map itself.
    drawnCount: function (id) {
      var n = 0;
      map.eachLayer(function (l) {
        if (l.options && l.options.emLayer === id) n++;
      });
      return n;
    },
    // Where the i-th marker of layer `id` is drawn, in container pixels.
    markerPoint: function (id, i) {
      var m = layerInfo[id].markers[i];
      var p = map.latLngToContainerPoint(m.getLatLng()).add(m.options.offset);
      return { x: p.x, y: p.y };
    },
    // The properties of the i-th marker of layer `id`.
    markerProperties: function (id, i) {
      return layerInfo[id].markers[i].emFeature.p;
    },
    // Controls, for scripts: the same as using the page's inputs.
    setLanguage: setLanguage,
    setDates: function (from, to) {
      filter.from = isoDay(from) || dateMin;
      filter.to = isoDay(to) || dateMax;
      if (dateInputs.from) { dateInputs.from.value = filter.from; dateInputs.to.value = filter.to; }
      applyFilters();
    },
    setCategory: function (id, key, shown) {
      filter.hidden[id + ':' + key] = !shown;
      var box = document.querySelector('input.em-category[data-layer="' + id + '"][data-key="' + key + '"]');
      if (box) box.checked = !!shown;
      applyFilters();
    },
    dateRange: [dateMin, dateMax],
    // The table's rows as shown: [{id, layer, date, category, place}].
    tableRows: function () {
      return tableRows.slice(0, TABLE_LIMIT).map(function (m) {
        var p = m.emFeature.p;
        return { id: p.id, layer: m.options.emLayer, date: m.emDates ? m.emDates[0] : null, category: p.category, place: placeName(p) };
      });
    },
    openRow: openRow,
    // The marker whose popup is open: {layer, id} or null.
    // Names of the rivers drawn, '(border)' after the Yalu and the Tumen.
    rivers: function () {
      return riverLayer.getLayers().map(function (l) {
        return l.feature.properties.name + (l.feature.properties.border ? ' (border)' : '');
      });
    },
    openFeature: function () {
      return openMarker ? { layer: openMarker.options.emLayer, id: openMarker.emFeature.p.id } : null;
    },
    scriptMs: performance.now() - started,
    loadMs: performance.now(),
    ready: true
  };
})();
