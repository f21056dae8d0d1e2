// The search page of the default theme: Pagefind's bundles under /pagefind/, one per day of the
// last three days' stories and one per month of older stories, plus the static pages' (the
// primary, which carries Pagefind's code), merged here.
// Loaded by layouts/search.eta only: no other page downloads any of it.

const pageSize = 10;

const form = document.querySelector("[data-search-form]");
if (form instanceof HTMLFormElement) start(form);

/** Wires the form: without this script it is hidden, or it submits to the fallback engine. */
function start(form) {
  const input = form.querySelector("input[type=search]");
  const status = document.querySelector("[data-search-status]");
  const list = document.querySelector("[data-search-results]");
  const more = document.querySelector("[data-search-more]");
  const sort = form.querySelector("[data-sort]");
  const filters = [...form.querySelectorAll("[data-filter]")];
  const bundle = form.dataset.bundle ?? "/pagefind/";
  const excerptLength = Number(form.dataset.excerptLength) || 30;
  for (const hidden of form.querySelectorAll("[data-fallback-only]")) hidden.remove();
  for (const part of form.querySelectorAll("[data-script-only]")) part.hidden = false;
  form.hidden = false;

  let engine;
  let generation = 0;
  let pending = [];
  let timer;

  const params = new URLSearchParams(location.search);
  input.value = params.get("q") ?? "";
  if (params.get("sort") === "relevance") sort.value = "relevance";
  for (const select of filters) {
    const value = params.get(select.dataset.filter);
    if (value && [...select.options].some((option) => option.value === value)) select.value = value;
  }

  const say = (text) => {
    // The same words again (a second empty search) are announced again.
    if (status.textContent === text) status.textContent = "";
    requestAnimationFrame(() => {
      status.textContent = text;
    });
  };

  const chosenFilters = () => {
    const chosen = {};
    for (const select of filters) if (select.value) chosen[select.dataset.filter] = select.value;
    return chosen;
  };

  const remember = (query) => {
    const next = new URLSearchParams();
    if (query) next.set("q", query);
    if (sort.value === "relevance") next.set("sort", "relevance");
    for (const [name, value] of Object.entries(chosenFilters())) next.set(name, value);
    const search = next.toString();
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
  };

  const run = async () => {
    clearTimeout(timer);
    const mine = ++generation;
    const query = input.value.trim();
    remember(query);
    if (!query) {
      pending = [];
      list.replaceChildren();
      more.hidden = true;
      say("Type a word or two to search the stories.");
      return;
    }
    try {
      engine ??= loadEngine(bundle, excerptLength);
      const { pagefind, order } = await engine;
      const options = { filters: chosenFilters() };
      if (sort.value === "date") options.sort = { date: "desc" };
      const response = await pagefind.search(query, options);
      if (mine !== generation) return;
      pending = sort.value === "date" ? order(response.results) : response.results;
      const total = pending.length;
      list.replaceChildren();
      await showMore(mine);
      const narrowed = Object.keys(options.filters).length > 0 ? " with these filters" : "";
      say(
        total === 0
          ? `No results for “${query}”${narrowed}.`
          : `${total} ${total === 1 ? "result" : "results"} for “${query}”${narrowed}, ${sort.value === "date" ? "newest first" : "most relevant first"}.`,
      );
    } catch (error) {
      engine = undefined;
      if (mine !== generation) return;
      list.replaceChildren();
      more.hidden = true;
      say("Search is not available right now. Please try again later.");
      console.warn(error);
    }
  };

  const showMore = async (mine) => {
    const batch = pending.splice(0, pageSize);
    const data = await Promise.all(batch.map((result) => result.data()));
    if (mine !== generation) return undefined;
    // Each bundle's sentinel (see src/search/index-bucket.ts) has no kind: it is no result.
    const items = data.filter((result) => result.meta?.kind).map(resultItem);
    list.append(...items);
    more.hidden = pending.length === 0;
    return items[0];
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  });
  for (const select of [...filters, sort]) select.addEventListener("change", run);
  more.addEventListener("click", async () => {
    const first = await showMore(generation);
    // Keyboard users continue from the first new result, not from the button that moved away.
    first?.querySelector(".search-result__title a")?.focus();
  });

  if (input.value.trim()) run();
}

