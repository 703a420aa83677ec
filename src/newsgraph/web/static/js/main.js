// The single page's router: "#/events?actor=X" renders the events page with those parameters.
import { el } from "./dom.js";
import { renderArticle, renderEventRedirect } from "./article.js";
import { renderEvents } from "./events.js";
import { renderHome } from "./home.js";
import { renderMap } from "./map.js";
import { renderNetwork } from "./network.js";
import { renderQuotes } from "./quotes.js";
import { renderReview } from "./review.js";
import { renderTimeline } from "./timeline.js";

const PAGES = {
  "": ["home", "Articles", renderHome],
  article: ["home", "Article", renderArticle],
  event: ["events", "Event", renderEventRedirect],
  events: ["events", "Events", renderEvents],
  timeline: ["timeline", "Timeline", renderTimeline],
  map: ["map", "Map", renderMap],
  network: ["network", "Actor network", renderNetwork],
  quotes: ["quotes", "Quotes", renderQuotes],
  review: ["review", "Review", renderReview],
};

function parseHash() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, search] = hash.split("?");
  const [name, ...rest] = path.split("/");
  return { name: name || "", id: rest.length ? decodeURIComponent(rest.join("/")) : null, params: Object.fromEntries(new URLSearchParams(search || "")) };
}

let rendering = 0;
async function render() {
  const route = parseHash();
  const [navKey, title, renderPage] = PAGES[route.name] || PAGES[""];
  const main = document.getElementById("main");
  const ticket = ++rendering;
  for (const link of document.querySelectorAll("#nav a")) link.classList.toggle("active", link.dataset.page === navKey);
  document.title = `${title} · newsgraph`;
  const view = el("div", { class: `page page-${navKey}` });
  let afterAttach = null;
  try {
    afterAttach = await renderPage(view, route);
  } catch (error) {
    view.replaceChildren(el("p", { class: "error", role: "alert" }, String(error.message || error)));
  }
  if (ticket !== rendering) return; // a newer navigation started meanwhile
  main.replaceChildren(view);
  if (typeof afterAttach === "function") afterAttach();
  main.dataset.ready = route.name || "home";
  // Counts finished renders, so a test (or a user script) can wait for the page it asked for.
  main.dataset.renders = String(Number(main.dataset.renders || 0) + 1);
  document.dispatchEvent(new CustomEvent("newsgraph:rendered", { detail: route.name || "home" }));
}

window.addEventListener("hashchange", render);
render();
