/**
 * The browser globals that in-page callbacks (`page.evaluate(() => ...)`) use, typed.
 *
 * The project compiles without the DOM lib (src/ is Node code, and `/// <reference lib="dom">`
 * would give every file DOM globals whose timers clash with Node's). So a browser test declares
 * `declare const window: PageWindow;` for its own module and reaches everything through
 * `window`; at run time the callback is serialised and `window` is the page's.
 */
export interface PageWindow {
  readonly document: PageDocument;
  readonly innerWidth: number;
  readonly scrollY: number;
  scrollTo(x: number, y: number): void;
  getComputedStyle(element: PageElement, pseudoElement?: string): PageStyle;
}

export interface PageDocument {
  readonly body: PageElement;
  readonly documentElement: PageElement;
  readonly scrollingElement: PageElement | null;
  readonly activeElement: PageElement | null;
  readonly images: ArrayLike<PageImage>;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

export interface PageElement {
  readonly id: string;
  readonly scrollWidth: number;
  closest(selector: string): PageElement | null;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): {
    readonly top: number;
    readonly width: number;
    readonly height: number;
  };
}

export interface PageImage extends PageElement {
  readonly complete: boolean;
  readonly naturalWidth: number;
  readonly currentSrc: string;
  readonly src: string;
}

/** The computed style properties the tests read. */
export type PageStyle = Readonly<
  Record<
    | "animationName"
    | "backgroundColor"
    | "borderLeftColor"
    | "borderLeftWidth"
    | "borderTopColor"
    | "borderTopWidth"
    | "content"
    | "fontSize"
    | "lineHeight"
    | "outlineStyle"
    | "outlineWidth"
    | "scrollBehavior"
    | "transitionDuration",
    string
  >
>;
