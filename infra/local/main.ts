import { ensureConsoleBuilt } from './console.js';
import { startLocalRuntime } from './runtime.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
// Stopped while still starting: exiting runs the process's 'exit' handlers, which take DynamoDB
// Local down with it (a signal's default action would leave it running).
const exitNow = () => process.exit(0);
for (const signal of SIGNALS) process.once(signal, exitNow);

await ensureConsoleBuilt((line) => console.error(line));

/** `npm start`: the whole product on this machine, data kept in DATA_DIR (default .local/). */
const runtime = await startLocalRuntime({
  port: Number(process.env.PORT ?? 3000),
  dataDir: process.env.DATA_DIR ?? '.local',
  // An empty data folder opens on a living demo; SEED=minimal on the demo province's catalogue alone.
  seed: process.env.SEED === 'minimal' ? 'minimal' : 'demo',
  log: (line) => console.error(line),
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

console.log(`ready on ${runtime.url}`);

for (const signal of SIGNALS) {
  process.removeListener(signal, exitNow);
  process.once(signal, () => {
    void runtime.stop().then(() => process.exit(0));
  });
}
