import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { starterDir } from "../../src/init/init-site.js";
import { repoRoot } from "../helpers/build-site.js";

interface Workflow {
  readonly jobs: Record<string, { steps: { name?: string; run?: string }[] }>;
}

async function readWorkflow(dir: string, name: string): Promise<Workflow> {
  const document = parseDocument(
    await readFile(path.join(dir, ".github", "workflows", name), "utf8"),
  );
  expect(document.errors).toEqual([]);
  return document.toJS() as Workflow;
}

describe("the workflows `newsdeck init` writes", () => {
  it("are this repository's workflows without the step that compiles Newsdeck from source", async () => {
    const names = (await readdir(path.join(repoRoot, ".github", "workflows"))).sort();
    expect((await readdir(path.join(starterDir, ".github", "workflows"))).sort()).toEqual(names);
    for (const name of names) {
      const repository = await readWorkflow(repoRoot, name);
      const starter = await readWorkflow(starterDir, name);
      let compileSteps = 0;
      for (const job of Object.values(repository.jobs)) {
        job.steps = job.steps.filter((step) => {
          const compiles = step.run === "npm run compile";
          if (compiles) compileSteps++;
          return !compiles;
        });
      }
      expect(compileSteps, name).toBe(1);
      expect(starter, name).toEqual(repository);
    }
  });

  it("point at documentation a site has: the installed package's", async () => {
    for (const name of await readdir(path.join(starterDir, ".github", "workflows"))) {
      const text = await readFile(path.join(starterDir, ".github", "workflows", name), "utf8");
      const docs = [...text.matchAll(/(\S*)docs\/deploying\.md/g)].map((match) => match[1]);
      expect(docs.length, name).toBeGreaterThan(0);
      for (const prefix of docs) expect(prefix, name).toBe("node_modules/newsdeck/");
    }
  });
});
