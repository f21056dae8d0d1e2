#!/usr/bin/env node
// Runs the compiled CLI (npm run compile writes lib/).
import "../lib/cli/run.js";
