// Loaded with `node --import`: writes the URL of every module the process loads to the file
// named by NEWSDECK_LOAD_LOG, one per line, so a test can tell which packages a command loaded.
import { register } from "node:module";

register("./record-loads-hooks.mjs", import.meta.url, {
  data: { log: process.env.NEWSDECK_LOAD_LOG },
});
