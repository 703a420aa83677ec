// Review: the queue of event reports (least confident first) and an article's items, corrected by
// keyboard like a labelling tool. j/k or ↓/↑ move, a accepts, r rejects, e edits, u undoes, o opens the
// article; on an article's page, n adds the event and q the quote the machine missed in the words selected. Every write sends the item's version as loaded; a stale one is refused by the server and
// the message shown. The token is asked once per tab (sessionStorage), with the reviewer's name.
import { api, el, page, typeBadge, vocabulary } from "./dom.js";

const TOKEN_KEY = "newsgraph.review.token";
const AUTHOR_KEY = "newsgraph.review.author";
const STATUS_TEXT = { machine: "not reviewed", accepted: "accepted", rejected: "rejected", edited: "edited", added: "added" };

/** Ask for the token (and the reviewer's name) in the page once; resolves with both. */
function credentials(view) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const author = sessionStorage.getItem(AUTHOR_KEY);
  if (token && author) return Promise.resolve({ token, author });
  return new Promise((resolve) => {
    const tokenInput = el("input", { type: "password", id: "review-token", autocomplete: "off", required: true });
    const authorInput = el("input", { type: "text", id: "review-author", value: author || "", required: true, maxlength: "200" });
    const form = el("form", { class: "review-token filters", id: "review-token-form" },
      el("p", {}, "Corrections need the server's token (the one given to newsgraph serve --token). It is kept in this tab only."),
      el("label", {}, el("span", {}, "Token"), tokenInput),
      el("label", {}, el("span", {}, "Your name (recorded with each correction)"), authorInput),
      el("button", { type: "submit" }, "Save"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, tokenInput.value.trim());
      sessionStorage.setItem(AUTHOR_KEY, authorInput.value.trim());
      form.remove();
      resolve({ token: tokenInput.value.trim(), author: authorInput.value.trim() });
    });
    view.prepend(form);
    tokenInput.focus();
  });
}

/** POST a write; returns the item's new state or throws an Error carrying the API's code and message. */
async function write(view, path, body) {
  const { token, author } = await credentials(view);
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({ ...body, author }),
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(answer && answer.error ? answer.error.message : `HTTP ${response.status}`);
    error.code = answer && answer.error ? answer.error.code : "http_error";
    if (response.status === 401 || response.status === 403) sessionStorage.removeItem(TOKEN_KEY);
    throw error;
  }
  return answer;
}

function say(view, text, kind) {
  const box = view.querySelector("#review-message");
  box.textContent = text;
  box.className = `review-message ${kind || ""}`;
}

/** The sentence with its trigger marked (text only, never HTML). */
function sentenceWithTrigger(sentence, sentenceSpan, triggerSpan) {
  const text = sentence || "";
  if (!sentenceSpan || !triggerSpan) return el("span", { class: "review-sentence" }, text);
  const start = triggerSpan[0] - sentenceSpan[0], end = triggerSpan[1] - sentenceSpan[0];
  if (start < 0 || end > text.length) return el("span", { class: "review-sentence" }, text);
  return el("span", { class: "review-sentence" }, text.slice(0, start), el("mark", { class: "trigger-mark" }, text.slice(start, end)), text.slice(end));
}

/**
 * The keyboard loop over a list of items. Each item: {kind, article, item, version, status, node,
 * coding()}. ``edit(item)`` returns the changes to send, or null when cancelled.
 */
