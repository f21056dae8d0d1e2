import { defineConfig } from "newsdeck";

export default defineConfig({
  site: {
    title: "The Daily Ledger",
    url: "https://news.example.org",
    language: "en-ZA",
    timezone: "Africa/Johannesburg",
    description:
      "Independent, reader-funded news from South Africa and beyond: politics, health, business, technology and opinion, checked before it is published.",
    logo: "/images/logo.png",
  },
  sections: {
    newsdeck: {
      title: "Newsdeck",
      description:
        "The fast stream: wire copy and short local reports as they land, updated through the day.",
    },
    politics: {
      title: "Politics",
      description:
        "Parliament, provinces, councils and courts, and what their decisions mean for the people they serve.",
    },
    health: {
      title: "Health",
      description:
        "Clinics, hospitals, public health and the policy behind them, reported with data and care.",
    },
    business: {
      title: "Business",
      description:
        "Markets, jobs, energy and the economy of everyday life, from the central bank to the street market.",
    },
    technology: {
      title: "Technology",
      description:
        "Software, security and the rules that govern them, explained for readers who are not engineers.",
    },
    opinion: {
      title: "Opinion",
      description:
        "Arguments, analysis and letters. The views are the writers' own, not those of The Daily Ledger.",
    },
  },
  disclaimers: [{ tags: ["COVID-19"], partial: "covid-19", comments: "disabled" }],
  donate: {
    url: "https://news.example.org/support",
    label: "Support The Daily Ledger",
    paymentOptionsUrl: "https://news.example.org/support/payment-options",
    text: "Everything we publish is free to read, and we want to keep it that way, because reliable information should not be a privilege. If you are able to, please chip in a small amount each month: reader support is what pays our reporters to keep asking questions.",
  },
  pagination: { perPage: 10 },
  embeds: { allow: ["www.youtube.com", "player.vimeo.com"] },
});
