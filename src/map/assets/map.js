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

  var map = L.map('map', { preferCanvas: true, zoomSnap: 0.25, minZoom: 3 });
  map.attributionControl.addAttribution('Base map: Made with Natural Earth');

  // --- base map -----------------------------------------------------------
  var basePane = map.createPane('em-base');
  basePane.style.zIndex = 250;
  var baseRenderer = L.canvas({ pane: 'em-base' });
  var tiled = typeof data.tiles === 'string' && data.tiles !== '';
  var base = L.layerGroup([
    // Land only, no outlines: the 1:110m country edges would cut across the
    // precise 1:10m borders drawn on top.
    L.geoJSON(data.basemap.countries, {
      renderer: baseRenderer, pane: 'em-base', interactive: false,
      style: { stroke: false, fill: !tiled, fillOpacity: 1, fillColor: '#efece4' }
    }),
    L.geoJSON(data.basemap.provinces, {
      renderer: baseRenderer, pane: 'em-base', interactive: false,
      style: {
        color: '#b3a58a', weight: 0.8, dashArray: '3 3',
        fill: !tiled, fillOpacity: 1, fillColor: '#fbf6e9'
      }
    }),
    L.geoJSON(data.basemap.borders, {
      renderer: baseRenderer, pane: 'em-base', interactive: false,
      style: function (f) {
        return f.properties.kind === 'demarcation'
          ? { color: '#555', weight: 1.5, dashArray: '6 4' }
          : { color: '#444', weight: 1.6 };
      }
    })
  ]).addTo(map);

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
      info.markers.push(marker);
      group.addLayer(marker);
    });
    group.on('click', function (e) {
      var m = e.layer;
      var at = map.layerPointToLatLng(map.latLngToLayerPoint(m.getLatLng()).add(m.options.offset));
      L.popup({ maxWidth: 340, offset: L.point(0, -m.options.radius) })
        .setLatLng(at)
        .setContent(popupContent(layer.id, m.emFeature.p))
        .openOn(map);
    });
    groups[layer.id] = group.addTo(map);
    var title = layer.label + ' (' + info.markers.length + ')';
    overlays[title] = group;
  });

  // Re-adding a layer draws it on top; keep incidents above infrastructure
  // above places whatever the user toggled.
  map.on('overlayadd', function () {
    data.layers.forEach(function (layer) {
      if (map.hasLayer(groups[layer.id])) groups[layer.id].bringToFront();
    });
  });

  function popupContent(layerId, p) {
    var root = el('div', 'em-popup');
    var rows = [];
    var heading;
    if (layerId === 'places') {
      heading = el('div', 'em-popup-title', present(p.name) ? p.name : p.mention);
      heading.appendChild(el('span', 'em-badge', 'place'));
      rows.push(['Mention', p.mention]);
      rows.push(['Place', [p.admin2, p.admin1, p.country].filter(present).join(', ')]);
      rows.push(['Precision', p.precision]);
      rows.push(['Resolved by', [p.method, present(p.score) ? 'score ' + p.score : null].filter(present).join(', ')]);
      rows.push(['Document', p.doc]);
    } else {
      heading = el('div', 'em-popup-title', label(p.category || 'unknown'));
      heading.appendChild(el('span', 'em-badge', layerId === 'incidents' ? 'incident' : 'infrastructure'));
      if (p.status === 'planned') heading.appendChild(el('span', 'em-badge', 'planned'));
      var place = present(p.location) ? p.location : '';
      var within = [p.admin2, p.admin1, p.country].filter(function (v) {
        return present(v) && v !== place;
      }).join(', ');
      rows.push(['Place', [place, within].filter(present).join(' — ')]);
      rows.push(['Date', present(p.event_date) ? p.event_date : 'unknown']);
      if (layerId === 'incidents') {
        rows.push(['Fatalities', present(p.fatalities) ? p.fatalities : 'not stated']);
      }
      if (present(p.border_distance_km)) {
        rows.push(['To border', Number(p.border_distance_km).toFixed(1) + ' km']);
      }
      if (Array.isArray(p.cues) && p.cues.length) rows.push(['Cues', p.cues.join(', ')]);
      rows.push(['Document', p.doc]);
      rows.push(['Source', p.source]);
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
      var value = String(row[1]);
      if (row[0] === 'Source' && /^https?:\/\//i.test(value)) {
        var a = el('a', null, value);
        a.href = value;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        td.appendChild(a);
      } else {
        td.textContent = value;
      }
      tr.appendChild(td);
      table.appendChild(tr);
    });
    root.appendChild(table);
    return root;
  }

  // --- controls -----------------------------------------------------------
  var Title = L.Control.extend({
    onAdd: function () {
      return el('div', 'em-title', data.title);
    }
  });
  new Title({ position: 'topright' }).addTo(map);
  L.control.layers(null, overlays, { collapsed: false, position: 'topright' }).addTo(map);
  L.control.scale({ position: 'bottomleft' }).addTo(map);

  var Legend = L.Control.extend({
    onAdd: function () {
      var root = el('div', 'em-legend');
      L.DomEvent.disableClickPropagation(root);
      L.DomEvent.disableScrollPropagation(root);
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
          var swatch = el('span', 'em-swatch' + (layer.id === 'infrastructure' ? ' em-infra' : ''));
          swatch.style.background = s[0];
          swatch.style.width = swatch.style.height = 2 * s[1] + 'px';
          li.appendChild(swatch);
          li.appendChild(document.createTextNode(label(key) + ' (' + info.counts[key] + ')'));
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
      return root;
    }
  });
  new Legend({ position: 'bottomright' }).addTo(map);

  if (!bounds.isValid()) bounds = countryBounds;
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [40, 40], maxZoom: 10 });
  } else {
    map.fitBounds(KOREA);
  }

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
    scriptMs: performance.now() - started,
    loadMs: performance.now(),
    ready: true
  };
})();
