// Click-to-load embeds (the ::embed story block). The page holds a link to the video's or
// post's own page; a plain click swaps it for the player, and only then does the browser
// contact the embed's host. Without this script (or in a feed reader) the link just works.
const sandbox = "allow-scripts allow-same-origin allow-popups allow-presentation";
const permissions = "autoplay; encrypted-media; fullscreen; picture-in-picture";

for (const box of document.querySelectorAll("figure.embed[data-embed-src]")) {
  const link = box.querySelector("a.embed__link");
  if (!link) continue;
  link.addEventListener("click", (event) => {
    // A click that asks for a new tab or window keeps doing that.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    const src = new URL(box.dataset.embedSrc, document.baseURI);
    if (src.protocol !== "https:") return;
    event.preventDefault();
    const frame = document.createElement("iframe");
    frame.className = "embed__frame";
    frame.title = box.dataset.embedTitle || "Embedded content";
    frame.setAttribute("sandbox", sandbox);
    frame.allow = permissions;
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.src = src.href;
    link.replaceWith(frame);
    frame.focus();
  });
}
