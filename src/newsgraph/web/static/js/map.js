// Map: where events happened, as circles on Natural Earth country outlines (vendored, offline),
// drawn as SVG in an equirectangular projection.
import { api, COOPERATION, CONFLICT, el, eventFields, eventFilters, filterForm, page, svg, vocabulary } from "./dom.js";
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

export async function renderMap(view, route) {
  const params = route.params;
  const vocab = await vocabulary();
  const [countries, data] = await Promise.all([world(), api("/api/places", { ...eventFilters(params), limit: 1000 })]);
  const form = filterForm(eventFields(vocab), params, (values) => { location.hash = page("map", values); });
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "chart map", id: "map-chart", role: "img", "aria-label": "event places" },
    svg("rect", { x: 0, y: 0, width: WIDTH, height: HEIGHT, class: "sea" }), countries.map(outline));
  const max = Math.max(1, ...data.places.map((p) => p.events));
  for (const place of [...data.places].sort((a, b) => b.events - a.events)) {
    const [x, y] = project([place.lon, place.lat]);
    const link = svg("a", { href: page("events", { ...eventFilters(params), place: place.place }), class: "place" },
      svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: (3 + 14 * Math.sqrt(place.events / max)).toFixed(1),
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
