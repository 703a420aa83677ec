// Quotes: search by speaker or words; each quote links to its place in its article. The list is
// reviewed in place by keyboard (review.js: a accept, r reject, e edit, j/k move).
import { humanDate } from "./dates.js";
import { api, el, filterForm, page, pager } from "./dom.js";
import { reviewInPlace } from "./review.js";

export async function renderQuotes(view, route) {
  const params = route.params;
  const data = await api("/api/quotes", { speaker: params.speaker, text: params.text, limit: 30, offset: params.offset });
  const form = filterForm([
    { name: "speaker", label: "Speaker", placeholder: "name" },
    { name: "text", label: "Words", placeholder: "words in the quote" },
  ], params, (values) => { location.hash = page("quotes", values); });
  const items = data.quotes.map((q) => {
    const [article, local] = String(q.id).split(":");
    return el("li", { class: "quote-card" },
      el("blockquote", {}, q.text),
      el("p", { class: "muted" },
        q.speaker ? el("a", { href: page("quotes", { speaker: q.speaker }), class: "speaker-link" }, q.speaker) : el("em", {}, "unattributed"),
        ` · ${q.kind} · `, q.published ? [humanDate(q.published, "DATE"), " · "] : null, q.source ? `${q.source} · ` : null,
        el("a", { href: page(`article/${article}`, { quote: local }) }, "in the article →"), " ",
        el("span", { class: "review-status" }, "")));
  });
  view.append(el("h1", {}, "Quotes"), form, pager("quotes", params, data), el("ul", { class: "quotes", id: "quote-list" }, items));
  return reviewInPlace(view, data.quotes.map((q, i) => {
    const [article, local] = String(q.id).split(":");
    return { kind: "quote", article, item: local, node: items[i] };
  }));
}
