// A small TopoJSON reader (enough for world-atlas): decodes quantized, delta-encoded arcs into
// [lon, lat] rings of each country polygon.

function decodeArcs(topology) {
  const { scale, translate } = topology.transform || { scale: [1, 1], translate: [0, 0] };
  return topology.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * scale[0] + translate[0], y * scale[1] + translate[1]]; });
  });
}

function ring(arcs, indexes) {
  const points = [];
  for (const index of indexes) {
    const arc = index >= 0 ? arcs[index] : arcs[~index].slice().reverse();
    points.push(...(points.length ? arc.slice(1) : arc));
  }
  return points;
}

/** Each feature of the object `name` as {name, id, polygons: [[ring, ...], ...]}. */
export function features(topology, name) {
  const arcs = decodeArcs(topology);
  return topology.objects[name].geometries.map((g) => {
    const polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
    return { id: g.id, name: (g.properties || {}).name || "", polygons: polygons.map((p) => p.map((r) => ring(arcs, r))) };
  });
}
