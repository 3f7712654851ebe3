import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cscProvider } from '../../shared/adapters/signing/csc.js';
import { pades } from '../../shared/adapters/signing/pades.js';
import { httpTimestampAuthority } from '../../shared/adapters/signing/tsa.js';
import type { SigningOperation } from '../../shared/domain/signing.js';
import { draftPdf, nssTrusting, pdfsig, signingEmulator } from '../support/signing.js';

let env: Awaited<ReturnType<typeof signingEmulator>>;
let nss: string;
beforeAll(async () => {
  env = await signingEmulator();
  nss = await nssTrusting(env.emulator.trustAnchor());
}, 60_000);
afterAll(() => env.server.close());

const field = (name: string, signer: string) => ({
  name,
  signer,
  reason: name === 'LEADER' ? 'Phê duyệt' : 'Đóng dấu',
  location: 'Tân Uyên',
  at: new Date('2026-03-05T02:00:00Z'),
});

/** One signature through the CSC adapter: prepared, sent, polled until the emulated phone confirms, completed. */
async function sign(file: Buffer, name: string, credential: string, timestamped: boolean): Promise<Buffer> {
  const provider = cscProvider({ url: `${env.url}/csc/v2` });
  const chain = await provider.chain(credential);
  const f = field(name, credential);
  const prepared = await pades.prepare(file, f, chain);
  let op: SigningOperation = await provider.signHashes(credential, [prepared.hash], `session-${name}`);
  for (let i = 0; op.status === 'PENDING' && i < 5; i++) op = await provider.status(op.operation);
  if (op.status !== 'SIGNED') throw new Error(op.status);
  const tsa = timestamped ? httpTimestampAuthority(`${env.url}/tsa`) : undefined;
  return Buffer.from(await pades.complete(file, f, { digest: prepared.digest, chain, signatureValue: op.signatures[0]! }, tsa));
}

describe('PAdES signatures through the emulated CA', () => {
  it("the leader's signature, then the seal with a timestamp: both valid and trusted for pdfsig, the leader's still intact", async () => {
    const draft = await draftPdf();
    const leader = await sign(draft, 'LEADER', 'leader:H30.01:chair-1', false);
    const sealed = await sign(leader, 'SEAL', 'seal:H30.01', true);
    expect(sealed.subarray(0, leader.length).equals(leader)).toBe(true);

    const report = await pdfsig(nss, sealed);
    expect(report).toHaveLength(2);
    for (const s of report) {
      expect(s).toContain('Signature is Valid.');
      expect(s).toContain('Certificate is Trusted.');
      expect(s).toContain('ETSI.CAdES.detached');
    }
    const read = pades.read(sealed);
    expect(read.map((s) => [s.field, s.valid, s.timestamped, s.coversDocument])).toEqual([
      ['LEADER', true, false, false],
      ['SEAL', true, true, true],
    ]);
  }, 60_000);

  it('one changed byte: pdfsig reports a digest mismatch and the signature reads invalid', async () => {
    const signed = await sign(await draftPdf(), 'LEADER', 'leader:H30.01:chair-2', false);
    const at = signed.indexOf('QUYET DINH');
    const changed = Buffer.from(signed);
    const index = at > 0 ? at : 200;
    changed[index] = changed[index]! ^ 0x01;
    const report = await pdfsig(nss, changed);
    expect(report[0]).toContain('Digest Mismatch.');
    expect(pades.read(changed)[0]?.valid).toBe(false);
    expect(pades.read(signed)[0]?.valid).toBe(true);
  }, 60_000);
});
