import { BlockList, isIP } from 'node:net';
import { DOSSIER_EVENT_TYPES, type DossierEvent, type DossierEventType } from './events.js';

/** A portal's webhook: where the events of the dossiers it submitted are POSTed, signed (Standard Webhooks). */
export interface Webhook {
  province: string;
  /** The portal client (its token's `sub`) that registered it: only its own dossiers' events go there. */
  client: string;
  name: string;
  url: string;
  /** The event types it wants; every type when absent. */
  events?: DossierEventType[];
  createdAt: string;
  updatedAt: string;
}

/** A webhook as stored: its registration and its secret, sealed (shared/app/secrets.ts). */
export interface StoredWebhook extends Webhook {
  sealedSecret: string;
}

/** What a delivery of one event to one webhook came to. */
export type DeliveryStatus = 'DELIVERED' | 'RETRYING' | 'PARKED';

export interface Delivery {
  webhook: string;
  eventId: string;
  type: DossierEventType;
  dossierId: string;
  version: number;
  status: DeliveryStatus;
  attempts: number;
  firstAttemptAt: string;
  lastAttemptAt: string;
  /** The receiver's HTTP status of the last attempt, when it answered at all. */
  lastStatus?: number;
  /** Why the last attempt failed, without the receiver's answer body. */
  lastError?: string;
  nextAttemptAt?: string;
}

export const WEBHOOK_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Webhooks one portal may keep in a province. */
export const MAX_WEBHOOKS_PER_CLIENT = 10;

/**
 * Where a webhook may point: on AWS only https to a public address, so the deliverer cannot be
 * aimed at the network inside AWS (metadata service, VPC endpoints); in the local runtime only a
 * loopback address, so nothing leaves the machine.
 */
export type TargetPolicy = 'public' | 'loopback';

const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');
}
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** An IPv6 address that carries an IPv4 one (::ffff:a.b.c.d) is judged by the IPv4 address. */
function normalized(address: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  const version = isIP(bare);
  return version === 4 ? { address: bare, family: 'ipv4' } : version === 6 ? { address: bare, family: 'ipv6' } : undefined;
}

/** Whether the deliverer may connect to this IP address under the policy. */
export function addressAllowed(address: string, policy: TargetPolicy): boolean {
  const ip = normalized(address);
  if (!ip) return false;
  return policy === 'loopback' ? LOOPBACK.check(ip.address, ip.family) : !NOT_PUBLIC.check(ip.address, ip.family);
}

/** Why a webhook URL is refused under the policy, or undefined when it is acceptable. */
export function urlProblem(text: string, policy: TargetPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'a URL with credentials in it';
  if (url.hash) return 'a URL with a fragment';
  const host = url.hostname;
  if (policy === 'loopback') {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'an http(s) URL';
    return host === 'localhost' || addressAllowed(host, 'loopback') ? undefined : 'the local runtime only calls loopback addresses (http://127.0.0.1:…)';
  }
  if (url.protocol !== 'https:') return 'an https URL';
  if (normalized(host)) return addressAllowed(host, 'public') ? undefined : 'a public address (private, loopback and link-local addresses are refused)';
  if (!host.includes('.') || /(^|\.)(localhost|local|internal|localdomain)$/i.test(host)) return 'a public host name';
  return undefined;
}

/** A webhook as its portal reads it: never the secret; every event type listed when it chose none. */
export function webhookView({ name, url, events, createdAt, updatedAt }: Webhook) {
  return { name, url, events: events ?? [...DOSSIER_EVENT_TYPES], createdAt, updatedAt };
}

/** Whether the webhook wants events of this type. */
export const wants = (webhook: Pick<Webhook, 'events'>, type: DossierEventType): boolean => !webhook.events || webhook.events.includes(type);

/**
 * The back-off between attempts: base·2^(n−1) seconds after the n-th failed attempt, at most
 * `capS` (SQS keeps a message hidden for 12 hours at most). With the defaults (30 s, 12 h) the
 * 13th attempt comes about 29 hours after the first: at least 24 hours of tries.
 */
export interface RetrySchedule {
  baseS: number;
  capS: number;
  /** After this long since the first attempt, a failing delivery is parked. */
  horizonS: number;
}

export const DEFAULT_RETRY: RetrySchedule = { baseS: 30, capS: 12 * 3600, horizonS: 24 * 3600 };

export const retryDelayS = (schedule: RetrySchedule, failedAttempts: number): number =>
  Math.min(schedule.capS, Math.ceil(schedule.baseS * 2 ** Math.max(0, failedAttempts - 1)));

/** Whether a delivery that has failed since `firstAttemptMs` has been tried long enough to park. */
export const shouldPark = (schedule: RetrySchedule, firstAttemptMs: number, nowMs: number): boolean => nowMs - firstAttemptMs >= schedule.horizonS * 1000;

/** The webhook's payload: the envelope Standard Webhooks recommends, with the event as `data`. */
export function webhookPayload(event: DossierEvent): { type: DossierEventType; timestamp: string; data: Omit<DossierEvent, 'submittedBy' | 'channel'> } {
  const { submittedBy: _submitter, channel: _channel, ...data } = event;
  return { type: event.type, timestamp: event.at, data };
}
