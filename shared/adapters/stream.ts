import type { AttributeValue as LambdaAttributeValue, DynamoDBRecord } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { NationalSyncState } from '../domain/national-portal.js';
import { storedDossierOf, type StoredDossier } from './dossier-item.js';
import { syncStateOf } from './national-sync.js';
import { ATTRIBUTES, DOSSIER_SK, keys } from './table.js';

/**
 * An image of a stream record as the SDK reads it. Lambda hands binary attributes over as
 * base64 text, GetRecords as bytes: both are turned into bytes.
 */
function toSdk(image: Record<string, LambdaAttributeValue>): Record<string, AttributeValue> {
  const convert = (value: LambdaAttributeValue): AttributeValue => {
    const bytes = value.B as string | Uint8Array | undefined;
    if (bytes !== undefined) return { B: typeof bytes === 'string' ? Buffer.from(bytes, 'base64') : bytes };
    if (value.M) return { M: Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, convert(v)])) };
    if (value.L) return { L: value.L.map(convert) };
    return value as AttributeValue;
  };
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, convert(v)]));
}

const dossierOf = (image: Record<string, LambdaAttributeValue> | undefined): StoredDossier | undefined => {
  if (!image) return undefined;
  const item = unmarshall(toSdk(image));
  return item.SK === DOSSIER_SK && item[ATTRIBUTES.body] ? storedDossierOf(item) : undefined;
};

/** The dossier before and after a stored change (its procedure by reference); both undefined for an item that is no dossier. */
export function dossierChange(record: DynamoDBRecord): { before?: StoredDossier; after?: StoredDossier } {
  const before = dossierOf(record.dynamodb?.OldImage);
  const after = dossierOf(record.dynamodb?.NewImage);
  return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

/** A dossier's synchronisation state as a stored change left it; undefined for an item that is none. */
export function syncChange(record: DynamoDBRecord): { commune: string; dossierId: string; state: NationalSyncState } | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image) return undefined;
  const item = unmarshall(toSdk(image));
  if (item.SK !== keys.nationalSync('', '').SK) return undefined;
  return { commune: String(item.commune), dossierId: String(item.dossierId), state: syncStateOf(item) };
}
