/**
 * `npm run verify-dossier -- <commune> <dossier id> [--head <hash>]`: recomputes a dossier's
 * history chain from the item stored in the table (TABLE_NAME; locally AWS_ENDPOINT_URL_DYNAMODB
 * points the SDK at DynamoDB Local), not through the API, and names the first entry that does
 * not match. With --head (the hash printed on a Form 06), it also says which entry that sheet
 * was printed after, or that the stored history never had that head. Exit code 0 when the chain
 * holds (and the printed head is found), 1 when it does not, 2 on bad arguments.
 */
import { pathToFileURL } from 'node:url';
import { getDossier } from '../shared/adapters/repository.js';
import { verifyHistory, type ChainCheck } from '../shared/domain/history-chain.js';

export interface DossierVerification {
  found: boolean;
  check?: ChainCheck;
  /** The entry whose hash is the printed head, when one was given (null: no entry has it). */
  printedAfter?: number | null;
}

export async function verifyDossier(commune: string, id: string, printedHead?: string): Promise<DossierVerification> {
  const dossier = await getDossier(commune, id);
  if (!dossier) return { found: false };
  const check = verifyHistory(dossier);
  if (printedHead === undefined) return { found: true, check };
  // Matched on the first 8 bytes, which the table keeps of every entry's hash even after an entry no longer matches.
  const printed = printedHead.toLowerCase().slice(0, 16);
  const seq = dossier.history.findIndex((h) => h.hash.slice(0, 16) === printed);
  return { found: true, check, printedAfter: seq < 0 ? null : seq + 1 };
}

async function main(args: string[]): Promise<number> {
  const headAt = args.indexOf('--head');
  const printedHead = headAt >= 0 ? args[headAt + 1] : undefined;
  const [commune, id] = args.filter((_, i) => headAt < 0 || (i !== headAt && i !== headAt + 1));
  if (!commune || !id || (headAt >= 0 && !printedHead)) {
    console.error('usage: npm run verify-dossier -- <commune> <dossier id> [--head <hash>]');
    return 2;
  }
  const result = await verifyDossier(commune, id, printedHead);
  if (!result.found || !result.check) {
    console.log(`no dossier ${id} in commune ${commune}`);
    return 1;
  }
  const { check } = result;
  if (check.valid) console.log(`valid: ${check.head.entries} entries, head ${check.head.hash}`);
  else {
    const m = check.firstMismatch;
    console.log(`NOT valid: entry ${m.seq} (${m.action} at ${m.at}) does not match — stored ${m.stored ?? 'no hash'}, computed ${m.computed}`);
  }
  if (result.printedAfter !== undefined) {
    console.log(
      result.printedAfter === null
        ? `the printed head ${printedHead} is not in the stored history`
        : `the printed sheet was made after entry ${result.printedAfter}`,
    );
  }
  return check.valid && result.printedAfter !== null ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