function reviewer(view, items, { edit, open, onMove, keys }) {
  let index = 0;
  let busy = false;
  function move(to) {
    if (!items.length) return;
    index = Math.max(0, Math.min(items.length - 1, to));
    for (const [i, it] of items.entries()) it.node.classList.toggle("current", i === index);
    items[index].node.scrollIntoView({ block: "nearest" });
    view.dataset.current = `${items[index].kind}:${items[index].item}`;
    if (onMove) onMove(items[index]);
  }
  function show(it, state) {
    it.version = state.version;
    it.status = state.status;
    it.state = state;
    it.node.dataset.status = state.status;
    it.node.dataset.version = String(state.version);
    const badge = it.node.querySelector(".review-status");
    if (badge) badge.textContent = STATUS_TEXT[state.status] || state.status;
    it.node.classList.remove("status-machine", "status-accepted", "status-rejected", "status-edited", "status-added");
    it.node.classList.add(`status-${state.status}`);
    if (it.refresh) it.refresh(state);
  }
  async function act(action, changes) {
    const it = items[index];
    if (!it || busy) return;
    busy = true;
    try {
      const body = { article: it.article, kind: it.kind, item: it.item, version: it.version };
      const state = action === "undo"
        ? await write(view, "/api/review/undo", body)
        : await write(view, "/api/review/corrections", { ...body, action, changes: changes || {} });
      show(it, state);
      say(view, `${it.kind} ${it.item}: ${action === "undo" ? "undone, now " + (STATUS_TEXT[state.status] || state.status) : STATUS_TEXT[state.status]} (version ${state.version})`, "ok");
      view.dataset.saved = String(Number(view.dataset.saved || 0) + 1);
      if (action !== "undo") move(index + 1);
    } catch (error) {
      say(view, error.message, error.code === "stale_correction" ? "stale" : "error");
      view.dataset.failed = String(Number(view.dataset.failed || 0) + 1);
    } finally {
      busy = false;
    }
  }
  async function onKey(event) {
    if (!view.isConnected) { document.removeEventListener("keydown", onKey); return; }
    if (event.target.closest && event.target.closest("input, select, textarea, form")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    if (key === "j" || key === "ArrowDown") { event.preventDefault(); move(index + 1); }
    else if (key === "k" || key === "ArrowUp") { event.preventDefault(); move(index - 1); }
    else if (key === "a") { event.preventDefault(); await act("accept"); }
    else if (key === "r") { event.preventDefault(); await act("reject"); }
    else if (key === "u") { event.preventDefault(); await act("undo"); }
    else if (key === "e" && items[index]) {
      event.preventDefault();
      const changes = await edit(items[index]);
      if (changes && Object.keys(changes).length) await act("edit", changes);
    } else if ((key === "o" || key === "Enter") && open && items[index]) { event.preventDefault(); open(items[index]); }
    else if (keys && keys[key]) { event.preventDefault(); await keys[key](); }
  }
  document.addEventListener("keydown", onKey);
  for (const [i, it] of items.entries()) it.node.addEventListener("click", () => move(i));
  return { start: () => move(0), move, show };
}

function options(values, current, none) {
  return [none ? el("option", { value: "" }, none) : null,
    ...values.map(([value, label]) => el("option", { value, selected: String(current ?? "") === String(value) }, label))];
}

/**
 * An inline form under the item; resolves with the changed fields, or null on Escape. A field's kind:
 * a select (the default), "text", "flag" (a checkbox) or "checks" (a box per choice; its value is the
 * list of the values ticked). ``finish(changes)``, when given, reshapes the changes before they go.
 */
function editForm(node, fields, onBuild, finish) {
  return new Promise((resolve) => {
    const form = el("form", { class: "review-edit filters", id: "review-edit" });
    const inputs = {};
    for (const field of fields) {
      let input;
      if (field.kind === "flag") input = el("input", { type: "checkbox", name: field.name, checked: Boolean(field.value) });
      else if (field.kind === "text") input = el("input", { type: "text", name: field.name, value: field.value || "" });
      else if (field.kind === "checks") {
        input = el("fieldset", { class: "review-checks", "data-name": field.name },
          field.choices.map(([value, label]) => el("label", {}, el("input", { type: "checkbox", value }), " ", label)));
      } else input = el("select", { name: field.name }, options(field.choices, field.value, field.none));
      inputs[field.name] = input;
      form.append(el("label", {}, el("span", {}, field.label), input));
    }
    form.append(el("button", { type: "submit" }, "Save (Enter)"), el("span", { class: "muted" }, " Esc cancels"));
    const done = (value) => { form.remove(); resolve(value); };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      let changes = {};
      for (const field of fields) {
        const input = inputs[field.name];
        let value = field.kind === "flag" ? input.checked
          : field.kind === "checks" ? [...input.querySelectorAll("input:checked")].map((box) => box.value)
            : input.value;
        if (field.read) value = field.read(value);
        if (JSON.stringify(value) !== JSON.stringify(field.original !== undefined ? field.original : field.value)) changes[field.name] = value;
      }
      if (finish) changes = finish(changes);
      done(changes);
    });
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); done(null); }
      // Enter saves from any field (a select does not submit its form on Enter by itself).
      else if (event.key === "Enter" && event.target.tagName !== "BUTTON") { event.preventDefault(); form.requestSubmit(); }
    });
    if (onBuild) onBuild(inputs);
    node.after(form);
    (form.querySelector("select, input") || form).focus();
  });
}

