/**
 * Markdown bodies that try to run script, load active content or hijack the page, written in
 * the style of public sanitizer test suites (DOMPurify's fixtures, html5sec.org, the OWASP
 * filter evasion cheat sheet). Data only: `sanitize.test.ts` runs each one through the real
 * processor and checks the output's parsed tree. Payloads call `alert(1)`; hosts are
 * `evil.example`; the allowed embed hosts in the test are www.youtube.com and player.vimeo.com.
 */
export interface XssVector {
  /** What the vector tries, as a phrase that reads well in a test name. */
  readonly name: string;
  readonly markdown: string;
}

const base64Script = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==";

export const xssVectors: readonly XssVector[] = [
  // Script and style elements.
  { name: "a script element", markdown: "<script>alert(1)</script>" },
  {
    name: "an upper-case script element with a remote src",
    markdown: "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
  },
  { name: "a script tag split around another one", markdown: "<scr<script>ipt>alert(1)</script>" },
  {
    name: "a script element inside a paragraph",
    markdown: "Hello <script>alert(1)</script> world",
  },
  {
    name: "a style element with @import",
    markdown: '<style>@import "https://evil.example/x.css";</style>',
  },
  {
    name: "a style element with a javascript: background",
    markdown: '<style>body { background: url("javascript:alert(1)") }</style>',
  },
  {
    name: "a stylesheet link",
    markdown: '<link rel="stylesheet" href="https://evil.example/x.css">',
  },
  {
    name: "an HTML import link with a data: URL",
    markdown: '<link rel="import" href="data:text/html,<script>alert(1)</script>">',
  },

  // Event handlers.
  { name: "an img with onerror", markdown: "<img src=x onerror=alert(1)>" },
  { name: "an img with slashes for spaces", markdown: "<img/src=x/onerror=alert(1)>" },
  { name: "an img with no space before onerror", markdown: '<img src="x"onerror="alert(1)">' },
  { name: "backtick-quoted attributes", markdown: "<img src=`x` onerror=`alert(1)`>" },
  {
    name: "an img whose onerror evaluates its own src",
    markdown: "<img src=x:alert(alt) onerror=eval(src) alt=0>",
  },
  {
    name: "details with open and ontoggle",
    markdown: "<details open ontoggle=alert(1)><summary>x</summary></details>",
  },
  {
    name: "a link with onclick",
    markdown: '<a href="https://example.com/" onclick="alert(1)">x</a>',
  },
  {
    name: "a duplicated onmouseover",
    markdown: '<div onmouseover="alert(1)" onmouseover="alert(2)">x</div>',
  },
  { name: "an autofocused input with onfocus", markdown: "<input autofocus onfocus=alert(1)>" },
  {
    name: "a select with onfocus",
    markdown: "<select autofocus onfocus=alert(1)><option>x</option></select>",
  },
  { name: "a marquee with onstart", markdown: "<marquee onstart=alert(1)>x</marquee>" },
  { name: "a video source with onerror", markdown: "<video><source onerror=alert(1)></video>" },
  { name: "an audio element with onerror", markdown: "<audio src=x onerror=alert(1)></audio>" },
  { name: "a body with onload", markdown: "<body onload=alert(1)>x</body>" },
  {
    name: "a custom element with an event handler",
    markdown: "<x-widget onclick=alert(1)>x</x-widget>",
  },
  {
    name: "an event handler in a GFM table cell",
    markdown: "| a |\n| --- |\n| <img src=x onerror=alert(1)> |",
  },
  { name: "an event handler in a heading", markdown: "# <img src=x onerror=alert(1)> Title" },

  // SVG and MathML, including namespace confusion (mutation XSS).
  { name: "svg with onload", markdown: "<svg onload=alert(1)>" },
  { name: "an unclosed svg with onload", markdown: "<svg/onload=alert(1)" },
  { name: "a script inside svg", markdown: "<svg><script>alert(1)</script></svg>" },
  {
    name: "an entity-encoded script inside svg",
    markdown: "<svg><script>alert&#40;1&#41;</script></svg>",
  },
  {
    name: "an svg link with xlink:href",
    markdown: '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>',
  },
  {
    name: "svg animate setting href to javascript:",
    markdown:
      '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text x="0" y="20">x</text></a></svg>',
  },
  {
    name: "svg set setting href to javascript:",
    markdown:
      '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
  },
  {
    name: "svg use pointing at a data: document",
    markdown: `<svg><use href="data:image/svg+xml;base64,${base64Script}#x"/></svg>`,
  },
  {
    name: "an img inside svg foreignObject",
    markdown: "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>",
  },
  {
    name: "svg style whose content is markup",
    markdown: "<svg><style><img src=x onerror=alert(1)></style></svg>",
  },
  {
    name: "a paragraph end tag breaking out of svg before a style",
    markdown: '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  },
  {
    name: "MathML with xlink:href",
    markdown: '<math><mi xlink:href="javascript:alert(1)">click</mi></math>',
  },
  {
    name: "mtext, table and mglyph namespace confusion",
    markdown: "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  },
  {
    name: "mglyph namespace confusion with a comment in style",
    markdown:
      '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
  },
  {
    name: "nested forms switching namespaces",
    markdown: "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
  },
  {
    name: "MathML style whose content is markup",
    markdown: "<math><style><img src=x onerror=alert(1)></style></math>",
  },

  // Raw-text elements whose content becomes markup when parsed differently.
  {
    name: "a noscript whose attribute closes it",
    markdown: '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  },
  {
    name: "a noembed whose attribute closes it",
    markdown: '<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>',
  },
  {
    name: "a title whose attribute closes it",
    markdown: '<title><img title="</title><img src=x onerror=alert(1)>"></title>',
  },
  {
    name: "an xmp whose attribute closes it",
    markdown: '<xmp><img title="</xmp><img src=x onerror=alert(1)>"></xmp>',
  },
  {
    name: "a textarea whose attribute closes it",
    markdown: '<textarea><img title="</textarea><img src=x onerror=alert(1)>"></textarea>',
  },
  { name: "a template with an img", markdown: "<template><img src=x onerror=alert(1)></template>" },
  {
    name: "an attribute holding encoded markup",
    markdown: '<p title="&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;">x</p>',
  },

  // Markup Markdown leaves as text inline, but hands to the HTML parser inside an HTML block.
  {
    name: "an img with slashes for spaces in an HTML block",
    markdown: "<div><img/src=x/onerror=alert(1)></div>",
  },
  {
    name: "no space before onerror in an HTML block",
    markdown: '<div><img src="x"onerror="alert(1)"></div>',
  },
  {
    name: "backtick-quoted attributes in an HTML block",
    markdown: "<div><img src=`x` onerror=`alert(1)`></div>",
  },
  { name: "an unclosed svg at the end of an HTML block", markdown: "<div><svg/onload=alert(1)" },
  {
    name: "a tag left open across Markdown blocks",
    markdown: '<div><img src=x title="\n\nfoo" onerror="alert(1)">',
  },
  {
    name: "an attribute left open across blocks around emphasis",
    markdown: '<div><img src="x" alt="\n\n*" onerror=alert(1) x="*',
  },
  {
    name: "a javascript: link left open before a paragraph",
    markdown: '<div><a href="javascript:alert(1)" x="\n\nparagraph',
  },
  {
    name: "an inline tag whose attribute spans lines",
    markdown: 'x <span title="a\nb" onclick="alert(1)">c</span>',
  },

  // Text that must stay text.
  { name: "markup in a code span", markdown: "`<img src=x onerror=alert(1)>`" },
  { name: "entity-encoded markup in text", markdown: "&lt;img src=x onerror=alert(1)&gt;" },
  {
    name: "double-encoded markup in text",
    markdown: "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
  },
  {
    name: "markup in an image alt",
    markdown: "![<img src=x onerror=alert(1)>](https://cdn.example/a.jpg)",
  },
  {
    name: "markup in a link title",
    markdown: '[x](https://example.com/ "<img src=x onerror=alert(1)>")',
  },
  {
    name: "a javascript: anchor nested in a Markdown link",
    markdown: '[<a href="javascript:alert(1)">x</a>](https://example.com/)',
  },

  // Comments, CDATA and unclosed tags.
  { name: "a comment closed early by -->", markdown: "<!--><img src=x onerror=alert(1)>-->" },
  { name: "a comment closed by --!>", markdown: "<!-- --!><img src=x onerror=alert(1)> -->" },
  {
    name: "a comment ending inside an attribute",
    markdown: '<!--<img src="--><img src=x onerror=alert(1)//">',
  },
  { name: "a CDATA section in HTML", markdown: "<![CDATA[><img src=x onerror=alert(1)>]]>" },
  {
    name: "a CDATA section in svg",
    markdown: "<svg><![CDATA[><img src=x onerror=alert(1)//]]></svg>",
  },
  { name: "an unclosed img tag", markdown: "<img src=x onerror=alert(1)//" },
  { name: "an unclosed link tag", markdown: '<a href="javascript:alert(1)" x="' },

  // Link URLs: schemes, letter case, entities, whitespace and control characters.
  { name: "a javascript: link", markdown: '<a href="javascript:alert(1)">x</a>' },
  { name: "a mixed-case JaVaScRiPt: link", markdown: '<a href="JaVaScRiPt:alert(1)">x</a>' },
  {
    name: "a hex-entity jav&#x61;script: link",
    markdown: '<a href="jav&#x61;script:alert(1)">x</a>',
  },
  {
    name: "a decimal-entity &#106;avascript: link",
    markdown: '<a href="&#106;avascript:alert(1)">x</a>',
  },
  {
    name: "a zero-padded entity without semicolon",
    markdown: '<a href="&#0000106avascript:alert(1)">x</a>',
  },
  {
    name: "a fully hex-encoded scheme without semicolons",
    markdown: '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>',
  },
  { name: "a named-entity colon", markdown: '<a href="javascript&colon;alert(1)">x</a>' },
  { name: "a tab inside the scheme", markdown: '<a href="jav\tascript:alert(1)">x</a>' },
  { name: "a newline inside the scheme", markdown: '<a href="jav\nascript:alert(1)">x</a>' },
  {
    name: "an encoded tab inside the scheme",
    markdown: '<a href="jav&#x09;ascript:alert(1)">x</a>',
  },
  {
    name: "&Tab; and &NewLine; inside the scheme",
    markdown: '<a href="java&Tab;scr&NewLine;ipt&colon;alert(1)">x</a>',
  },
  {
    name: "leading spaces and control characters",
    markdown: '<a href=" &#x01;&#x20; javascript:alert(1)">x</a>',
  },
  {
    name: "a line separator before the scheme",
    markdown: '<a href="\u2028javascript:alert(1)">x</a>',
  },
  { name: "a NUL inside the scheme", markdown: '<a href="java\u0000script:alert(1)">x</a>' },
  { name: "a vbscript: link", markdown: '<a href="vbscript:msgbox(1)">x</a>' },
  { name: "an upper-case VBSCRIPT: link", markdown: '<a href="VBSCRIPT:msgbox(1)">x</a>' },
  {
    name: "a data:text/html link",
    markdown: `<a href="data:text/html;base64,${base64Script}">x</a>`,
  },
  {
    name: "an upper-case DATA: link with inline markup",
    markdown: '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
  },
  {
    name: "a javascript: link with a ping",
    markdown: '<a href="javascript:alert(1)" ping="https://evil.example/">x</a>',
  },
  {
    name: "a link opening a new tab without rel",
    markdown: '<a href="https://evil.example/" target="_blank">x</a>',
  },

  // The same in Markdown syntax.
  { name: "a Markdown javascript: link", markdown: "[x](javascript:alert(1))" },
  { name: "a Markdown javascript: link in angle brackets", markdown: "[x](<javascript:alert(1)>)" },
  {
    name: "a Markdown link with an entity-encoded scheme",
    markdown: "[x](&#106;avascript:alert(1))",
  },
  { name: "a Markdown link with an encoded colon", markdown: "[x](javascript&#58;alert(1))" },
  {
    name: "a Markdown link with a backslash-escaped colon",
    markdown: "[x](javascript\\:alert(1))",
  },
  {
    name: "a reference-style javascript: link",
    markdown: "[x][evil]\n\n[evil]: javascript:alert(1)",
  },
  {
    name: "a reference-style mixed-case link with a title",
    markdown: '[x][e]\n\n[e]: <JaVaScRiPt:alert(1)> "title"',
  },
  { name: "a javascript: autolink", markdown: "<javascript:alert(1)>" },
  { name: "a vbscript: autolink", markdown: "<vbscript:msgbox(1)>" },
  { name: "a data: autolink", markdown: `<data:text/html;base64,${base64Script}>` },
  { name: "a Markdown javascript: image", markdown: "![x](javascript:alert(1))" },
  {
    name: "a Markdown data: svg image",
    markdown: `![x](data:image/svg+xml;base64,${base64Script})`,
  },
  {
    name: "a Markdown link title breaking out of its attribute",
    markdown: '[x](https://example.com/ "\\"onmouseover=alert(1) x=\\"")',
  },
  {
    name: "a javascript: link in a footnote",
    markdown: "Claim[^1]\n\n[^1]: [source](javascript:alert(1))",
  },
  {
    name: "a javascript: link inside emphasis inside a list",
    markdown: "- *[x](javascript:alert(1))*",
  },

  // Other URL attributes.
  { name: "an img with a javascript: src", markdown: '<img src="javascript:alert(1)">' },
  {
    name: "an img with dynsrc and lowsrc",
    markdown: '<img dynsrc="javascript:alert(1)" lowsrc="javascript:alert(1)" src="x">',
  },
  {
    name: "an img srcset with javascript:",
    markdown: '<img srcset="javascript:alert(1) 1x" src="x">',
  },
  {
    name: "a picture source whose second srcset URL is javascript:",
    markdown:
      '<picture><source srcset="https://cdn.example/a.jpg 1x, javascript:alert(1) 2x"><img src="x" alt=""></picture>',
  },
  {
    name: "a picture source with a data: srcset",
    markdown: `<picture><source srcset="data:image/svg+xml;base64,${base64Script}"><img src="x" alt=""></picture>`,
  },
  {
    name: "a table with a javascript: background",
    markdown: '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  },
  {
    name: "a blockquote with a javascript: cite",
    markdown: '<blockquote cite="javascript:alert(1)">q</blockquote>',
  },
  { name: "a q with a data: cite", markdown: '<q cite="data:text/html,x">q</q>' },

  // Frames and embeds.
  {
    name: "an iframe with srcdoc",
    markdown: '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  },
  {
    name: "an allowed iframe with an encoded srcdoc",
    markdown:
      '<iframe src="https://www.youtube.com/embed/x" srcdoc="&lt;img src=x onerror=alert(1)&gt;"></iframe>',
  },
  {
    name: "an iframe with a javascript: src",
    markdown: '<iframe src="javascript:alert(1)"></iframe>',
  },
  {
    name: "an iframe with a data: src",
    markdown: '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
  },
  {
    name: "an iframe from a host not allowed",
    markdown: '<iframe src="https://evil.example/embed"></iframe>',
  },
  {
    name: "an http iframe from an allowed host",
    markdown: '<iframe src="http://www.youtube.com/embed/x"></iframe>',
  },
  {
    name: "an iframe from a host ending in an allowed host",
    markdown: '<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>',
  },
  {
    name: "an iframe from a subdomain of an allowed host",
    markdown: '<iframe src="https://evil.www.youtube.com/embed/x"></iframe>',
  },
  {
    name: "an iframe with an allowed host as user name",
    markdown: '<iframe src="https://www.youtube.com@evil.example/embed/x"></iframe>',
  },
  {
    name: "a protocol-relative iframe",
    markdown: '<iframe src="//www.youtube.com/embed/x"></iframe>',
  },
  {
    name: "an iframe with backslashes for slashes",
    markdown: '<iframe src="https:\\\\evil.example\\embed"></iframe>',
  },
  {
    name: "an allowed iframe with onload, a name and extra permissions",
    markdown:
      '<iframe src="https://www.youtube.com/embed/x" onload="alert(1)" name="location" allow="camera; microphone" sandbox="allow-scripts allow-same-origin allow-top-navigation allow-modals"></iframe>',
  },
  {
    name: "markup as fallback content of a dropped iframe",
    markdown: '<iframe src="https://evil.example/"><img src=x onerror=alert(1)></iframe>',
  },
  {
    name: "an object with a javascript: data",
    markdown: '<object data="javascript:alert(1)"></object>',
  },
  {
    name: "an object with a data:text/html document",
    markdown: `<object data="data:text/html;base64,${base64Script}" type="text/html"></object>`,
  },
  { name: "an embed with a javascript: src", markdown: '<embed src="javascript:alert(1)">' },
  {
    name: "an embed with an svg document",
    markdown: `<embed src="data:image/svg+xml;base64,${base64Script}" type="image/svg+xml">`,
  },
  { name: "a frameset", markdown: '<frameset><frame src="javascript:alert(1)"></frameset>' },

  // Document-level hijacks.
  { name: "a base with a javascript: href", markdown: '<base href="javascript:alert(1)//">' },
  { name: "a base pointing at another host", markdown: '<base href="https://evil.example/">' },
  {
    name: "a meta refresh to javascript:",
    markdown: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  },
  {
    name: "a meta refresh to a data: document",
    markdown: `<meta http-equiv="refresh" content="0;url=data:text/html;base64,${base64Script}">`,
  },

  // Forms.
  {
    name: "a form with a javascript: action",
    markdown: '<form action="javascript:alert(1)"><input type="submit" value="go"></form>',
  },
  {
    name: "a button with formaction",
    markdown: '<form><button formaction="javascript:alert(1)">go</button></form>',
  },
  {
    name: "a submit input with formaction",
    markdown: '<input type="submit" formaction="javascript:alert(1)" value="go">',
  },
  {
    name: "an isindex with an action",
    markdown: '<isindex action="javascript:alert(1)" type="image">',
  },
  {
    name: "a task-list lookalike input with formaction",
    markdown: '- <input type="image" src="x" formaction="javascript:alert(1)"> item',
  },

  // CSS in attributes.
  {
    name: "a style attribute with expression()",
    markdown: '<div style="width: expression(alert(1))">x</div>',
  },
  {
    name: "a style attribute with url(javascript:)",
    markdown: '<p style="background:url(javascript:alert(1))">x</p>',
  },
  {
    name: "a style attribute with an entity-encoded url()",
    markdown: '<p style="background:url(&#106;avascript:alert(1))">x</p>',
  },
  {
    name: "a style attribute overlaying the page",
    markdown:
      '<a href="https://evil.example/" style="position:fixed;top:0;left:0;width:100%;height:100%">x</a>',
  },

  // DOM clobbering.
  { name: "an id clobbering __proto__", markdown: '<a id="__proto__">x</a>' },
  {
    name: "an id clobbering location",
    markdown: '<a id="location" href="https://evil.example/">x</a>',
  },
  {
    name: "img names clobbering document methods",
    markdown: '<img src="x" name="createElement"><img src="y" name="getElementById">',
  },
  { name: "an img name clobbering document.cookie", markdown: '<img src="x" name="cookie">' },
  {
    name: "two anchors building window.x.y",
    markdown: '<a id="x"></a><a id="x" name="y" href="https://evil.example/">x</a>',
  },
  {
    name: "a form clobbering its attributes",
    markdown: '<form name="body"><input name="attributes"></form>',
  },
];
