import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { addressAllowed, type Delivery, type StoredWebhook, type TargetPolicy, type Webhook } from '../domain/webhooks.js';
import { dynamo, tableName } from './aws.js';
import { stamped, upgraded } from './formats.js';
import { keys } from './table.js';

/** Deliveries are kept this long after their event, then DynamoDB's TTL removes them. */
const DELIVERY_TTL_S = 30 * 86_400;

function webhookOf(item: Record<string, unknown>): StoredWebhook {
  const { PK: _pk, SK: _sk, ...webhook } = upgraded('webhook', item);
  return webhook as unknown as StoredWebhook;
}

function deliveryOf(item: Record<string, unknown>): Delivery {
  const { PK: _pk, SK: _sk, expiresAt: _ttl, ...delivery } = upgraded('delivery', item);
  return delivery as unknown as Delivery;
}

export async function listWebhooks(province: string, client: string): Promise<StoredWebhook[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.webhooksPK(province, client) },
      ConsistentRead: true,
    }),
  );
  return Items.map(webhookOf);
}

export async function getWebhook(province: string, client: string, name: string): Promise<StoredWebhook | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.webhook(province, client, name), ConsistentRead: true }));
  return Item ? webhookOf(Item) : undefined;
}

/** Stores a webhook: a new one only if the name is free, a changed one only over the registration it read. */
export async function putWebhook(webhook: StoredWebhook, replacing?: StoredWebhook): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: stamped('webhook', { ...keys.webhook(webhook.province, webhook.client, webhook.name), ...webhook }),
        ...(replacing
          ? { ConditionExpression: 'updatedAt = :read', ExpressionAttributeValues: { ':read': replacing.updatedAt } }
          : { ConditionExpression: 'attribute_not_exists(PK)' }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function deleteWebhook(province: string, client: string, name: string): Promise<boolean> {
  try {
    await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: keys.webhook(province, client, name), ConditionExpression: 'attribute_exists(PK)' }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

const deliveryKey = (w: Pick<Webhook, 'province' | 'client' | 'name'>, atMs: number, eventId: string) =>
  keys.delivery(w.province, w.client, w.name, atMs, eventId);

export async function getDelivery(w: Pick<Webhook, 'province' | 'client' | 'name'>, atMs: number, eventId: string): Promise<Delivery | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: deliveryKey(w, atMs, eventId), ConsistentRead: true }));
  return Item ? deliveryOf(Item) : undefined;
}

/** Records an attempt's outcome: one PutItem per attempt. */
export async function recordDelivery(w: Pick<Webhook, 'province' | 'client' | 'name'>, atMs: number, delivery: Delivery): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName(),
      Item: stamped('delivery', { ...deliveryKey(w, atMs, delivery.eventId), ...delivery, expiresAt: Math.floor(atMs / 1000) + DELIVERY_TTL_S }),
    }),
  );
}

/** A page of a webhook's deliveries, newest event first. */
export async function listDeliveries(
  w: Pick<Webhook, 'province' | 'client' | 'name'>,
  limit: number,
  from?: Record<string, unknown>,
): Promise<{ items: Delivery[]; next?: Record<string, unknown> }> {
  const { Items = [], LastEvaluatedKey } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.deliveriesPK(w.province, w.client, w.name) },
      ScanIndexForward: false,
      Limit: limit,
      ...(from ? { ExclusiveStartKey: from } : {}),
    }),
  );
  const items = Items.map(deliveryOf);
  return { items, ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
}

/** Why a POST to a webhook did not succeed, in words that quote nothing of the receiver's answer. */
export class DeliveryFailed extends Error {
  override name = 'DeliveryFailed';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The target policy of this runtime: the local runtime sets WEBHOOK_TARGETS=loopback. */
export const targetPolicy = (): TargetPolicy => (process.env.WEBHOOK_TARGETS === 'loopback' ? 'loopback' : 'public');

/**
 * Resolves a host name as the connection will use it and refuses addresses the policy does not
 * allow: the check is made on the address actually connected to, so a name that resolves to a
 * private address (or is re-pointed after registration) is never called.
 */
const guardedLookup =
  (policy: TargetPolicy): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((a) => !addressAllowed(a.address, policy));
      if (refused || addresses.length === 0) return callback(new DeliveryFailed(`${hostname} resolves to an address webhooks may not reach`), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

/** Timeout of one attempt, connection to answer. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/** POSTs a signed payload; resolves with the receiver's status when it is 2xx, throws DeliveryFailed otherwise. Redirects are not followed. */
export function postWebhook(url: string, headers: Record<string, string>, body: string): Promise<number> {
  const policy = targetPolicy();
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // An address in the URL itself is checked here; a name is checked as it resolves.
  if (/^[\d.]+$|:/.test(host) && !addressAllowed(host, policy)) return Promise.reject(new DeliveryFailed('the webhook address may not be reached'));
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'mot-cua-webhooks/1', ...headers },
        lookup: guardedLookup(policy),
        timeout: ATTEMPT_TIMEOUT_MS,
      },
      (response: IncomingMessage) => {
        // The answer's body is read and dropped: nothing of it is kept or logged.
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(status);
          else reject(new DeliveryFailed(`the receiver answered ${status}`, status));
        });
      },
    );
    request.on('timeout', () => request.destroy(new DeliveryFailed('the receiver did not answer in time')));
    request.on('error', (error) =>
      reject(
        error instanceof DeliveryFailed
          ? error
          : new DeliveryFailed(`the receiver could not be reached (${(error as NodeJS.ErrnoException).code ?? error.name})`),
      ),
    );
    request.end(body);
  });
}