function entityChoices(analysis) {
  return analysis.entities.filter((e) => (e.mentions || []).length).map((e) => [e.id, `${e.name} (${e.type})`]);
}

async function eventEditor(vocab, analysis, coding, node) {
  const modes = vocab.modes || {};
  const first = (ids) => (ids && ids.length ? ids[0] : "");
  const asList = (value) => (value ? [value] : []);
  return editForm(node, [
    { name: "type", label: "Type", choices: vocab.event_types.map((t) => [t.type, t.type]), value: coding.type },
    { name: "mode", label: "Mode", choices: (modes[coding.type] || []).map((m) => [m, m]), value: coding.mode || "", none: "none", read: (v) => v || null, original: coding.mode || null },
    { name: "actor", label: "Actor", choices: entityChoices(analysis), value: first(coding.actor), none: "none", read: asList, original: (coding.actor || []).slice(0, 1) },
    { name: "recipient", label: "Recipient", choices: entityChoices(analysis), value: first(coding.recipient), none: "none", read: asList, original: (coding.recipient || []).slice(0, 1) },
    { name: "negated", label: "Negated", kind: "flag", value: coding.negated },
    { name: "hypothetical", label: "Hypothetical", kind: "flag", value: coding.hypothetical },
    { name: "alleged", label: "Alleged", kind: "flag", value: coding.alleged },
  ], (inputs) => {
    // The modes offered are those of the type chosen (PLOVER gives each type its own).
    inputs.type.addEventListener("change", () => {
      inputs.mode.replaceChildren(...options((modes[inputs.type.value] || []).map((m) => [m, m]), "", "none").filter(Boolean));
    });
  });
}

