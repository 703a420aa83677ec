// Actor network: who acted on whom, as a force layout a person can read at 20-200 actors.
//
// Nodes are single actors and recipients (an event's compound actor "Russia; China" gives one node
// each), and only actors: names ("Reuters", "U.S. Embassy"), or common nouns the event coder gave a
// country ("warring Sudanese parties" SDN). Other common nouns are left out ("talks", "attacks",
// and "embassy" or "government" without a country: one such node would merge every country's),
// as are actors whose links all went to those. The layout is deterministic: repulsion between all nodes,
// springs along links, gravity that keeps separate groups together, then a pass that pushes apart
// nodes whose labels would overlap. A last pass places each label beside its node where it
// overlaps no other label and stays inside the view, most active actors first; a label with no
// such place is hidden (its node keeps its tooltip) until zooming in makes room. Wheel or the
// buttons zoom, dragging the background pans, dragging a node moves it.
import { api, CODING_FIELD, COOPERATION, CONFLICT, el, eventFields, eventFilters, filterForm, page, svg, vocabulary } from "./dom.js";

export const MAX_NODES = 200;
const WIDTH = 960;
const FONT = 11; // label size in screen-independent units at zoom 1 (CSS: .network .node text)
const LABEL_GAP = 3;
const MIN_ZOOM = 1, MAX_ZOOM = 8;

/** True when a name is an actor worth a node: a name (capitalised), or a party coded with a country. */
export function isActor(name, codes) {
  if (/^\p{Lu}/u.test(name)) return true;
  const code = codes[name];
  return Boolean(code && code.country);
}

/** Nodes and links from the API's pairs: compound parties split, non-actors and isolated nodes left out. */
export function buildGraph(pairs, actors, maxNodes = MAX_NODES) {
  const codes = Object.fromEntries((actors || []).map((a) => [a.name, a]));
  const links = new Map();
  for (const pair of pairs) {
    for (const actor of pair.actor.split("; ")) {
      for (const recipient of pair.recipient.split("; ")) {
        if (actor === recipient || !isActor(actor, codes) || !isActor(recipient, codes)) continue;
        const key = `${actor}\u0000${recipient}`;
        const link = links.get(key) || { actor, recipient, events: 0, cooperation: 0, conflict: 0 };
        link.events += pair.events; link.cooperation += pair.cooperation; link.conflict += pair.conflict;
        links.set(key, link);
      }
    }
  }
  const degree = {};
  for (const l of links.values()) for (const name of [l.actor, l.recipient]) degree[name] = (degree[name] || 0) + l.events;
  const kept = new Set(Object.keys(degree).sort((a, b) => degree[b] - degree[a] || a.localeCompare(b)).slice(0, maxNodes));
  const edges = [...links.values()].filter((l) => kept.has(l.actor) && kept.has(l.recipient));
  const linked = new Set(edges.flatMap((l) => [l.actor, l.recipient]));
  const nodes = [...kept].filter((name) => linked.has(name)).map((name) => ({ name, weight: 0 }));
  const byName = Object.fromEntries(nodes.map((n) => [n.name, n]));
  for (const e of edges) { byName[e.actor].weight += e.events; byName[e.recipient].weight += e.events; }
  return { nodes, edges: edges.map((e) => ({ ...e, source: byName[e.actor], target: byName[e.recipient] })) };
}

/** The box a node takes with its label to the right: [left, top, right, bottom]. */
function box(n) {
  const half = Math.max(n.r, FONT * 0.7);
  return [n.x - n.r, n.y - half, n.x + n.r + LABEL_GAP + n.labelWidth, n.y + half];
}

