import path from "node:path";
import type { BodyInfo } from "../cache/body-info.js";
import type { BuildState } from "../cache/build-state.js";
import type { DiagnosticCode } from "../errors/catalog.js";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import type { LinkSource } from "./finish-outputs.js";
import { type CardUse, cardKeys, trackCards } from "./track-cards.js";
import { type ImageUse, imagesShown, trackImages } from "./track-images.js";

/** A source with a body (article, static page, bio) as it was and is in the build. */
export interface BodyUser {
  /** `a:<id>`, `p:<file>` or `b:<file>`. */
  readonly user: string;
  /** Its path relative to the site root. */
  readonly file: string;
  /** Its body and front-matter images when it was in the previous build, and now. */
  readonly before?:
    | { readonly bodyKey: string; readonly images: readonly (string | undefined)[] }
    | undefined;
  readonly after?:
    | { readonly bodyKey: string; readonly images: readonly (string | undefined)[] }
    | undefined;
}

/** What the bodies of changed sources change besides their own pages. */
export interface BodyTracking {
  /** Every body's messages in the build (kept per file in the state, reported every build). */
  readonly notes: readonly Diagnostic[];
  /** Bodies whose internal links changed. */
  readonly links: readonly LinkSource[];
  /** Image sources to publish: newly shown, or shown and changed. */
  readonly images: ReadonlySet<string>;
  /** Image sources no page shows any more: their published files go. */
  readonly droppedImages: ReadonlySet<string>;
}

/**
 * Keeps the state's per-body bookkeeping in step with the sources that changed: the messages
 * their bodies carry (reported by every build, rendered or not), the links they hold (checked
 * when their targets come or go), the images they show (published while shown) and the stories
 * their related cards name (their pages render again when those change). With
 * `rebuild`, all of it is made anew from `users` (every source in the build).
 */
export function trackBodies(input: {
  readonly root: string;
  readonly state: BuildState;
  readonly users: readonly BodyUser[];
  readonly rebuild: boolean;
  /** Image sources whose bytes changed. */
  readonly changedImages: ReadonlySet<string>;
}): BodyTracking {
  const { state, users } = input;
  const bodies = state.tables.bodies;
  const notes = state.tables.notes;
  if (input.rebuild) {
    for (const key of [...notes.keysAfter("body:")])
      if (key.startsWith("body:")) notes.set(key, undefined);
    for (const key of [...state.tables.links.keys()]) state.tables.links.set(key, undefined);
    for (const key of [...notes.keysAfter("links:")])
      if (key.startsWith("links:")) notes.set(key, undefined);
  }
  const links: LinkSource[] = [];
  const uses: ImageUse[] = [];
  const cards: CardUse[] = [];
  const info = (key: string | undefined): BodyInfo | undefined =>
    key === undefined ? undefined : bodies.get(key);
  for (const source of users) {
    const before = input.rebuild ? undefined : source.before;
    const beforeInfo = info(before?.bodyKey);
    const afterInfo = info(source.after?.bodyKey);
    notes.set(
      `body:${source.file}`,
      afterInfo && afterInfo.messages.length > 0 ? messages(source.file, afterInfo) : undefined,
    );
    if (before?.bodyKey !== source.after?.bodyKey || input.rebuild)
      links.push({
        file: source.file,
        before: beforeInfo?.links ?? [],
        after: afterInfo?.links ?? [],
      });
    const absPath = path.join(input.root, source.file);
    uses.push({
      user: source.user,
      before: before ? imagesShown(input.root, absPath, before.images, beforeInfo) : [],
      after: source.after ? imagesShown(input.root, absPath, source.after.images, afterInfo) : [],
    });
    cards.push({ user: source.user, before: cardKeys(beforeInfo), after: cardKeys(afterInfo) });
  }
  trackCards(state.tables.cards, cards, input.rebuild);
  const tracked = trackImages(state, uses, input.rebuild);
  const images = new Set(tracked.added);
  for (const file of input.changedImages) if (state.tables.imageUsers.has(file)) images.add(file);
  const replayed: Diagnostic[] = [];
  for (const key of notes.keysAfter("body:")) {
    if (!key.startsWith("body:")) break;
    replayed.push(...(notes.get(key) ?? []));
  }
  return { notes: replayed, links, images, droppedImages: tracked.dropped };
}

function messages(file: string, info: BodyInfo): Diagnostic[] {
  return info.messages.map((message) =>
    createDiagnostic(message.code as DiagnosticCode, message.message, {
      file,
      line: message.line,
      column: message.column,
      hint: message.hint,
      phase: "markdown",
    }),
  );
}
