// Articles: what the database holds, and the articles (full-text search over them and their quotes).
import { humanDate } from "./dates.js";
import { api, el, filterForm, page, pager } from "./dom.js";

export async function renderHome(view, route) {
  const params = route.params;
  const stats = await api("/api/stats");
  const data = params.q
    ? await api("/api/search", { q: params.q, limit: 30, offset: params.offset })
    : await api("/api/articles", { limit: 30, offset: params.offset });
  const cards = ["articles", "events", "reports", "quotes", "entities", "places"].map((key) =>
    el("div", { class: "stat" }, el("strong", {}, Number(stats[key] || 0).toLocaleString()), el("span", {}, key)));
  const form = filterForm([{ name: "q", label: "Search", placeholder: "words in articles and quotes" }], params,
    (values) => { location.hash = page("", values); });
  const rows = data.articles.map((a) => el("tr", {},
    el("td", {}, humanDate(a.published, "DATE")),
    el("td", {}, el("a", { href: page(`article/${a.id}`) }, a.title || a.id)),
    el("td", {}, a.source || "")));
  // view.append writes a null as the text "null": leave out what this page does not show.
  view.append(...[
    el("h1", {}, "Articles"),
    el("div", { class: "stats", id: "stats" }, cards),
    form,
    params.q ? el("p", { class: "muted" }, `${data.quotes_total} quotes also contain these words: `,
      el("a", { href: page("quotes", { text: params.q }) }, "see them")) : null,
    pager("", params, data),
    el("table", { class: "data", id: "article-list" }, el("thead", {}, el("tr", {}, el("th", {}, "Date"), el("th", {}, "Title"), el("th", {}, "Source"))), el("tbody", {}, rows)),
  ].filter(Boolean));
}
