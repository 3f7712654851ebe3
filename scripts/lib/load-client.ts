/**
 * The bench's load clients, in a process of their own so that the throughput figure is the
 * server's: started with fork() by the bench, it runs the lifecycles it is told to over HTTP and
 * answers what each call took and the CPU it spent itself, then exits.
 */
import { apiClient, type CallRecord } from './http.js';
import { officials, PROCEDURES, runLifecycle } from './lifecycle.js';
import { pool } from './stats.js';

export interface LoadOrder {
  url: string;
  /** The commune whose officials work the lifecycles (their tokens are asked for here, before the clock starts). */
  commune: string;
  lifecycles: number;
  clients: number;
  pollMs: number;
  /** Makes the applicants distinct from every other run's. */
  offset: number;
}

export interface LoadReport {
  ok: number;
  failures: string[];
  polls: number;
  seconds: number;
  records: CallRecord[];
  /** CPU this client process spent (user + system). */
  cpuMs: number;
}

export async function runLoad(order: LoadOrder): Promise<LoadReport> {
  const who = await officials(apiClient(order.url), order.commune);
  const api = apiClient(order.url);
  const failures: string[] = [];
  let polls = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await pool(order.lifecycles, order.clients, async (i) => {
    try {
      const r = await runLifecycle(api, { who, procedure: PROCEDURES[i % PROCEDURES.length]!, n: order.offset + i, pollMs: order.pollMs });
      polls += r.polls;
    } catch (error) {
      failures.push(String(error));
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { ok: order.lifecycles - failures.length, failures, polls, seconds, records: api.records, cpuMs: (used.user + used.system) / 1000 };
}

if (process.send) {
  process.once('message', (order: LoadOrder) => {
    void runLoad(order).then(
      (report) => process.send!(report, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