/** The character span of the words selected in ``block`` (the article's text), or null. */
function selectedSpan(block) {
  const selection = window.getSelection();
  if (!selection || !selection.rangeCount) return null;
  const range = selection.getRangeAt(0);
  if (!block.contains(range.startContainer) || !block.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(block);
  before.setEnd(range.startContainer, range.startOffset);
  let start = before.toString().length, end = start + range.toString().length;
  const text = block.textContent;
  while (start < end && /\s/.test(text[start])) start += 1;
  while (end > start && /\s/.test(text[end - 1])) end -= 1;
  return end > start ? [start, end] : null;
}

function quoteEditor(analysis, coding, node) {
  return editForm(node, [
    { name: "kind", label: "Kind", choices: [["direct", "direct"], ["indirect", "indirect"], ["mixed", "mixed"]], value: coding.kind },
    { name: "speaker", label: "Speaker", choices: entityChoices(analysis), value: coding.speaker || "", none: "unattributed", read: (v) => v || null, original: coding.speaker || null },
  ]);
}

/**
 * The entity's form. ``mentions``: the entity's mentions as the machine found them; ticking some
 * splits them off into a new entity (named by "New entity's name", else by the first one's text).
 */
function entityEditor(vocab, analysis, coding, node, mentions) {
  const text = analysis.article.text;
  const others = analysis.entities.filter((e) => e.id !== coding.id && !e.id.endsWith("_split")).map((e) => [e.id, `${e.name} (${e.id})`]);
  const fields = [
    { name: "name", label: "Name", kind: "text", value: coding.name },
    { name: "type", label: "Type", choices: vocab.entity_types.map((t) => [t, t]), value: coding.type },
    { name: "country", label: "Country", kind: "text", value: coding.country || "", read: (v) => v.trim().toUpperCase() || null, original: coding.country || null },
    { name: "sector", label: "Sector", choices: vocab.sectors.map((s) => [s, s]), value: coding.sector || "", none: "none", read: (v) => v || null, original: coding.sector || null },
    { name: "merge_into", label: "Merge into", choices: others, value: "", none: "(keep apart)", read: (v) => v || null, original: null },
  ];
  const spans = mentions || coding.mentions || [];
  if (spans.length > 1) {
    fields.push(
      { name: "split", label: "Split these mentions off into a new entity", kind: "checks",
        choices: spans.map((m) => [JSON.stringify(m), `“${text.slice(m[0], m[1])}” at ${m[0]}`]),
        value: [], original: null, read: (ticked) => (ticked.length ? { mentions: ticked.map((v) => JSON.parse(v)) } : null) },
      { name: "split_name", label: "New entity's name", kind: "text", value: "", original: "" });
  }
  return editForm(node, fields, null, (changes) => {
    // The new entity's name goes with the split; without a split it means nothing.
    const { split_name: splitName, ...rest } = changes;
    if (rest.split && splitName && splitName.trim()) rest.split.name = splitName.trim();
    return rest;
  });
}

let reviewVocabulary = null;
async function reviewVocab() {
  reviewVocabulary = reviewVocabulary || { ...(await vocabulary()), ...(await api("/api/review/vocabulary")) };
  return reviewVocabulary;
}

function itemNode(attrs, ...children) {
  return el("li", { class: "review-item status-machine", tabindex: "-1", ...attrs }, ...children);
}

function header(view, title, help) {
  view.append(el("h1", {}, title),
    el("p", { class: "muted review-keys" }, help),
    el("p", { class: "review-message", id: "review-message", role: "status" }, ""));
}

/** "#/review": the queue of event reports, least confident first, filtered by actor, type, date. */
async function renderQueue(view, route) {
  const vocab = await reviewVocab();
  const params = route.params;
  const data = await api("/api/review/queue", { status: params.status || "todo", actor: params.actor, type: params.type,
    since: params.since, until: params.until, limit: params.limit || 50, offset: params.offset });
  header(view, "Review queue", "Least confident first. Keys: j/k or ↓/↑ move · a accept · r reject · e edit · u undo · o open the article");
  const form = el("form", { class: "filters", id: "review-filters" },
    el("label", {}, el("span", {}, "Actor"), el("input", { name: "actor", value: params.actor || "", placeholder: "name or code" })),
    el("label", {}, el("span", {}, "Type"), el("select", { name: "type" }, options(vocab.event_types.map((t) => [t.type, t.type]), params.type, "any"))),
    el("label", {}, el("span", {}, "From"), el("input", { type: "date", name: "since", value: params.since || "" })),
    el("label", {}, el("span", {}, "To"), el("input", { type: "date", name: "until", value: params.until || "" })),
    el("label", {}, el("span", {}, "Show"), el("select", { name: "status" }, options([["todo", "not reviewed"], ["done", "reviewed"], ["all", "all"]], params.status || "todo"))),
    el("button", { type: "submit" }, "Apply"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(form).entries()].filter(([, v]) => v));
    location.hash = page("review", values);
  });
  view.append(form, el("p", { class: "muted" }, `${data.total.toLocaleString()} event reports`));
  const list = el("ol", { class: "review-list", id: "review-queue" });
  const items = data.items.map((row) => {
    const node = itemNode({ "data-article": row.article, "data-item": row.item, "data-status": row.status, "data-version": row.version },
      typeBadge(row.type, row.quad), " ",
      el("strong", { class: "review-parties" }, `${row.actor.join("; ") || "?"} → ${row.recipient.join("; ") || "?"}`), " ",
      el("span", { class: "muted" }, [row.mode, row.date, row.source, `confidence ${Number(row.confidence).toFixed(2)}`].filter(Boolean).join(" · ")), " ",
      el("span", { class: "review-status" }, STATUS_TEXT[row.status] || row.status),
      el("div", {}, sentenceWithTrigger(row.sentence, row.sentence_span, row.trigger_span)),
      el("a", { href: page(`review/article/${row.article}`, { event: row.item }), class: "muted" }, "review the article →"));
    node.classList.replace("status-machine", `status-${row.status}`);
    list.append(node);
    return { kind: "event", article: row.article, item: row.item, version: row.version, status: row.status, node };
  });
  view.append(data.items.length ? list : el("p", { class: "empty" }, "Nothing to review with these filters."));
  if (data.offset + data.limit < data.total) {
    view.append(el("p", { class: "pager" }, el("a", { href: page("review", { ...params, offset: Number(data.offset) + Number(data.limit) }) }, "next page →")));
  }
  const loop = reviewer(view, items, {
    async edit(it) {
      const review = await api(`/api/review/articles/${it.article}`, { coding: "corrected" });
      const coding = review.corrected.events.find((e) => e.id === it.item)
        || (await api(`/api/review/articles/${it.article}`, { coding: "machine" })).machine.events.find((e) => e.id === it.item);
      return eventEditor(vocab, review.corrected, coding, it.node);
    },
    open(it) { location.hash = page(`review/article/${it.article}`, { event: it.item }); },
  });
  return () => loop.start();
}

