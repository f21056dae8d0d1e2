import { overlayId } from "./error-overlay.js";
import { eventsUrl } from "./inject-client.js";

/**
 * The browser side of live reload, served at `/__newsdeck/client.js` and loaded by a tag the
 * dev server adds to HTML responses. It listens to Server-Sent Events:
 *
 * - `hello` on every (re)connect: reload when the server restarted, and catch up on the builds
 *   missed while disconnected (hidden tabs disconnect: see the connection limit below);
 * - `built` after a good build: reload only when this page (or a file it uses) changed, swap
 *   renamed stylesheets in place, and remove the error overlay;
 * - `failed` after a failed build: show the overlay the server rendered (already escaped).
 */
export const liveReloadClient = `(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || typeof EventSource === "undefined") return;
  const session = script.dataset.session;
  let generation = Number(script.dataset.generation);
  const notFound = script.dataset.status === "404";
  const pathOf = (url) => {
    try {
      const parsed = new URL(url, location.href);
      if (parsed.origin !== location.origin) return null;
      let pathname = parsed.pathname;
      try { pathname = decodeURI(pathname); } catch {}
      return pathname.replace(/\\/index\\.html?$/, "/");
    } catch {
      return null;
    }
  };
  const here = pathOf(location.href);
  // Which build the page reflects, for people and tests looking at the DOM.
  const mark = () => document.documentElement.setAttribute("data-newsdeck-build", String(generation));
  mark();
  const removeOverlay = () => document.getElementById(${JSON.stringify(overlayId)})?.remove();
  const showOverlay = (html) => {
    removeOverlay();
    document.body.insertAdjacentHTML("beforeend", html);
  };
  const reload = (why) => {
    console.info("[newsdeck] reloading: " + why);
    location.reload();
    return true;
  };
  const usedFiles = () => {
    const used = new Set();
    for (const entry of performance.getEntriesByType("resource")) used.add(pathOf(entry.name));
    // What the page renders with; links to feeds or other pages do not count.
    const selector = "[src], [srcset], link[href][rel~=icon], link[href][rel~=preload], link[href][rel~=stylesheet]";
    for (const element of document.querySelectorAll(selector)) {
      if (element.currentSrc) used.add(pathOf(element.currentSrc));
      if (element.getAttribute("src")) used.add(pathOf(element.getAttribute("src")));
      if (element.getAttribute("href")) used.add(pathOf(element.getAttribute("href")));
      for (const candidate of (element.getAttribute("srcset") || "").split(",")) {
        const url = candidate.trim().split(/\\s+/)[0];
        if (url) used.add(pathOf(url));
      }
    }
    return used;
  };
  const swapStylesheets = (renamed, changed) => {
    let swapped = 0;
    for (const link of document.querySelectorAll('link[rel~="stylesheet"][href]')) {
      const current = pathOf(link.href);
      const next = renamed[current] || (changed.includes(current) ? current + "?v=" + generation : null);
      if (!next) continue;
      const copy = link.cloneNode();
      copy.href = next;
      copy.onload = copy.onerror = () => link.remove();
      link.after(copy);
      swapped++;
    }
    if (swapped > 0) console.info("[newsdeck] stylesheets updated without a reload");
  };
  // Returns true when it reloads the page.
  const apply = (change) => {
    generation = change.generation;
    mark();
    removeOverlay();
    if (change.pages.includes(here)) return reload("this page changed");
    if (notFound && change.pages.includes("/404.html")) return reload("the 404 page changed");
    const used = usedFiles();
    const files = change.assets.filter((url) => used.has(url) && !url.endsWith(".css"));
    if (files.length > 0) return reload(files.join(", ") + " changed");
    swapStylesheets(change.stylesheets, change.assets);
    return false;
  };
  let source = null;
  const connect = () => {
    if (source) return;
    source = new EventSource(${JSON.stringify(eventsUrl)} + "?since=" + generation);
    source.addEventListener("hello", (event) => {
      const state = JSON.parse(event.data);
      if (state.session !== session) return reload("the dev server restarted");
      if (state.missed === null) return reload("the site was rebuilt many times while away");
      for (const change of state.missed) {
        if (change.generation > generation && apply(change)) return;
      }
      if (state.overlay) showOverlay(state.overlay);
    });
    source.addEventListener("built", (event) => apply(JSON.parse(event.data)));
    source.addEventListener("failed", (event) => showOverlay(JSON.parse(event.data).overlay));
  };
  // Browsers allow about six connections per host over HTTP/1.1 and every open stream holds
  // one: hidden tabs let go of theirs and catch up on what they missed when shown again.
  const disconnect = () => {
    source?.close();
    source = null;
  };
  document.addEventListener("visibilitychange", () => (document.hidden ? disconnect() : connect()));
  if (!document.hidden) connect();
})();
`;
