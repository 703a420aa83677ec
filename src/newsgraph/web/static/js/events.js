// Events: a filterable, sortable table; each row opens its sentence in the article view. The table
// of reports is reviewed in place by keyboard (review.js: a accept, r reject, e edit, j/k move).
import { humanDate } from "./dates.js";
import { api, el, eventFields, eventFilters, filterForm, page, pager, typeBadge, vocabulary } from "./dom.js";
import { reviewInPlace } from "./review.js";

const REPORT_COLUMNS = [
  ["date", "Date", "date"], ["type", "Type", "type"], ["actor", "Actor"], ["recipient", "Recipient"],
  ["place", "Place"], ["country", "Country"], ["source", "Source"], ["confidence", "Conf.", "confidence"], ["sentence", "Sentence"],
  ["review", "Review"],
];
const EVENT_COLUMNS = [
  ["date", "Date", "date"], ["type", "Type", "type"], ["actor", "Actor"], ["recipient", "Recipient"],
  ["place", "Place"], ["country", "Country"], ["mentions", "Mentions", "mentions"], ["articles", "Articles", "articles"],
  ["sources", "Sources", "sources"], ["open", ""],
];

function cell(row, key, merged) {
  if (key === "type") return typeBadge(row.type, row.quad);
  if (key === "date") return humanDate(row.date, "DATE");
  if (key === "sentence") {
    const local = String(row.id).split(":").pop();
    const sentence = row.sentence || "(open)";
    return el("a", { href: page(`article/${row.article}`, { event: local }), class: "sentence-link", title: sentence },
      sentence.length > 140 ? sentence.slice(0, 140) + "…" : sentence);
  }
  if (key === "open") return el("a", { href: page(`event/${row.id}`), class: "sentence-link" }, "sentence →");
  if (key === "actor" || key === "recipient") {
    const value = row[key] || "";
    return value ? el("a", { href: page("events", { [key]: value.split("; ")[0], reports: merged ? "" : "true" }) }, value) : "";
  }
  if (key === "review") return el("span", { class: "review-status" }, "");
  if (key === "confidence") return row.confidence == null ? "" : Number(row.confidence).toFixed(2);
  return row[key] == null ? "" : String(row[key]);
}

export async function renderEvents(view, route) {
  const params = route.params;
  const merged = params.merged === "true";
  const vocab = await vocabulary();
  const sort = params.sort || "-date";
  const data = await api("/api/events", {
    ...eventFilters(params), reports: merged ? "" : "true", sort, limit: 50, offset: params.offset || "",
  });
  const rows = merged ? data.events : data.reports;
  const columns = merged ? EVENT_COLUMNS : REPORT_COLUMNS;
  const form = filterForm(
    eventFields(vocab, [{ name: "place", label: "Place" }, { name: "merged", label: "Merge reports into events", kind: "checkbox" }]),
    params, (values) => { location.hash = page("events", { ...values, sort: params.sort }); });
  const head = el("tr", {}, columns.map(([key, label, sortKey]) => {
    if (!sortKey) return el("th", {}, label);
    const active = sort.replace("-", "") === sortKey;
    const next = active && !sort.startsWith("-") ? `-${sortKey}` : active ? sortKey : sortKey === "date" ? "-date" : sortKey;
    const arrow = active ? (sort.startsWith("-") ? " ▼" : " ▲") : "";
    return el("th", { class: "sortable", "aria-sort": active ? (sort.startsWith("-") ? "descending" : "ascending") : null },
      el("a", { href: page("events", { ...params, sort: next, offset: "" }) }, label + arrow));
  }));
  const nodes = rows.map((row) => el("tr", {}, columns.map(([key]) => el("td", { class: `col-${key}` }, cell(row, key, merged)))));
  const body = el("tbody", {}, nodes);
  view.append(
    el("h1", {}, merged ? "Events" : "Event reports"),
    el("p", { class: "muted" }, merged
      ? "One row per real-world event: the same event reported by several articles counts once."
      : "One row per report: each links to its sentence in the article."),
    form,
    pager("events", params, data),
    el("table", { class: "data", id: "events-table" }, el("thead", {}, head), body),
    el("p", {}, el("a", { href: "/api/export" + (() => { const q = new URLSearchParams({ ...eventFilters(params), format: "csv" }); return "?" + q; })() }, "Download these events as CSV")));
  // A report is one article's event, so it can be reviewed; a merged event spans articles and cannot.
  if (merged) return undefined;
  return reviewInPlace(view, rows.map((row, i) => ({
    kind: "event", article: row.article, item: String(row.id).split(":").pop(), node: nodes[i],
  })));
}
