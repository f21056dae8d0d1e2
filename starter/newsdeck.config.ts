// The site's settings. Every key is optional and has a default; a key Newsdeck does not know is
// an error that names it. Every setting: node_modules/newsdeck/README.md, section "Config".
import { defineConfig } from "newsdeck";

export default defineConfig({
  site: {
    title: "{{title}}",
    // Where the site is served: feeds, sitemaps, canonical and share links use it.
    url: "{{url}}",
    // <html lang>, and the language dates are written in.
    language: "{{language}}",
    // Dates on pages and in article URLs are in this time zone.
    timezone: "{{timezone}}",
    // Under the site's name in search results and link previews.
    description: "",
    // A file under public/: the publisher logo in search engines' structured data.
    // logo: "/images/logo.png",
  },

  // The sections a story may name (`section: news`), with their titles. A story whose section
  // is not listed here is an error, so a typo cannot open a new section.
  sections: {
    news: { title: "News", description: "What happened today, reported by our newsroom." },
    opinion: {
      title: "Opinion",
      description: "Arguments and analysis. The views are the writers' own.",
    },
  },

  // Notices attached to topics: every story tagged with one of `tags` shows the partial
  // templates/partials/disclaimers/<partial>.eta, and `comments` overrides the story's own
  // setting. See templates/README.md for writing the partial.
  // disclaimers: [{ tags: ["Elections"], partial: "election-rules", comments: "disabled" }],

  // The call to support the newsroom, at the end of every story (`donate: false` in a story's
  // front matter hides it there). Delete this block to show it nowhere.
  donate: {
    url: "{{url}}/support/",
    label: "Support {{title}}",
    text: "Our journalism is free to read. If you can afford it, a small monthly contribution keeps it that way.",
    // paymentOptionsUrl: "{{url}}/support/#other-ways",
  },

  // Comments: open, closed or disabled unless a story says otherwise, and the policy shown
  // under open comments.
  comments: {
    default: "open",
    policy: "Comments are read by an editor before they appear. Be civil, stay on the story.",
  },

  // Stories per listing page (sections, topics, authors).
  pagination: { perPage: 20 },

  // Hosts whose <iframe> embeds stories may use; any other iframe is removed.
  // embeds: { allow: ["www.youtube.com", "player.vimeo.com"] },
});
