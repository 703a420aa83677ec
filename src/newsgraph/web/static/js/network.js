// Actor network: actors as nodes, who-acted-on-whom as edges coloured by cooperation or conflict,
// placed by a small force layout (repulsion between all nodes, springs along edges).
import { api, COOPERATION, CONFLICT, el, eventFields, eventFilters, filterForm, page, svg, vocabulary } from "./dom.js";

const WIDTH = 960, HEIGHT = 600, MAX_NODES = 60;

/** Fruchterman-Reingold layout, deterministic (nodes start on a circle). */
export function layout(nodes, edges, iterations = 300) {
  const k = Math.sqrt((WIDTH * HEIGHT) / Math.max(1, nodes.length)) * 0.6;
  nodes.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / nodes.length;
    n.x = WIDTH / 2 + (WIDTH / 3) * Math.cos(angle);
    n.y = HEIGHT / 2 + (HEIGHT / 3) * Math.sin(angle);
  });
  let temperature = WIDTH / 10;
  for (let step = 0; step < iterations; step++) {
    for (const n of nodes) { n.dx = 0; n.dy = 0; }
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        const dx = a.x - b.x || 0.01, dy = a.y - b.y || 0.01;
        const d = Math.max(0.01, Math.hypot(dx, dy));
        const force = (k * k) / d;
        a.dx += (dx / d) * force; a.dy += (dy / d) * force;
        b.dx -= (dx / d) * force; b.dy -= (dy / d) * force;
      }
    }
    for (const e of edges) {
      const dx = e.source.x - e.target.x, dy = e.source.y - e.target.y;
      const d = Math.max(0.01, Math.hypot(dx, dy));
      const force = (d * d) / k;
      e.source.dx -= (dx / d) * force; e.source.dy -= (dy / d) * force;
      e.target.dx += (dx / d) * force; e.target.dy += (dy / d) * force;
    }
    for (const n of nodes) {
      // A little gravity keeps unconnected groups on the canvas instead of pushed to its corners.
      n.dx += (WIDTH / 2 - n.x) * 0.05 * (k / 10);
      n.dy += (HEIGHT / 2 - n.y) * 0.05 * (k / 10);
      const d = Math.max(0.01, Math.hypot(n.dx, n.dy));
      n.x = Math.min(WIDTH - 60, Math.max(60, n.x + (n.dx / d) * Math.min(d, temperature)));
      n.y = Math.min(HEIGHT - 20, Math.max(20, n.y + (n.dy / d) * Math.min(d, temperature)));
    }
    temperature *= 0.98;
  }
}

export async function renderNetwork(view, route) {
  const params = route.params;
  const vocab = await vocabulary();
  const data = await api("/api/network", { ...eventFilters(params), limit: 300 });
  const form = filterForm(eventFields(vocab), params, (values) => { location.hash = page("network", values); });
  const degree = {};
  for (const e of data.edges) { degree[e.actor] = (degree[e.actor] || 0) + e.events; degree[e.recipient] = (degree[e.recipient] || 0) + e.events; }
  const kept = new Set(Object.keys(degree).sort((a, b) => degree[b] - degree[a] || a.localeCompare(b)).slice(0, MAX_NODES));
  const nodes = [...kept].map((name) => ({ name, weight: degree[name] }));
  const byName = Object.fromEntries(nodes.map((n) => [n.name, n]));
  const edges = data.edges.filter((e) => kept.has(e.actor) && kept.has(e.recipient) && e.actor !== e.recipient)
    .map((e) => ({ ...e, source: byName[e.actor], target: byName[e.recipient] }));
  layout(nodes, edges);
  const maxWeight = Math.max(1, ...nodes.map((n) => n.weight));
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "chart network", id: "network-chart", role: "img", "aria-label": "actor network" },
    svg("defs", {}, ["coop", "conflict"].map((kind) => svg("marker", { id: `arrow-${kind}`, viewBox: "0 0 10 10", refX: 18, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" },
      svg("path", { d: "M0,0L10,5L0,10z", fill: kind === "coop" ? COOPERATION : CONFLICT })))));
  for (const e of edges) {
    const conflict = e.conflict > e.cooperation;
    chart.append(svg("line", { x1: e.source.x.toFixed(1), y1: e.source.y.toFixed(1), x2: e.target.x.toFixed(1), y2: e.target.y.toFixed(1),
      stroke: conflict ? CONFLICT : COOPERATION, "stroke-width": (1 + Math.log2(e.events)).toFixed(1), class: "edge",
      "marker-end": `url(#arrow-${conflict ? "conflict" : "coop"})` },
      svg("title", {}, `${e.actor} → ${e.recipient}: ${e.events} events (${e.cooperation} cooperation, ${e.conflict} conflict)`)));
  }
  for (const n of nodes) {
    chart.append(svg("a", { href: page("events", { ...eventFilters(params), actor: n.name }), class: "node" },
      svg("circle", { cx: n.x.toFixed(1), cy: n.y.toFixed(1), r: (4 + 10 * Math.sqrt(n.weight / maxWeight)).toFixed(1) }),
      svg("text", { x: (n.x + 8).toFixed(1), y: (n.y - 8).toFixed(1) }, n.name),
      svg("title", {}, `${n.name}: ${n.weight} events`)));
  }
  view.append(el("h1", {}, "Actor network"), form,
    el("p", { class: "muted" }, `${nodes.length} actors, ${edges.length} links (arrows point from actor to recipient; green cooperation, red conflict). Click an actor for its events.`),
    nodes.length ? chart : el("p", { class: "empty" }, "No events with both an actor and a recipient match."));
}
