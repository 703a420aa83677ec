// Map: where events happened, as circles on Natural Earth country outlines (vendored, offline),
// drawn as SVG in an equirectangular projection.
import { api, CODING_FIELD, COOPERATION, CONFLICT, el, eventFields, eventFilters, filterForm, page, svg, vocabulary } from "./dom.js";
import { features } from "./topojson.js";

const WIDTH = 960, HEIGHT = 480;
const project = ([lon, lat]) => [((lon + 180) / 360) * WIDTH, ((90 - lat) / 180) * HEIGHT];
let worldCache = null;

async function world() {
  if (!worldCache) {
    const response = await fetch("/static/vendor/world-atlas/countries-110m.json");
    worldCache = features(await response.json(), "countries");
  }
  return worldCache;
}

/** SVG path data of one ring, cut where it jumps across the antimeridian (no streak across the map). */
function ringPath(ring) {
  let d = "";
  ring.forEach((point, i) => {
    const jump = i > 0 && Math.abs(point[0] - ring[i - 1][0]) > 180;
    d += (i === 0 || jump ? "M" : "L") + project(point).map((v) => v.toFixed(1)).join(",");
  });
  return d;
}

function outline(country) {
  const d = country.polygons.flat().map(ringPath).join("");
  return svg("path", { d, class: "country" }, svg("title", {}, country.name));
}

/** Move overlapping dots apart (each toward or away from its own place) until no two overlap, so
 * every place keeps a visible, clickable dot; returns them largest first (drawn under the small). */
export function spread(dots, rounds = 200) {
  const sorted = [...dots].sort((a, b) => b.r - a.r || a.place.place.localeCompare(b.place.place));
  for (let round = 0; round < rounds; round++) {
    // A weak pull home keeps the dots near their places (before the pushes, so a round that finds
    // no overlap leaves none).
    if (round) for (const dot of sorted) { dot.x += (dot.x0 - dot.x) * 0.02; dot.y += (dot.y0 - dot.y) * 0.02; }
    let moved = false;
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const a = sorted[i], b = sorted[j];
        let dx = b.x - a.x, dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        const need = a.r + b.r + 1;
        if (d >= need) continue;
        if (d < 0.01) { dx = Math.cos(i + j); dy = Math.sin(i + j); d = 1; } // same spot: a fixed direction
        const push = (need - d) / 2;
        a.x -= (dx / d) * push; a.y -= (dy / d) * push;
        b.x += (dx / d) * push; b.y += (dy / d) * push;
        moved = true;
      }
    }
    if (!moved) break;
  }
  for (const dot of sorted) {
    dot.x = Math.min(WIDTH - dot.r, Math.max(dot.r, dot.x));
    dot.y = Math.min(HEIGHT - dot.r, Math.max(dot.r, dot.y));
  }
  return sorted;
}

export async function renderMap(view, route) {
  const params = route.params;
  const vocab = await vocabulary();
  const [countries, data] = await Promise.all([world(), api("/api/places", { ...eventFilters(params), limit: 1000, coding: params.coding })]);
  const form = filterForm(eventFields(vocab, [CODING_FIELD]), params, (values) => { location.hash = page("map", values); });
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "chart map", id: "map-chart", role: "img", "aria-label": "event places" },
    svg("rect", { x: 0, y: 0, width: WIDTH, height: HEIGHT, class: "sea" }), countries.map(outline));
  const max = Math.max(1, ...data.places.map((p) => p.events));
  const dots = spread(data.places.map((place) => {
    const [x, y] = project([place.lon, place.lat]);
    return { place, x0: x, y0: y, x, y, r: 3 + 11 * Math.sqrt(place.events / max) };
  }));
  for (const dot of dots) {
    const { place } = dot;
    const moved = Math.hypot(dot.x - dot.x0, dot.y - dot.y0) > 0.5;
    const link = svg("a", { href: page("events", { ...eventFilters(params), place: place.place }), class: "place", "data-place": place.place },
      // A dot moved off its place so that it does not cover another keeps a thin line to where it belongs.
      moved ? svg("line", { x1: dot.x0.toFixed(1), y1: dot.y0.toFixed(1), x2: dot.x.toFixed(1), y2: dot.y.toFixed(1), class: "place-leader" }) : null,
      svg("circle", { cx: dot.x.toFixed(1), cy: dot.y.toFixed(1), r: dot.r.toFixed(1),
        fill: place.conflict > place.cooperation ? CONFLICT : COOPERATION, class: "place-dot" }),
      svg("title", {}, `${place.place}${place.country ? ` (${place.country})` : ""}: ${place.events} events, ${place.cooperation} cooperation, ${place.conflict} conflict`));
    chart.append(link);
  }
  const rows = data.places.slice(0, 20).map((p) => el("tr", {},
    el("td", {}, el("a", { href: page("events", { place: p.place }) }, p.place)), el("td", {}, p.country || ""),
    el("td", {}, String(p.events)), el("td", {}, String(p.cooperation)), el("td", {}, String(p.conflict))));
  view.append(el("h1", {}, "Map"), form,
    el("p", { class: "muted" }, `${data.places.length} places; circle size is the number of events, green where cooperation outweighs conflict, red otherwise. Click a place for its events.`),
    chart,
    el("table", { class: "data", id: "place-table" }, el("thead", {}, el("tr", {}, ["Place", "Country", "Events", "Cooperation", "Conflict"].map((h) => el("th", {}, h)))), el("tbody", {}, rows)));
}
