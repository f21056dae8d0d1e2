#!/usr/bin/env node
// Runs the bundled CLI (npm run compile writes lib/, then lib/bundle/: see scripts/bundle-cli.ts).
import "../lib/bundle/newsdeck.js";
