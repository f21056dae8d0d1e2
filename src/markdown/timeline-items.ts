import type { Element, ElementContent, Text } from "hast";
import { toHtml } from "hast-util-to-html";
import type { VFile } from "vfile";
import type { TimelineItem } from "./remark-directives.js";

/**
 * An entry's date at the start of its text: a year, a month, a day, or a day and a time
 * (`2026-05-26 09:30`), then a colon or a dash and a space.
 */
const datePrefix =
  /^\s*(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[ T](\d{2}):(\d{2}))?)?)?\s*(?::|[-\u2013\u2014])\s+/;

/**
 * Reads a `:::timeline`'s content: one list, each item starting with its ISO date
 * (`- 2026-05-26: The hospital's systems go dark.`). The date leaves the item's text and becomes
 * the entry's `date`; the rest is the entry's HTML. A timeline that holds anything besides one
 * list, or an item without a valid date, is reported where it is.
 */
export function timelineItems(children: readonly ElementContent[], file: VFile): TimelineItem[] {
  const blocks = children.filter((child) => !(child.type === "text" && child.value.trim() === ""));
  const list = blocks[0];
  if (
    blocks.length !== 1 ||
    list?.type !== "element" ||
    (list.tagName !== "ul" && list.tagName !== "ol")
  ) {
    const stray = blocks.find(
      (child) => child.type !== "element" || (child.tagName !== "ul" && child.tagName !== "ol"),
    );
    const message = file.message(
      "a timeline holds one list of dated entries and nothing else",
      stray?.position ?? list?.position,
      "newsdeck:DirectiveInvalid",
    );
    message.note =
      "write each entry as a list item starting with its date: - 2026-05-26: What happened";
    return [];
  }
  const items: TimelineItem[] = [];
  for (const item of list.children) {
    if (item.type !== "element" || item.tagName !== "li") continue;
    const text = firstText(item);
    const match = text ? datePrefix.exec(text.value) : null;
    const date = match && isoDate(match);
    if (!text || !match || !date) {
      const message = file.message(
        "a timeline entry does not start with its date",
        item.position,
        "newsdeck:DirectiveInvalid",
      );
      message.note =
        "start it with an ISO date and a colon: 2026-05-26: ..., 2026-05: ..., or 2026-05-26 09:30: ...";
      continue;
    }
    text.value = text.value.slice(match[0].length);
    items.push({ date, html: toHtml(item.children).trim() });
  }
  return items;
}

/** The first text of an entry: its own, or its first paragraph's (a loose list). */
function firstText(item: Element): Text | undefined {
  let node: ElementContent | undefined = item.children.find(
    (child) => !(child.type === "text" && child.value.trim() === ""),
  );
  if (node?.type === "element" && node.tagName === "p") node = node.children[0];
  return node?.type === "text" ? node : undefined;
}

/** The matched date in ISO form, or undefined when it names no real day or time. */
function isoDate(match: RegExpExecArray): string | undefined {
  const [, year, month, day, hour, minute] = match;
  if (month && (Number(month) < 1 || Number(month) > 12)) return undefined;
  if (day) {
    const probe = new Date(`${year}-${month}-${day}T00:00:00Z`);
    if (Number.isNaN(probe.getTime()) || probe.getUTCDate() !== Number(day)) return undefined;
  }
  if (hour && (Number(hour) > 23 || Number(minute) > 59)) return undefined;
  return `${year}${month ? `-${month}` : ""}${day ? `-${day}` : ""}${hour ? `T${hour}:${minute}` : ""}`;
}
