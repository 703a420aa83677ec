// Article view: the text with entities, quotes, speakers and event triggers highlighted (each a
// clickable span built with textContent), and the article's events and quotes listed beside it.
import { api, el, page, typeBadge } from "./dom.js";

/** Annotations as [start, end, kind, id, extra] from an analysis. */
function annotations(analysis) {
  const marks = [];
  for (const ent of analysis.entities) for (const [s, e] of ent.mentions || []) marks.push({ s, e, kind: "ent", id: ent.id, type: ent.type });
  for (const q of analysis.quotes) {
    for (const [s, e] of q.parts || [q.span]) marks.push({ s, e, kind: "quote", id: q.id });
    if (q.speaker_span) marks.push({ s: q.speaker_span[0], e: q.speaker_span[1], kind: "speaker", id: q.id, entity: q.speaker });
  }
  for (const ev of analysis.events) {
    if (ev.trigger_span) marks.push({ s: ev.trigger_span[0], e: ev.trigger_span[1], kind: "trigger", id: ev.id, quad: ev.quad });
    if (ev.sentence_span) marks.push({ s: ev.sentence_span[0], e: ev.sentence_span[1], kind: "sentence", id: ev.id });
  }
  return marks.filter((m) => m.e > m.s);
}

/** The text cut at every annotation boundary: one span per piece, classed by what covers it. */
function highlightedText(text, marks) {
  const cuts = new Set([0, text.length]);
  for (const m of marks) { cuts.add(Math.max(0, m.s)); cuts.add(Math.min(text.length, m.e)); }
  const points = [...cuts].sort((a, b) => a - b);
  const container = el("div", { class: "article-text", id: "article-text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, e] = [points[i], points[i + 1]];
    const covering = marks.filter((m) => m.s <= s && m.e >= e);
    if (!covering.length) { container.append(document.createTextNode(text.slice(s, e))); continue; }
    const classes = [];
    const attrs = {};
    for (const m of covering) {
      if (m.kind === "ent") { classes.push("ent", `ent-${m.type}`); attrs["data-ent"] = m.id; }
      if (m.kind === "quote") { classes.push("quote"); attrs["data-quote"] = m.id; }
      if (m.kind === "speaker") { classes.push("speaker"); attrs["data-quote"] = m.id; if (m.entity) attrs["data-ent"] = m.entity; }
      if (m.kind === "trigger") { classes.push("trigger", `quad-${m.quad || 0}`); attrs["data-event"] = m.id; }
      if (m.kind === "sentence") attrs["data-sentences"] = [attrs["data-sentences"], m.id].filter(Boolean).join(" ");
    }
    container.append(el("span", { class: classes.join(" ") || null, ...attrs }, text.slice(s, e)));
  }
  return container;
}

function names(analysis, ids) {
  return (ids || []).map((id) => (analysis.entities.find((e) => e.id === id) || { name: id }).name).join("; ");
}

function eventItem(analysis, ev, text) {
  const time = analysis.times.find((t) => t.id === ev.time);
  const place = analysis.places.find((p) => p.id === ev.place);
  const trigger = ev.trigger_span ? text.slice(ev.trigger_span[0], ev.trigger_span[1]) : "";
  return el("li", { class: "side-item", id: `event-${ev.id}`, "data-event": ev.id, tabindex: "0" },
    typeBadge(ev.type, ev.quad), " ",
    el("strong", {}, names(analysis, ev.actor) || "?"), " → ", el("strong", {}, names(analysis, ev.recipient) || "?"),
    el("div", { class: "muted" }, [trigger && `“${trigger}”`, time && (time.value || ""), place && place.name,
      ev.negated && "negated", ev.hypothetical && "hypothetical"].filter(Boolean).join(" · ")));
}

function quoteItem(analysis, q, text) {
  const speaker = analysis.entities.find((e) => e.id === q.speaker);
  const name = speaker ? speaker.name : q.speaker;
  return el("li", { class: "side-item", id: `quote-${q.id}`, "data-quote": q.id, tabindex: "0" },
    name ? el("a", { href: page("quotes", { speaker: name }), class: "speaker-link" }, name) : el("em", {}, "unattributed"),
    el("blockquote", {}, text.slice(q.span[0], q.span[1])));
}

function legend(analysis) {
  const types = [...new Set(analysis.entities.map((e) => e.type))].sort();
  return el("p", { class: "legend" }, types.map((t) => el("span", { class: `ent ent-${t}` }, t)),
    el("span", { class: "quote" }, "quote"), el("span", { class: "trigger quad-2" }, "cooperation trigger"), el("span", { class: "trigger quad-4" }, "conflict trigger"));
}

/** Mark what belongs to one event, quote or entity, in the text and in the lists. */
function select(view, kind, id) {
  for (const node of view.querySelectorAll(".selected, .focus")) node.classList.remove("selected", "focus");
  if (!id) return null;
  let first = null;
  if (kind === "event") {
    for (const node of view.querySelectorAll("[data-sentences]")) {
      if (node.dataset.sentences.split(" ").includes(id)) { node.classList.add("focus"); first = first || node; }
    }
  }
  const attribute = { event: "data-event", quote: "data-quote", ent: "data-ent" }[kind];
  for (const node of view.querySelectorAll(`[${attribute}]`)) {
    if (node.getAttribute(attribute) === id) { node.classList.add("selected"); if (!node.closest(".side")) first = first || node; }
  }
  return first;
}

export async function renderArticle(view, route) {
  const analysis = await api(`/api/articles/${encodeURIComponent(route.id || "")}`);
  const article = analysis.article;
  const text = article.text;
  const textBlock = highlightedText(text, annotations(analysis));
  const meta = [article.published, article.source].filter(Boolean).join(" · ");
  let source = null;
  try {
    const url = new URL(article.url);
    if (url.protocol === "https:" || url.protocol === "http:") source = el("a", { href: url.href, rel: "noopener noreferrer nofollow", target: "_blank" }, "original");
  } catch { /* no or bad URL: no link */ }
  view.append(
    el("h1", { class: "article-title" }, article.title || "(untitled article)"),
    el("p", { class: "muted" }, meta, source && " · ", source, ` · id ${article.id} · `,
      el("a", { href: page(`review/article/${article.id}`), class: "review-link" }, "review this article")),
    legend(analysis),
    el("div", { class: "article-layout" },
      textBlock,
      el("aside", { class: "side" },
        el("h2", {}, `Events (${analysis.events.length})`),
        el("ul", { class: "side-list", id: "article-events" }, analysis.events.map((ev) => eventItem(analysis, ev, text))),
        el("h2", {}, `Quotes (${analysis.quotes.length})`),
        el("ul", { class: "side-list", id: "article-quotes" }, analysis.quotes.map((q) => quoteItem(analysis, q, text))))));
  view.addEventListener("click", (event) => {
    const target = event.target.closest("[data-event], [data-quote], [data-ent]");
    if (!target || event.target.closest("a")) return;
    const kind = target.dataset.event ? "event" : target.dataset.quote && !target.classList.contains("ent") ? "quote" : target.dataset.ent ? "ent" : "quote";
    const id = target.dataset.event || (kind === "ent" ? target.dataset.ent : target.dataset.quote);
    const first = select(view, kind, id);
    if (target.closest(".side") && first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  });
  return () => {
    const kind = route.params.event ? "event" : route.params.quote ? "quote" : null;
    const first = kind && select(view, kind, route.params[kind]);
    if (first) first.scrollIntoView({ block: "center" });
  };
}

/** "#/event/ID": open the article of the event's first report at its sentence. */
export async function renderEventRedirect(view, route) {
  const event = await api(`/api/events/${encodeURIComponent(route.id || "")}`);
  const report = event.reports[0];
  if (!report) throw new Error("this event has no stored report");
  location.replace(page(`article/${report.article}`, { event: report.id.split(":").pop() }));
  view.append(el("p", {}, "Opening the article…"));
}