/**
 * Loads Pagefind and merges every bucket into it. With a sort, Pagefind scores a result by its
 * position in its own bucket's sort order (from 1: position 0 is each bucket's empty sentinel),
 * multiplied by the bucket's weight. The weights 1 + b·δ keep relevance scores as they are (δ is
 * tiny) and let `order` tell each result's bucket b and position apart, so newest-first results
 * run bucket by bucket (the last days, then the months), newest first, static pages last.
 */
async function loadEngine(bundle, excerptLength) {
  const [pagefind, list] = await Promise.all([
    import(`${bundle}pagefind.js`),
    fetch(`${bundle}newsdeck-buckets.json`).then((response) => {
      if (!response.ok) throw new Error(`${response.status} ${response.url}`);
      return response.json();
    }),
  ]);
  const buckets = list.buckets;
  const largest = Math.max(...buckets.map((bucket) => bucket.pages));
  const delta = 1 / (2 * (largest + 1) * (buckets.length + 1));
  await pagefind.options({
    basePath: bundle,
    baseUrl: "/",
    excerptLength,
    metaCacheTag: buckets[0].tag,
  });
  await pagefind.init();
  await Promise.all(
    buckets.slice(1).map((bucket, index) =>
      pagefind.mergeIndex(`${bundle}${bucket.path}`, {
        baseUrl: "/",
        excerptLength,
        indexWeight: 1 + (index + 1) * delta,
        metaCacheTag: bucket.tag,
      }),
    ),
  );
  const rank = (b) => (b === 0 ? buckets.length : b);
  const order = (results) =>
    results
      .map((result) => {
        const position = Math.floor(result.score);
        const bucket =
          position > 0 ? Math.round((result.score - position) / (position * delta)) : 0;
        return { result, position, bucket };
      })
      .sort((a, b) => rank(a.bucket) - rank(b.bucket) || b.position - a.position)
      .map(({ result }) => result);
  return { pagefind, order };
}

/** One result: thumbnail, section and date, headline, summary, and the words around the match. */
function resultItem(data) {
  const meta = data.meta ?? {};
  const item = element("li", "search-result");
  if (meta.image) {
    const image = element("img", "search-result__thumb");
    image.src = meta.image;
    image.alt = "";
    image.loading = "lazy";
    image.decoding = "async";
    if (meta.image_width) image.width = Number(meta.image_width);
    if (meta.image_height) image.height = Number(meta.image_height);
    item.append(image);
  }
  const text = element("div", "search-result__text");
  const label = element("p", "search-result__label");
  if (meta.section && meta.section_url) {
    const section = element("a");
    section.href = meta.section_url;
    section.textContent = meta.section;
    label.append(section);
  } else if (meta.kind === "page") {
    label.append("Page");
  }
  if (meta.date) {
    const time = element("time");
    time.dateTime = meta.date;
    time.textContent = meta.date_label ?? meta.date.slice(0, 10);
    label.append(label.childNodes.length > 0 ? " · " : "", time);
  }
  if (label.childNodes.length > 0) text.append(label);
  const title = element("h2", "search-result__title");
  const link = element("a");
  link.href = data.url;
  link.textContent = meta.title ?? data.url;
  title.append(link);
  text.append(title);
  if (meta.summary) {
    const summary = element("p", "search-result__summary");
    summary.textContent = meta.summary;
    text.append(summary);
  }
  if (data.excerpt) {
    const excerpt = element("p", "search-result__excerpt");
    appendExcerpt(excerpt, data.excerpt);
    text.append(excerpt);
  }
  item.append(text);
  return item;
}

/**
 * Pagefind's excerpt is text with `<`, `>` escaped and the matched words in `<mark>`: built here
 * as text nodes and mark elements, never parsed as HTML.
 */
function appendExcerpt(parent, excerpt) {
  let marked = false;
  for (const part of excerpt.split(/(<\/?mark>)/)) {
    if (part === "<mark>" || part === "</mark>") {
      marked = part === "<mark>";
      continue;
    }
    const text = part.replace(/&(lt|gt|quot|#39|#x27);/g, (_, name) => references[name]);
    if (!text) continue;
    if (marked) {
      const mark = element("mark");
      mark.textContent = text;
      parent.append(mark);
    } else {
      parent.append(text);
    }
  }
}

const references = { lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" };

function element(name, className) {
  const node = document.createElement(name);
  if (className) node.className = className;
  return node;
}
