import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { repoRoot } from "../helpers/build-site.js";
import { commandsOf, helpText } from "../helpers/cli-help.js";

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly jobs: Record<string, { readonly steps: readonly Step[]; readonly needs?: string }>;
}

const workflowsDir = path.join(repoRoot, ".github", "workflows");

describe("the shipped GitHub Actions workflows", () => {
  const workflows = new Map<string, Workflow>();
  let scripts: Record<string, string>;
  let cliCommands: Set<string>;

  beforeAll(async () => {
    for (const name of (await readdir(workflowsDir)).filter((f) => /\.ya?ml$/.test(f)).sort()) {
      const document = parseDocument(await readFile(path.join(workflowsDir, name), "utf8"));
      expect(
        document.errors.map((e) => e.message),
        name,
      ).toEqual([]);
      workflows.set(name, document.toJS() as Workflow);
    }
    scripts = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")).scripts;
    const help = await helpText(["--help"]);
    const section = help.slice(help.indexOf("Commands:"), help.indexOf("For more info"));
    cliCommands = new Set([...section.matchAll(/^\s{2}(\w+)/gm)].map((m) => m[1] as string));
  });

  it("are valid YAML: a publish workflow and a pull-request workflow", () => {
    expect([...workflows.keys()]).toEqual(["publish.yml", "pull-request.yml"]);
    for (const command of ["build", "check", "diff"]) expect(cliCommands).toContain(command);
  });

  it("publish on push to main, on a schedule and by hand", () => {
    const on = workflows.get("publish.yml")?.on ?? {};
    expect(on.push).toEqual({ branches: ["main"] });
    expect(on).toHaveProperty("workflow_dispatch");
    const [schedule] = on.schedule as { cron: string }[];
    expect(schedule?.cron).toBe("*/10 * * * *");
  });

  it("preview pull requests with drafts, future stories and a preview base URL, as an artifact", () => {
    const workflow = workflows.get("pull-request.yml") as Workflow;
    expect(workflow.on).toHaveProperty("pull_request");
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const build = steps.find((s) => s.run?.includes("newsdeck build"))?.run ?? "";
    expect(build).toMatch(/--drafts/);
    expect(build).toMatch(/--future/);
    expect(build).toMatch(/--base-url/);
    expect(steps.some((s) => s.uses?.startsWith("actions/upload-artifact@"))).toBe(true);
  });

  it("run only npm scripts that package.json defines and newsdeck commands and options that exist", async () => {
    const seen: string[] = [];
    for (const [name, workflow] of workflows) {
      for (const step of Object.values(workflow.jobs).flatMap((job) => job.steps)) {
        for (const command of commandsOf(step.run ?? "")) {
          const words = command.split(/\s+/);
          if (words[0] === "npm") {
            if (words[1] === "ci") continue;
            expect(words[1], `${name}: ${command}`).toBe("run");
            expect(Object.keys(scripts), `${name}: ${command}`).toContain(words[2]);
            seen.push(`npm run ${words[2]}`);
          }
          if (words[0] === "npx") {
            expect(words[1], `${name}: ${command} (only the newsdeck CLI is run with npx)`).toBe(
              "newsdeck",
            );
            const sub = words[2] ?? "";
            expect(cliCommands, `${name}: ${command}`).toContain(sub);
            const options = await helpText([sub, "--help"]);
            for (const flag of words.filter((w) => w.startsWith("--"))) {
              expect(options, `${name}: ${command}`).toContain(flag);
            }
            seen.push(`npx newsdeck ${sub}`);
          }
        }
      }
    }
    for (const expected of [
      "npx newsdeck check",
      "npx newsdeck build",
      "npx newsdeck diff",
      "npm run compile",
    ]) {
      expect(seen).toContain(expected);
    }
  });

  it("restore and save the build cache keyed on the lock file, config and templates", () => {
    const steps = workflows.get("publish.yml")?.jobs.publish?.steps ?? [];
    const restore = steps.find(
      (s) =>
        s.uses?.startsWith("actions/cache/restore@") &&
        String(s.with?.path).includes(".newsdeck-cache\n"),
    );
    const key = String(restore?.with?.key);
    for (const part of ["package-lock.json", "newsdeck.config.*", "templates/**"])
      expect(key).toContain(part);
    expect(String(restore?.with?.["restore-keys"])).toMatch(/newsdeck-build-v1-\n?/);
    expect(
      steps.filter((s) => s.uses?.startsWith("actions/cache/save@")).length,
    ).toBeGreaterThanOrEqual(3);
    const setup = steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
    expect(setup?.with).toMatchObject({ "node-version": 20, cache: "npm" });
  });
});
