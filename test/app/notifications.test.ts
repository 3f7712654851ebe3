/** Telling the applicant: which events read the dossier, and which version of it. */
import { describe, expect, it } from 'vitest';
import { notifications, type MessageStore, type OutgoingMessage } from '../../shared/app/notifications.js';
import { dossierEvent, type DossierImage } from '../../shared/domain/events.js';
import type { Dossier } from '../../shared/domain/model.js';
import { Story } from '../domain/fixtures.js';

/** A store whose eventually consistent read answers `stale` (an earlier version) and whose consistent read answers `current`. */
function storeOf(stale: Dossier | undefined, current: Dossier) {
  const reads: string[] = [];
  const store: MessageStore = {
    async getDossier(_commune, _id, consistent = true) {
      reads.push(consistent ? 'consistent' : 'eventual');
      return consistent ? current : stale;
    },
    withProcedure: async (image: DossierImage) => ({ ...image, procedure: current.procedure }),
    messageSent: async () => false,
    recordMessage: async () => undefined,
    listMessages: async () => [],
  };
  return { store, reads };
}

/** The province's lookup key and the console's origin, which the messages' links are made with. */
const pages = { existingLookupKey: async () => 'the-province-lookup-key', publicOrigin: () => 'https://motcua.laichau.gov.vn' };

const withPhone = (story: Story): Dossier => ({ ...story.dossier, applicant: { ...story.dossier.applicant, phone: '0912345678' } });

describe('notifications', () => {
  it('read the dossier only for the events a citizen is told of', async () => {
    const submitted = Story.submit();
    const received = submitted.to('RECEPTION').to('ASSIGNMENT');
    const { store, reads } = storeOf(withPhone(received), withPhone(received));
    const sent: OutgoingMessage[] = [];
    const { notify } = notifications({ store, send: async (m) => void sent.push(m), clock: { now: () => 0 }, ...pages });

    const told = await notify(dossierEvent(submitted.to('RECEPTION').dossier, received.dossier)!);

    expect(told).toBe(0);
    expect(reads).toEqual([]);
  });

  it('read again, consistently, when the eventually consistent read answers a version before the event', async () => {
    const submitted = Story.submit();
    const accepted = submitted.to('RECEPTION');
    const { store, reads } = storeOf(withPhone(submitted), withPhone(accepted));
    const sent: OutgoingMessage[] = [];
    const { notify } = notifications({ store, send: async (m) => void sent.push(m), clock: { now: () => 0 }, ...pages });

    const told = await notify(dossierEvent(submitted.dossier, accepted.dossier)!);

    expect(told).toBe(1);
    expect(reads).toEqual(['eventual', 'consistent']);
    expect(sent[0]!.notice.text).toContain(accepted.dossier.code!);
  });

  it('take the eventually consistent read when it is already at the event', async () => {
    const accepted = Story.submit().to('RECEPTION');
    const { store, reads } = storeOf(withPhone(accepted), withPhone(accepted));
    const { notify } = notifications({ store, send: async () => undefined, clock: { now: () => 0 }, ...pages });

    expect(await notify(dossierEvent(Story.submit().dossier, accepted.dossier)!)).toBe(1);
    expect(reads).toEqual(['eventual']);
  });

  it('read nothing when the event carries the dossier as its change stored it', async () => {
    const submitted = Story.submit();
    const accepted = withPhone(submitted.to('RECEPTION'));
    const { store, reads } = storeOf(undefined, accepted);
    const sent: OutgoingMessage[] = [];
    const { notify } = notifications({ store, send: async (m) => void sent.push(m), clock: { now: () => 0 }, ...pages });
    const image: DossierImage = { ...accepted, procedure: { code: accepted.procedure.code, version: accepted.procedure.version } };

    expect(await notify(dossierEvent(submitted.dossier, accepted)!, image)).toBe(1);
    expect(reads).toEqual([]);
    expect(sent[0]).toMatchObject({ channel: 'SMS', to: '0912345678' });
    expect(sent[0]!.notice.text).toContain(accepted.code!);
  });
});