/** "#/review/article/ID": every event, quote and entity of one article, the current one's sentence lit. */
async function renderArticleReview(view, route) {
  const vocab = await reviewVocab();
  const id = route.id.replace(/^article\//, "");
  const review = await api(`/api/review/articles/${encodeURIComponent(id)}`, { coding: "both" });
  const machine = review.machine, text = machine.article.text;
  let corrected = review.corrected;
  header(view, machine.article.title || "(untitled article)",
    "Keys: j/k or ↓/↑ move · a accept · r reject · e edit · u undo · select words in the text, then n adds the event or q the quote the machine missed. The current item's sentence is highlighted.");
  view.querySelector("h1").after(el("p", { class: "muted" }, el("a", { href: page(`article/${machine.article.id}`) }, "← the article page"), ` · id ${machine.article.id}`));
  const textBlock = el("div", { class: "article-text review-text", id: "review-text" });
  function light(span, trigger) {
    textBlock.replaceChildren();
    const marks = [span, trigger].filter(Boolean);
    if (!marks.length) { textBlock.append(text); return; }
    const [s, e] = span || trigger;
    const before = text.slice(0, s), inside = text.slice(s, e), after = text.slice(e);
    const focus = el("span", { class: "focus", id: "review-focus" });
    if (trigger && span && trigger[0] >= s && trigger[1] <= e) {
      focus.append(inside.slice(0, trigger[0] - s), el("mark", { class: "trigger-mark" }, text.slice(trigger[0], trigger[1])), inside.slice(trigger[1] - s));
    } else focus.append(inside);
    textBlock.append(before, focus, after);
    focus.scrollIntoView({ block: "nearest" });
  }
  const name = (ids) => (ids || []).map((i) => (corrected.entities.find((e) => e.id === i) || machine.entities.find((e) => e.id === i) || { name: i }).name).join("; ") || "?";
  const items = [];
  const lists = { event: el("ol", { class: "review-list", id: "review-events" }), quote: el("ol", { class: "review-list", id: "review-quotes" }), entity: el("ol", { class: "review-list", id: "review-entities" }) };
  function describe(kind, item) {
    if (!item) return el("em", {}, "rejected");
    if (kind === "event") return [typeBadge(item.type, item.quad), " ", el("strong", {}, `${name(item.actor)} → ${name(item.recipient)}`), " ",
      el("span", { class: "muted" }, [item.mode, item.negated && "negated", item.hypothetical && "hypothetical", item.alleged && "alleged", item.confidence != null && `confidence ${Number(item.confidence).toFixed(2)}`].filter(Boolean).join(" · "))];
    if (kind === "quote") return [el("strong", {}, item.speaker ? name([item.speaker]) : "unattributed"), " (", item.kind, "): ", el("q", {}, text.slice(item.span[0], item.span[1]))];
    const split = corrected.entities.find((e) => e.id === `${item.id}_split`);
    return [el("strong", {}, item.name), " ", el("span", { class: "muted" }, [item.type, item.country, item.sector].filter(Boolean).join(" · ")),
      split ? el("span", { class: "review-split" }, ` · split off: ${split.name} (${split.mentions.length} mention${split.mentions.length === 1 ? "" : "s"})`) : ""];
  }
  // The items a reviewer added (the machine had none) follow the machine's; a rejected one keeps its row.
  const addedItems = (kind, key) => Object.keys(review.review[kind]).filter((id) => !machine[key].some((x) => x.id === id))
    .map((id) => corrected[key].find((x) => x.id === id) || { id, span: null });
  for (const [kind, key] of [["event", "events"], ["quote", "quotes"], ["entity", "entities"]]) {
    for (const item of [...machine[key], ...addedItems(kind, key)]) {
      const state = review.review[kind][item.id];
      const body = el("span", { class: "review-body" });
      const node = itemNode({ "data-kind": kind, "data-item": item.id, "data-status": state.status, "data-version": state.version },
        el("span", { class: "review-id muted" }, item.id), " ", body, " ", el("span", { class: "review-status" }, STATUS_TEXT[state.status]));
      node.classList.replace("status-machine", `status-${state.status}`);
      const it = { kind, article: machine.article.id, item: item.id, version: state.version, status: state.status, node, machineItem: item };
      it.coding = () => (corrected[key].find((x) => x.id === item.id) || null);
      it.refresh = async () => {
        const fresh = await api(`/api/review/articles/${machine.article.id}`, { coding: "corrected" });
        corrected = fresh.corrected;
        for (const other of items) other.node.querySelector(".review-body").replaceChildren(...[describe(other.kind, other.coding())].flat());
      };
      body.append(...[describe(kind, it.coding())].flat());
      lists[kind].append(node);
      items.push(it);
    }
  }
  view.append(el("div", { class: "article-layout" }, textBlock,
    el("aside", { class: "side" },
      el("h2", {}, `Events (${lists.event.children.length})`), lists.event,
      el("h2", {}, `Quotes (${lists.quote.children.length})`), lists.quote,
      el("h2", {}, `Entities (${machine.entities.length})`), lists.entity)));
  if (review.unmatched.length) {
    view.append(el("h2", {}, "Corrections a re-analysis no longer matches"),
      el("ul", { id: "review-unmatched" }, review.unmatched.map((s) => el("li", {}, `${s.kind} ${s.item.split(":").pop()}: ${s.status} by ${s.updated_by} at ${s.updated_at}`))));
  }
  // An event (its trigger) or a quote (its words) the machine missed, from the words selected in the text.
  async function add(kind) {
    const span = selectedSpan(textBlock);
    if (!span) { say(view, `Select the ${kind === "event" ? "words that say what happened" : "quoted words"} in the text first, then press ${kind === "event" ? "n" : "q"}.`, "error"); return; }
    const anchor = lists[kind];
    const changes = kind === "event"
      ? await eventEditor(vocab, corrected, { type: vocab.event_types[0].type }, anchor)
      : await quoteEditor(corrected, { kind: "direct" }, anchor);
    if (!changes) return;
    const fields = kind === "event" ? { type: vocab.event_types[0].type, ...changes, trigger_span: span } : { kind: "direct", ...changes, span };
    if (kind === "quote" && fields.speaker) {
      // The speaker's mention nearest the quote names it in the text.
      const entity = corrected.entities.find((e) => e.id === fields.speaker);
      const nearest = (entity.mentions || []).slice().sort((a, b) => Math.abs(a[0] - span[0]) - Math.abs(b[0] - span[0]))[0];
      fields.speaker_span = nearest;
      delete fields.speaker;
    }
    try {
      const state = await write(view, "/api/review/corrections", { article: machine.article.id, kind, item: "", action: "add", version: 0, changes: fields });
      say(view, `${kind} ${state.item}: added (version ${state.version})`, "ok");
      view.dataset.saved = String(Number(view.dataset.saved || 0) + 1);
      // Shown again with the new item in its list (and current, for an event).
      const next = page(`review/article/${machine.article.id}`, kind === "event" ? { event: state.item } : {});
      if (location.hash === next) window.dispatchEvent(new HashChangeEvent("hashchange"));
      else location.hash = next;
    } catch (error) {
      say(view, error.message, "error");
      view.dataset.failed = String(Number(view.dataset.failed || 0) + 1);
    }
  }
  const loop = reviewer(view, items, {
    keys: { n: () => add("event"), q: () => add("quote") },
    onMove(it) {
      const item = it.machineItem;
      if (it.kind === "event") light(item.sentence_span, item.trigger_span);
      else if (it.kind === "quote") light(item.span, item.speaker_span);
      else light((item.mentions || [])[0], null);
    },
    async edit(it) {
      const coding = it.coding() || it.machineItem;
      if (it.kind === "event") return eventEditor(vocab, corrected, coding, it.node);
      if (it.kind === "quote") return quoteEditor(corrected, coding, it.node);
      return entityEditor(vocab, corrected, coding, it.node, it.machineItem.mentions);
    },
  });
  light(null, null);
  return () => {
    const wanted = route.params.event ? items.findIndex((it) => it.kind === "event" && it.item === route.params.event) : -1;
    loop.move(Math.max(0, wanted));
  };
}

export async function renderReview(view, route) {
  if (route.id && route.id.startsWith("article/")) return renderArticleReview(view, route);
  return renderQueue(view, route);
}

/**
 * Review in place, in a page that lists items of many articles (the events and quotes tables): the
 * same keys, editors and API as the review pages. ``rows``: [{kind, article, item, node}], node the
 * row's element (a table row or a list item), holding a ``.review-status`` cell. Each row's version
 * and status come from /api/review/articles (one request per article on the page). Returns a
 * function that makes the first row current, for the page to call once it is attached.
 */
export async function reviewInPlace(view, rows) {
  if (!rows.length) return () => {};
  const vocab = await reviewVocab();
  const reviews = {};
  async function load(article) {
    reviews[article] = await api(`/api/review/articles/${encodeURIComponent(article)}`, { coding: "both" });
  }
  try {
    await Promise.all([...new Set(rows.map((row) => row.article))].map(load));
  } catch (error) {
    // The table still shows (a server whose store cannot answer review requests): only review is off.
    console.warn("review in place is off:", error);
    return () => {};
  }
  view.querySelector("h1").after(
    el("p", { class: "muted review-keys" }, "Review here: j/k or ↓/↑ move · a accept · r reject · e edit · u undo · o open the article's review"),
    el("p", { class: "review-message", id: "review-message", role: "status" }, ""));
  const keys = { event: "events", quote: "quotes" };
  const items = rows.map((row) => {
    const state = reviews[row.article].review[row.kind][row.item] || { version: 0, status: "machine" };
    row.node.classList.add("review-row", `status-${state.status}`);
    row.node.dataset.article = row.article;
    row.node.dataset.item = row.item;
    row.node.dataset.kind = row.kind;
    row.node.dataset.status = state.status;
    row.node.dataset.version = String(state.version);
    const badge = row.node.querySelector(".review-status");
    if (badge) badge.textContent = STATUS_TEXT[state.status] || state.status;
    return { ...row, version: state.version, status: state.status, refresh: () => load(row.article) };
  });
  const loop = reviewer(view, items, {
    async edit(it) {
      const review = reviews[it.article];
      const find = (analysis) => (analysis ? analysis[keys[it.kind]].find((x) => x.id === it.item) : null);
      const coding = find(review.corrected) || find(review.machine);
      // A form cannot stand between table rows: it goes into a row of its own, spanning the table.
      let anchor = it.node, holder = null;
      if (it.node.tagName === "TR") {
        anchor = el("span", {});
        holder = el("tr", { class: "review-edit-row" }, el("td", { colspan: String(it.node.children.length) }, anchor));
        it.node.after(holder);
      }
      try {
        return it.kind === "event" ? await eventEditor(vocab, review.corrected, coding, anchor) : await quoteEditor(review.corrected, coding, anchor);
      } finally {
        if (holder) holder.remove();
      }
    },
    open(it) { location.hash = page(`review/article/${it.article}`, { [it.kind]: it.item }); },
  });
  return () => loop.start();
}