/** Deterministic force layout in a WIDTH x height area; sets n.x, n.y. */
export function layout(nodes, edges, height, iterations = 300) {
  const count = Math.max(1, nodes.length);
  const k = Math.sqrt((WIDTH * height) / count) * 0.9;
  const order = [...nodes].sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
  order.forEach((n, i) => { // a sunflower spiral, busiest actors in the middle
    const radius = Math.sqrt((i + 0.5) / count) * Math.min(WIDTH, height) * 0.45;
    const angle = i * 2.399963;
    n.x = WIDTH / 2 + radius * Math.cos(angle);
    n.y = height / 2 + radius * Math.sin(angle);
  });
  let temperature = WIDTH / 8;
  const reach2 = (3 * k) ** 2; // repulsion stops beyond 3k, so separate groups are not driven to the edges
  for (let step = 0; step < iterations; step++) {
    for (const n of nodes) { n.dx = 0; n.dy = 0; }
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i];
      for (let j = i + 1; j < nodes.length; j++) {
        const b = nodes[j];
        const dx = a.x - b.x || 0.01 * (i - j), dy = a.y - b.y || 0.01;
        const d2 = Math.max(1, dx * dx + dy * dy);
        if (d2 > reach2) continue;
        const force = (k * k) / d2; // k^2 / d, divided by d once more for the unit vector
        a.dx += dx * force; a.dy += dy * force;
        b.dx -= dx * force; b.dy -= dy * force;
      }
    }
    for (const e of edges) {
      const dx = e.source.x - e.target.x, dy = e.source.y - e.target.y;
      const d = Math.max(0.01, Math.hypot(dx, dy));
      const force = d / k; // d^2 / k over d
      e.source.dx -= dx * force; e.source.dy -= dy * force;
      e.target.dx += dx * force; e.target.dy += dy * force;
    }
    for (const n of nodes) {
      n.dx += (WIDTH / 2 - n.x) * 0.03;
      n.dy += (height / 2 - n.y) * 0.03 * (WIDTH / height);
      const d = Math.max(0.01, Math.hypot(n.dx, n.dy));
      n.x += (n.dx / d) * Math.min(d, temperature);
      n.y += (n.dy / d) * Math.min(d, temperature);
    }
    temperature = Math.max(1, temperature * 0.97);
  }
  fit(nodes, height);
  separate(nodes, height);
}

/** Scale the layout to fill the area, leaving room for each node's label on its right. */
function fit(nodes, height) {
  if (!nodes.length) return;
  const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
  const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const room = Math.max(...nodes.map((n) => n.r + LABEL_GAP + n.labelWidth));
  const margin = 14;
  const sx = (WIDTH - 2 * margin - room) / Math.max(1, right - left), sy = (height - 2 * margin) / Math.max(1, bottom - top);
  for (const n of nodes) {
    n.x = margin + (n.x - left) * sx;
    n.y = margin + (n.y - top) * sy;
  }
}

/** Push apart nodes whose boxes (node and label) overlap, keeping them inside the area. */
function separate(nodes, height, rounds = 120) {
  for (let round = 0; round < rounds; round++) {
    let moved = false;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        const [al, at, ar, ab] = box(a), [bl, bt, br, bb] = box(b);
        const overlapX = Math.min(ar, br) - Math.max(al, bl) + 2, overlapY = Math.min(ab, bb) - Math.max(at, bt) + 2;
        if (overlapX <= 0 || overlapY <= 0) continue;
        moved = true;
        // Move along the axis that needs the shorter push, half each.
        if (overlapY < overlapX) {
          const sign = a.y < b.y || (a.y === b.y && i < j) ? -1 : 1;
          a.y += (sign * overlapY) / 2; b.y -= (sign * overlapY) / 2;
        } else {
          const sign = a.x < b.x || (a.x === b.x && i < j) ? -1 : 1;
          a.x += (sign * overlapX) / 2; b.x -= (sign * overlapX) / 2;
        }
      }
    }
    for (const n of nodes) {
      n.x = Math.min(WIDTH - n.r - LABEL_GAP - n.labelWidth, Math.max(n.r, n.x));
      n.y = Math.min(height - FONT, Math.max(FONT, n.y));
    }
    if (!moved) break;
  }
}

/** Where a label may go around its node, in the order tried: right, left, above, below. */
function labelSpots(n, width, height) {
  const gap = LABEL_GAP + n.r;
  return [
    [n.x + gap, n.y - height / 2, "start"],
    [n.x - gap - width, n.y - height / 2, "end"],
    [n.x - width / 2, n.y - n.r - LABEL_GAP - height, "middle"],
    [n.x - width / 2, n.y + n.r + LABEL_GAP, "middle"],
  ];
}

