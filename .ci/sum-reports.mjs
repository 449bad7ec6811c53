// Usage: CI_FAILED_STEPS=n node .ci/sum-reports.mjs report.json...
// Prints one line per vitest JSON report, then "N passed, N failed" as the last line.
// Exits 1 if anything failed. A missing or unreadable report counts as 1 failed test, and so
// does a report with success: false but no failed test (a file that failed to load, or no tests).
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const firstLine = (text) =>
  String(text)
    .split("\n")
    .find((l) => l.trim())
    ?.trim()
    .slice(0, 400) ?? "";

let passed = 0;
let failed = 0;

for (const file of process.argv.slice(2)) {
  const name = basename(file, ".json");
  let report;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
    if (typeof report !== "object" || report === null) throw new Error("not a JSON object");
  } catch (e) {
    console.log(`${name}: no usable report at ${file} (${e.code ?? e.message}), counted as 1 failed`);
    failed += 1;
    continue;
  }
  const ok = Number(report.numPassedTests) || 0;
  let bad = Number(report.numFailedTests) || 0;
  let note = "";
  if (bad === 0 && report.success !== true) {
    bad = 1;
    note = `, run not successful (${report.numFailedTestSuites ?? "?"} failed suites), counted as 1 failed`;
  }
  console.log(`${name}: ${ok} passed, ${Number(report.numFailedTests) || 0} failed of ${report.numTotalTests ?? "?"}${note}`);
  for (const t of report.testResults ?? []) {
    if (t.status !== "failed") continue;
    console.log(`  failed: ${t.name}`);
    const failures = (t.assertionResults ?? []).filter((a) => a.status === "failed");
    if (failures.length === 0 && t.message) console.log(`    ${firstLine(t.message)}`);
    for (const a of failures) console.log(`    ${a.fullName ?? a.title}: ${firstLine((a.failureMessages ?? [])[0] ?? "")}`);
  }
  passed += ok;
  failed += bad;
}

const steps = Number(process.env.CI_FAILED_STEPS) || 0;
if (steps > 0) console.log(`non-test steps failed: ${steps}`);
failed += steps;

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
