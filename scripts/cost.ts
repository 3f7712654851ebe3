/**
 * `npm run cost`: the fixed monthly cost of each configured province, read off the synthesized
 * templates (scripts/lib/fixed-cost.ts), then one `COST_JSON {…}` line. `npm run bench` prints
 * the same figure beside the cost per 1,000 dossiers.
 */
import cdkJson from '../cdk.json' with { type: 'json' };
import { fixedCost, synthesizedTemplates, type FixedCost } from './lib/fixed-cost.js';
import { round, table } from './lib/stats.js';

export const FIXED_COST_TARGET = 2;

export function printFixedCost(cost: FixedCost): void {
  console.log(`\n== fixed monthly cost, ${cost.prices.region} list prices as of ${cost.prices.asOf} ==`);
  console.log(
    table([
      ['item', 'count', 'USD/month'],
      ...cost.lines.map((l) => [l.item, l.count, round(l.monthly, 2)]),
      ['total at list price (an account shared with other workloads)', '', round(cost.monthly, 2)],
      ['total with the account free tier (10 alarm metrics, 3 dashboards)', '', round(cost.monthlyWithFreeTier, 2)],
    ]),
  );
  console.log(`${cost.alarms} alarms reading ${cost.alarmMetrics} metrics; target ≤ $${FIXED_COST_TARGET}/month per province`);
  console.log(table([['per use, not in the fixed figure', 'USD/month', 'price'], ...cost.perUse.map((u) => [u.item, round(u.monthly, 2), u.per])]));
}

async function main() {
  const templates = await synthesizedTemplates(cdkJson.context);
  const cost = fixedCost(templates);
  printFixedCost(cost);
  console.log(`COST_JSON ${JSON.stringify(cost)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
