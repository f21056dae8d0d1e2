/** What an `::embed` shows: the frame it loads on request and the link that stands in for it. */
export interface EmbedTarget {
  /**
   * The URL the frame loads once the reader asks: https, on a host of `embeds.allow` (a YouTube
   * or Vimeo player starts playing, since the reader has just asked for it).
   */
  readonly src: string;
  /** Where the plain link goes (the video's or post's own page): what readers without script get. */
  readonly link: string;
  /** The frame's host, as `embeds.allow` names it. */
  readonly host: string;
  /** Who serves it, for the facade's text: `YouTube`, `Vimeo` or the host. */
  readonly provider: string;
}

/** Why a URL cannot be embedded, and what to do. */
export interface EmbedProblem {
  readonly problem: string;
  readonly hint: string;
}

const youtubeHosts = new Set([
  "youtube.com",
  "www.youtube.com",
  "m.youtube.com",
  "youtu.be",
  "youtube-nocookie.com",
  "www.youtube-nocookie.com",
]);
const vimeoHosts = new Set(["vimeo.com", "www.vimeo.com", "player.vimeo.com"]);
const youtubeId = /^[A-Za-z0-9_-]{11}$/;

/**
 * Turns the URL a writer pastes into what an embed loads. A YouTube or Vimeo page URL (a watch
 * page, `youtu.be`, shorts, a playlist, `vimeo.com/123`) becomes the provider's player URL; any other URL is
 * framed as it is. Only https URLs without credentials, whose frame host is exactly one of
 * `allow` (config `embeds.allow`), are accepted: a `javascript:` or `data:` URL, an http URL or
 * a host the site has not allowed is a problem, never a frame.
 */
export function embedTarget(value: string, allow: readonly string[]): EmbedTarget | EmbedProblem {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return {
      problem: `"${value}" is not a URL`,
      hint: "write the full address, e.g. https://www.youtube.com/watch?v=...",
    };
  }
  if (url.protocol !== "https:") {
    return {
      problem: `only https URLs can be embedded, not "${url.protocol}" ones`,
      hint: "use the https address of the video or post",
    };
  }
  if (url.username || url.password) {
    return { problem: "the URL carries a user name or password", hint: "remove them from the URL" };
  }
  const target = providerTarget(url, allow) ?? {
    src: url.href,
    link: url.href,
    host: url.host,
    provider: url.host,
  };
  if ("problem" in target) return target;
  const allowed = new Set(allow.map((host) => host.trim().toLowerCase()));
  if (!allowed.has(target.host)) {
    return {
      problem: `${target.host} is not a host the site allows embeds from (embeds.allow)`,
      hint: `add "${target.host}" to embeds.allow in the config, or link to the page instead`,
    };
  }
  return target;
}

/** The player of a YouTube or Vimeo URL; undefined for other hosts. */
function providerTarget(
  url: URL,
  allow: readonly string[],
): EmbedTarget | EmbedProblem | undefined {
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split("/").filter(Boolean);
  if (youtubeHosts.has(host)) {
    const player = allow.includes("www.youtube-nocookie.com")
      ? "www.youtube-nocookie.com"
      : "www.youtube.com";
    // A playlist's page, or its player (`embed/videoseries`, whose name would pass for an id).
    const list = url.searchParams.get("list");
    if (segments[0] === "playlist" || (segments[0] === "embed" && segments[1] === "videoseries")) {
      if (!list || !/^[\w-]{2,64}$/.test(list)) {
        return {
          problem: `no YouTube playlist id in "${url.href}"`,
          hint: "copy the address of the playlist's page, e.g. https://www.youtube.com/playlist?list=...",
        };
      }
      return {
        src: `https://${player}/embed/videoseries?list=${list}&autoplay=1`,
        link: `https://www.youtube.com/playlist?list=${list}`,
        host: player,
        provider: "YouTube",
      };
    }
    const id =
      host === "youtu.be"
        ? segments[0]
        : segments[0] === "watch" || segments.length === 0
          ? (url.searchParams.get("v") ?? undefined)
          : ["embed", "shorts", "live", "v"].includes(segments[0] ?? "")
            ? segments[1]
            : undefined;
    if (!id || !youtubeId.test(id)) {
      return {
        problem: `no YouTube video id in "${url.href}"`,
        hint: "copy the address of the video's page, e.g. https://www.youtube.com/watch?v=...",
      };
    }
    const start = /^\d+$/.exec(url.searchParams.get("t") ?? url.searchParams.get("start") ?? "");
    return {
      src: `https://${player}/embed/${id}?autoplay=1${start ? `&start=${start[0]}` : ""}`,
      link: `https://www.youtube.com/watch?v=${id}${start ? `&t=${start[0]}` : ""}`,
      host: player,
      provider: "YouTube",
    };
  }
  if (vimeoHosts.has(host)) {
    const at = host === "player.vimeo.com" ? (segments[0] === "video" ? 1 : -1) : 0;
    const id = at === -1 ? undefined : segments[at];
    if (!id || !/^\d+$/.test(id)) {
      return {
        problem: `no Vimeo video number in "${url.href}"`,
        hint: "copy the address of the video's page, e.g. https://vimeo.com/123456789",
      };
    }
    // An unlisted video's page carries its key as a second segment; the player wants it as `h`.
    const key = segments[at + 1] ?? url.searchParams.get("h") ?? undefined;
    const hash = key && /^[0-9a-f]+$/i.test(key) ? key : undefined;
    return {
      src: `https://player.vimeo.com/video/${id}?autoplay=1${hash ? `&h=${hash}` : ""}`,
      link: `https://vimeo.com/${id}${hash ? `/${hash}` : ""}`,
      host: "player.vimeo.com",
      provider: "Vimeo",
    };
  }
  return undefined;
}
