// Article view: the text with entities, quotes, speakers and event triggers highlighted (each a
// clickable span built with textContent), and the article's events and quotes listed beside it.
import { humanDate } from "./dates.js";
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
  const facts = [trigger && `“${trigger}”`, time && time.value && humanDate(time.value, time.type), place && place.name,
    ev.negated && "negated", ev.hypothetical && "hypothetical"].filter(Boolean);
  return el("li", { class: "side-item", id: `event-${ev.id}`, "data-event": ev.id, tabindex: "0" },
    typeBadge(ev.type, ev.quad), " ",
    // A missing party is said in words; an event without a recipient shows no arrow to nowhere.
    el("strong", {}, names(analysis, ev.actor) || "(no actor found)"),
    (ev.recipient || []).length ? [" → ", el("strong", {}, names(analysis, ev.recipient))] : null,
    el("div", { class: "muted" }, facts.flatMap((fact, i) => (i ? [" · ", fact] : [fact]))));
}

function quoteItem(analysis, q, text) {
  const speaker = analysis.entities.find((e) => e.id === q.speaker);
  const name = speaker ? speaker.name : null;
  // No entity stands for the speaker, but the text may still name one ("analysts"): say who, in quotes.
  const phrase = !name && q.speaker_span ? text.slice(q.speaker_span[0], q.speaker_span[1]) : null;
  return el("li", { class: "side-item", id: `quote-${q.id}`, "data-quote": q.id, tabindex: "0" },
    name ? el("a", { href: page("quotes", { speaker: name }), class: "speaker-link" }, name)
      : phrase ? el("em", { title: "the words that name the speaker" }, `“${phrase}”`) : el("em", {}, "unattributed"),
    el("blockquote", {}, text.slice(q.span[0], q.span[1])));
}

// spaCy's entity labels in words (the label itself is the tooltip).
const ENTITY_KINDS = {
  PERSON: "person", ORG: "organisation", GPE: "country, city or state", LOC: "place", NORP: "nationality or group",
  FAC: "building or facility", EVENT: "named event", LAW: "law or treaty", PRODUCT: "product", WORK_OF_ART: "work",
  LANGUAGE: "language", MISC: "other name",
};

function legend(analysis) {
  const types = [...new Set(analysis.entities.map((e) => e.type))].sort();
  return el("p", { class: "legend" }, types.map((t) => el("span", { class: `ent ent-${t}`, title: t }, ENTITY_KINDS[t] || t.toLowerCase())),
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

// An article id is its content hash in hex; the API also takes a unique prefix of 6 or more.
const ARTICLE_ID = /^[0-9a-f]{6,64}$/;

/** The article, or an Error that says in plain words why there is none. */
async function fetchArticle(id) {
  const notFound = (why) => new Error(`No article “${id}” here: ${why}. Open an article from the Articles page.`);
  if (!ARTICLE_ID.test(id)) throw notFound("an article id is 6 to 64 characters of 0-9 and a-f, as in the links of the article list");
  try {
    return await api(`/api/articles/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error.status === 404) throw notFound("the database holds no article with this id (or this start of one)");
    throw error;
  }
}

export async function renderArticle(view, route) {
  const analysis = await fetchArticle(route.id || "");
  const article = analysis.article;
  const text = article.text;
  const textBlock = highlightedText(text, annotations(analysis));
  const meta = [article.published && humanDate(article.published, "DATE"), article.source].filter(Boolean)
    .flatMap((fact, i) => (i ? [" · ", fact] : [fact]));
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
