// DOM helpers. Everything that comes from an article is set with textContent or setAttribute,
// never parsed as HTML: this module has no innerHTML anywhere, and neither does any page.

const SVG_NS = "http://www.w3.org/2000/svg";

function build(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.setAttribute("class", value);
    else if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: el("a", {href: "#/", class: "x"}, "text", otherNode). */
export function el(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element, as el(). */
export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== null && value !== undefined && value !== "" && value !== false) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? "?" + text : "";
}

/** GET a JSON endpoint; throws an Error with the API's message on any error answer. */
export async function api(path, params) {
  const response = await fetch(path + query(params), { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `HTTP ${response.status}`;
    // The status and code travel with the error, so a page can say what went wrong in its own words.
    throw Object.assign(new Error(message), { status: response.status, code: body && body.error ? body.error.code : null });
  }
  return body;
}

/** Link to a UI page: page("events", {actor: "X"}) -> "#/events?actor=X". */
export function page(path, params) {
  return "#/" + path + query(params);
}

export const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
export const QUAD_COLOURS = { 1: "#5aae61", 2: "#1b7837", 3: "#f4a582", 4: "#b2182b" };
export const COOPERATION = "#1b7837";
export const CONFLICT = "#b2182b";

/** A coloured badge for an event type and quad. */
export function typeBadge(type, quad) {
  const badge = el("span", { class: `badge quad-${quad || 0}`, title: QUAD_NAMES[quad] || "" }, type);
  return badge;
}

/** A form of labelled inputs; onSubmit gets the non-empty values. */
export function filterForm(fields, values, onSubmit) {
  const form = el("form", { class: "filters" });
  for (const field of fields) {
    let input;
    if (field.options) {
      input = el("select", { name: field.name },
        el("option", { value: "" }, field.any || "any"),
        field.options.map(([value, label]) => el("option", { value, selected: String(values[field.name] || "") === String(value) }, label)));
    } else if (field.kind === "checkbox") {
      input = el("input", { type: "checkbox", name: field.name, checked: values[field.name] === "true" });
    } else {
      input = el("input", { type: field.kind || "text", name: field.name, value: values[field.name] || "", placeholder: field.placeholder || "" });
    }
    form.append(el("label", {}, el("span", {}, field.label), input));
  }
  form.append(el("button", { type: "submit" }, "Apply"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const out = {};
    for (const field of fields) {
      const input = form.elements.namedItem(field.name);
      const value = field.kind === "checkbox" ? (input.checked ? "true" : "") : input.value.trim();
      if (value) out[field.name] = value;
    }
    onSubmit(out);
  });
  return form;
}

/** "Showing a–b of n" with previous/next links that keep the other parameters. */
export function pager(path, params, data) {
  const limit = Number(data.limit), offset = Number(data.offset), total = Number(data.total);
  const shown = total ? `${offset + 1}–${Math.min(offset + limit, total)} of ${total.toLocaleString()}` : "nothing matches";
  const prev = offset > 0 ? el("a", { href: page(path, { ...params, offset: Math.max(0, offset - limit) || "" }) }, "← previous") : null;
  const next = offset + limit < total ? el("a", { href: page(path, { ...params, offset: offset + limit }) }, "next →") : null;
  return el("p", { class: "pager" }, prev, el("span", { class: "count" }, shown), next);
}

/** The event filters every chart page shares (values come from the URL). */
export function eventFields(vocabulary, extra) {
  return [
    { name: "actor", label: "Actor", placeholder: "name or code" },
    { name: "type", label: "Type", options: vocabulary.event_types.map((t) => [t.type, t.type]) },
    { name: "recipient", label: "Recipient", placeholder: "name or code" },
    { name: "quad", label: "Quad", options: vocabulary.quads.map((q) => [q.quad, `${q.quad} ${q.name}`]) },
    { name: "since", label: "From", kind: "date" },
    { name: "until", label: "To", kind: "date" },
    { name: "country", label: "Country", placeholder: "ISO3, e.g. UKR" },
    { name: "text", label: "Text", placeholder: "words in the article" },
    ...(extra || []),
  ];
}

/** The charts' choice of coding: the machine's (the default) or with the reviewers' corrections. */
export const CODING_FIELD = { name: "coding", label: "Coding", options: [["corrected", "corrected (reviewed)"]], any: "machine" };

let vocabularyCache = null;
/** Event types and quads, fetched once. */
export async function vocabulary() {
  vocabularyCache = vocabularyCache || (await api("/api/vocabulary"));
  return vocabularyCache;
}

/** The event filters among the URL parameters. */
export function eventFilters(params) {
  const keys = ["actor", "recipient", "type", "quad", "country", "since", "until", "place", "text"];
  return Object.fromEntries(keys.filter((k) => params[k]).map((k) => [k, params[k]]));
}
