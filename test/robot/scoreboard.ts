// Every evaluation's totals, one line each: `bun test/robot/scoreboard.ts` (-v adds the misses of the main set and of the tuning sets tune1, tune2, tune3 and tune4). A tuning aid: the held-out sets print totals only, never their sentences.
import { evaluate, shopIndex } from "./evaluate";
import { evaluateFirms, report, totals } from "./evaluate-firms";
import holdout from "./fixtures/visitor-questions-holdout.json";
import main from "./fixtures/visitor-questions.json";

const first = (name: string, set: typeof main) => {
  const f = evaluate(shopIndex(), set);
  return `${name.padEnd(9)} right ${f.right}/${f.answerable} wrong ${f.wrong.length} silent ${f.silent.length}; must-not answered ${f.answeredUnanswerable.length}/${f.unanswerable}`;
};
const lines = [first("eval1", main), first("eval1-h", holdout as typeof main)];
for (const s of ["main", "holdout", "holdout2", "holdout3", "holdout4", "tune1", "tune2", "tune3", "tune4"] as const) {
  const f = evaluateFirms(false, s);
  const t = totals(f);
  lines.push(`${s.padEnd(9)} right ${t.right}/${t.answerable} (${((100 * t.right) / t.answerable).toFixed(1)} %) wrong ${t.wrong} silent ${t.silent}; must-not answered ${t.answered}/${t.unanswerable}`);
  if ((s === "main" || s === "tune1" || s === "tune2" || s === "tune3" || s === "tune4") && process.argv.includes("-v")) console.log(report(s, f));
}
console.log(lines.join("\n"));
