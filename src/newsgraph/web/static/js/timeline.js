// Timeline: events per period as stacked bars, by quad or by type, in cooperation/conflict colours.
import { api, CODING_FIELD, el, eventFields, eventFilters, filterForm, page, QUAD_COLOURS, QUAD_NAMES, svg, vocabulary } from "./dom.js";

const WIDTH = 960, HEIGHT = 380, LEFT = 48, BOTTOM = 56, TOP = 12;
// Shades within a quad's colour family, so types of the same quad read as one family.
const SHADES = {
  1: ["#a6dba0", "#5aae61", "#7fbf7b", "#c2e6bd"], 2: ["#1b7837", "#00441b", "#3a9a5b"],
  3: ["#f4a582", "#fdb863", "#e08214", "#fdd0a2"], 4: ["#b2182b", "#67001f", "#d6604d", "#8c2d04", "#e34a33"],
};

function colours(by, counts, vocab) {
  if (by === "quad") return (key) => QUAD_COLOURS[key] || "#999";
  const quadOf = Object.fromEntries(vocab.event_types.map((t) => [t.type, t.quad]));
  const seen = {};
  const colour = {};
  for (const type of vocab.event_types.map((t) => t.type)) {
    const quad = quadOf[type];
    seen[quad] = (seen[quad] || 0) + 1;
    colour[type] = SHADES[quad][(seen[quad] - 1) % SHADES[quad].length];
  }
  return (key) => colour[key] || "#999";
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// At most this many periods on the axis: with more, only the periods that have events are drawn.
const MAX_PERIODS = 400;

/** The periods from the first to the last, those without events included, so that the bars are
 * spaced as time is (two bars twelve years apart are not drawn side by side). */
function everyPeriod(periods, interval) {
  if (periods.length < 2) return periods;
  const next = {
    year: (p) => String(Number(p) + 1),
    month: (p) => { const [y, m] = p.split("-").map(Number); return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`; },
    day: (p) => new Date(Date.parse(p + "T00:00:00Z") + 86400000).toISOString().slice(0, 10),
  }[interval];
  if (!next) return periods;
  const all = [];
  for (let p = periods[0]; p <= periods[periods.length - 1]; p = next(p)) {
    all.push(p);
    if (all.length > MAX_PERIODS) return periods;
  }
  return all;
}

/** An axis label: "2001", "Sep 2001", "11 Sep 2001". */
function periodLabel(period) {
  const [y, m, d] = period.split("-");
  if (!m) return y;
  return d ? `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}` : `${MONTHS[Number(m) - 1]} ${y}`;
}

export async function renderTimeline(view, route) {
  const params = route.params;
  const by = params.by || "quad", interval = params.interval || "month";
  const vocab = await vocabulary();
  const data = await api("/api/timeline", { ...eventFilters(params), by, interval, coding: params.coding });
  const form = filterForm(eventFields(vocab, [
    { name: "by", label: "Colour by", options: [["quad", "quad"], ["type", "type"]], any: "quad" },
    { name: "interval", label: "Per", options: [["year", "year"], ["month", "month"], ["day", "day"]], any: "month" },
    CODING_FIELD,
  ]), params, (values) => { location.hash = page("timeline", values); });
  const periods = everyPeriod([...new Set(data.counts.map((c) => c.period))].sort(), interval);
  const keys = [...new Set(data.counts.map((c) => String(c.key)))].sort();
  const colour = colours(by, data.counts, vocab);
  const totals = Object.fromEntries(periods.map((p) => [p, 0]));
  for (const c of data.counts) totals[c.period] += c.events;
  const max = Math.max(1, ...Object.values(totals));
  const band = (WIDTH - LEFT - 8) / Math.max(1, periods.length);
  const scale = (HEIGHT - BOTTOM - TOP) / max;
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "chart", id: "timeline-chart", role: "img", "aria-label": `events per ${interval}` });
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const y = HEIGHT - BOTTOM - tick * max * scale;
    chart.append(svg("line", { x1: LEFT, x2: WIDTH - 8, y1: y, y2: y, class: "grid" }),
      svg("text", { x: LEFT - 6, y: y + 4, class: "axis", "text-anchor": "end" }, String(Math.round(tick * max))));
  }
  const labelEvery = Math.ceil(periods.length / 16);
  periods.forEach((period, i) => {
    let y = HEIGHT - BOTTOM;
    const x = LEFT + i * band;
    for (const c of data.counts.filter((c) => c.period === period).sort((a, b) => String(a.key).localeCompare(String(b.key)))) {
      const h = c.events * scale;
      y -= h;
      const label = by === "quad" ? `${c.key} ${QUAD_NAMES[c.key] || ""}` : c.key;
      chart.append(svg("rect", { x: x + 1, y, width: Math.max(1, band - 2), height: h, fill: colour(String(c.key)), class: "bar" },
        svg("title", {}, `${periodLabel(period)}: ${c.events} ${label} events`)));
    }
    if (i % labelEvery === 0) {
      chart.append(svg("text", { x: x + band / 2, y: HEIGHT - BOTTOM + 16, class: "axis", "text-anchor": "end",
        transform: `rotate(-40 ${x + band / 2} ${HEIGHT - BOTTOM + 16})` }, periodLabel(period)));
    }
  });
  const legend = el("p", { class: "legend" }, keys.map((k) =>
    el("span", { class: "swatch-label" }, el("span", { class: "swatch", "data-colour": colour(k) }), by === "quad" ? `${k} ${QUAD_NAMES[k] || ""}` : k)));
  view.append(el("h1", {}, "Timeline"), form,
    el("p", { class: "muted" }, `${Object.values(totals).reduce((a, b) => a + b, 0).toLocaleString()} dated events per ${interval}, by ${by}; green is cooperation, orange and red conflict.`),
    periods.length ? chart : el("p", { class: "empty" }, "No dated events match."), legend);
  return () => { for (const swatch of view.querySelectorAll(".swatch")) swatch.style.background = swatch.dataset.colour; };
}