function overlaps(a, b) {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/** Place each label where it overlaps no other label and stays inside the view, or hide it. */
export function placeLabels(nodes, view, zoom) {
  const placed = [];
  const height = (FONT * 1.25) / zoom;
  const order = [...nodes].sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
  for (const n of order) {
    const width = n.labelWidth / zoom;
    let chosen = null;
    for (const [x, y, anchor] of labelSpots(n, width, height)) {
      const spot = [x, y, x + width, y + height];
      const inside = spot[0] >= view.x && spot[1] >= view.y && spot[2] <= view.x + view.width && spot[3] <= view.y + view.height;
      if (inside && !placed.some((other) => overlaps(spot, other))) { chosen = { spot, anchor }; break; }
    }
    n.label = chosen;
    if (chosen) placed.push(chosen.spot);
  }
}

function drawLabels(nodes, zoom) {
  for (const n of nodes) {
    const text = n.textNode;
    if (!n.label) { text.setAttribute("visibility", "hidden"); continue; }
    const [left, top, right, bottom] = n.label.spot;
    const x = n.label.anchor === "start" ? left : n.label.anchor === "end" ? right : (left + right) / 2;
    text.setAttribute("visibility", "visible");
    text.setAttribute("x", x.toFixed(2));
    text.setAttribute("y", (top + (bottom - top) * 0.78).toFixed(2));
    text.setAttribute("text-anchor", n.label.anchor);
    text.setAttribute("font-size", (FONT / zoom).toFixed(3));
  }
}

function drawPositions(nodes, edges) {
  for (const n of nodes) {
    n.circleNode.setAttribute("cx", n.x.toFixed(1));
    n.circleNode.setAttribute("cy", n.y.toFixed(1));
  }
  for (const e of edges) {
    // Stop the line at the target's rim, so its arrow head shows.
    const dx = e.target.x - e.source.x, dy = e.target.y - e.source.y;
    const d = Math.max(0.01, Math.hypot(dx, dy));
    const end = Math.max(0, d - e.target.r - 2);
    e.lineNode.setAttribute("x1", e.source.x.toFixed(1));
    e.lineNode.setAttribute("y1", e.source.y.toFixed(1));
    e.lineNode.setAttribute("x2", (e.source.x + (dx / d) * end).toFixed(1));
    e.lineNode.setAttribute("y2", (e.source.y + (dy / d) * end).toFixed(1));
  }
}

/** The area a layout of this many nodes gets: taller with more nodes, so labels have room. */
function areaHeight(count) {
  return Math.round(Math.min(1100, Math.max(460, 260 + count * 4.2)));
}

export async function renderNetwork(view, route) {
  const params = route.params;
  const vocab = await vocabulary();
  const data = await api("/api/network", { ...eventFilters(params), limit: 1000, coding: params.coding });
  const form = filterForm(eventFields(vocab, [CODING_FIELD]), params, (values) => { location.hash = page("network", values); });
  const { nodes, edges } = buildGraph(data.edges, data.actors);
  const height = areaHeight(nodes.length);
  const maxWeight = Math.max(1, ...nodes.map((n) => n.weight));
  for (const n of nodes) n.r = 3.5 + 9 * Math.sqrt(n.weight / maxWeight);
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, class: "chart network", id: "network-chart", role: "img", "aria-label": "actor network" },
    svg("defs", {}, ["coop", "conflict"].map((kind) => svg("marker", { id: `arrow-${kind}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 5, markerHeight: 5, orient: "auto" },
      svg("path", { d: "M0,0L10,5L0,10z", fill: kind === "coop" ? COOPERATION : CONFLICT })))));
  const scene = svg("g", { class: "scene" });
  chart.append(scene);
  for (const e of edges) {
    const conflict = e.conflict > e.cooperation;
    e.lineNode = svg("line", { stroke: conflict ? CONFLICT : COOPERATION, "stroke-width": (0.8 + Math.log2(e.events)).toFixed(1), class: "edge",
      "marker-end": `url(#arrow-${conflict ? "conflict" : "coop"})` },
    svg("title", {}, `${e.actor} → ${e.recipient}: ${e.events} events (${e.cooperation} cooperation, ${e.conflict} conflict)`));
    scene.append(e.lineNode);
  }
  for (const n of nodes) {
    n.circleNode = svg("circle", { r: n.r.toFixed(1) });
    n.textNode = svg("text", { class: "label", "font-size": FONT }, n.name);
    n.linkNode = svg("a", { href: page("events", { ...eventFilters(params), actor: n.name }), class: "node", "data-name": n.name },
      n.circleNode, n.textNode, svg("title", {}, `${n.name}: ${n.weight} events`));
    scene.append(n.linkNode);
  }
  const status = el("p", { class: "muted", id: "network-status" });
  const controls = el("p", { class: "network-controls" },
    el("button", { type: "button", id: "network-zoom-in", title: "zoom in" }, "+"),
    el("button", { type: "button", id: "network-zoom-out", title: "zoom out" }, "−"),
    el("button", { type: "button", id: "network-reset" }, "reset view"),
    el("span", { class: "muted" }, " Scroll to zoom, drag the background to move around, drag an actor to move it."));
  view.append(el("h1", {}, "Actor network"), form,
    el("p", { class: "muted" }, `${nodes.length} actors, ${edges.length} links (arrows point from actor to recipient; green cooperation, red conflict). Click an actor for its events.`),
    ...(nodes.length ? [controls, chart, status] : [el("p", { class: "empty" }, "No events with both an actor and a recipient match.")]));
  if (!nodes.length) return null;

  // Runs once the chart is on the page: labels are measured in the browser's own font.
  return () => {
    for (const n of nodes) n.labelWidth = n.textNode.getComputedTextLength() || n.name.length * FONT * 0.6;
    layout(nodes, edges, height);
    const home = { x: 0, y: 0, width: WIDTH, height };
    let current = { ...home };
    const zoomOf = () => home.width / current.width;
    const redraw = () => {
      chart.setAttribute("viewBox", `${current.x} ${current.y} ${current.width} ${current.height}`);
      drawPositions(nodes, edges);
      placeLabels(nodes, current, zoomOf());
      drawLabels(nodes, zoomOf());
      const hidden = nodes.filter((n) => !n.label).length;
      status.textContent = hidden
        ? `${hidden} of ${nodes.length} labels are hidden for lack of room: zoom in to see them, or point at an actor for its name.`
        : `All ${nodes.length} labels shown.`;
      chart.dataset.zoom = zoomOf().toFixed(2);
    };
    const zoomAt = (factor, cx, cy) => {
      const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoomOf() * factor));
      const width = home.width / zoom, h = home.height / zoom;
      const fx = (cx - current.x) / current.width, fy = (cy - current.y) / current.height;
      current = clampView({ x: cx - fx * width, y: cy - fy * h, width, height: h }, home);
      redraw();
    };
    const toScene = (event) => {
      const rect = chart.getBoundingClientRect();
      return [current.x + ((event.clientX - rect.left) / rect.width) * current.width,
        current.y + ((event.clientY - rect.top) / rect.height) * current.height];
    };
    chart.addEventListener("wheel", (event) => {
      event.preventDefault();
      const [x, y] = toScene(event);
      zoomAt(event.deltaY < 0 ? 1.25 : 0.8, x, y);
    }, { passive: false });
    controls.querySelector("#network-zoom-in").addEventListener("click", () => zoomAt(1.5, current.x + current.width / 2, current.y + current.height / 2));
    controls.querySelector("#network-zoom-out").addEventListener("click", () => zoomAt(1 / 1.5, current.x + current.width / 2, current.y + current.height / 2));
    controls.querySelector("#network-reset").addEventListener("click", () => { current = { ...home }; redraw(); });
    let drag = null;
    chart.addEventListener("pointerdown", (event) => {
      const link = event.target.closest("a.node");
      const node = link ? nodes.find((n) => n.linkNode === link) : null;
      drag = { node, start: toScene(event), view: { ...current }, moved: false, client: [event.clientX, event.clientY] };
    });
    chart.addEventListener("pointermove", (event) => {
      if (!drag || drag.done) return;
      if (Math.hypot(event.clientX - drag.client[0], event.clientY - drag.client[1]) > 4) drag.moved = true;
      if (!drag.moved) return;
      if (!drag.captured) { chart.setPointerCapture?.(event.pointerId); drag.captured = true; }
      const [x, y] = toScene(event);
      if (drag.node) {
        drag.node.x = Math.min(home.width, Math.max(0, x));
        drag.node.y = Math.min(home.height, Math.max(0, y));
      } else {
        const rect = chart.getBoundingClientRect();
        const dx = ((event.clientX - drag.client[0]) / rect.width) * drag.view.width;
        const dy = ((event.clientY - drag.client[1]) / rect.height) * drag.view.height;
        current = clampView({ ...drag.view, x: drag.view.x - dx, y: drag.view.y - dy }, home);
      }
      redraw();
    });
    const end = () => { if (drag && drag.moved) chart.dataset.dragged = "true"; drag = drag && drag.moved ? { ...drag, done: true } : null; };
    chart.addEventListener("pointerup", end);
    chart.addEventListener("pointercancel", end);
    // A drag that ends on an actor is not a click on it.
    chart.addEventListener("click", (event) => {
      if (drag && drag.done) { event.preventDefault(); drag = null; }
    }, true);
    redraw();
  };
}

function clampView(view, home) {
  return {
    ...view,
    x: Math.min(home.x + home.width - view.width, Math.max(home.x, view.x)),
    y: Math.min(home.y + home.height - view.height, Math.max(home.y, view.y)),
  };
}
