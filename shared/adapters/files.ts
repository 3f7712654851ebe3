import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SIGNATURE_BYTES, type StoredObject } from '../domain/attachments.js';
import { requiredEnv } from './aws.js';

let client: S3Client | undefined;
let presigner: { endpoint: string; client: S3Client } | undefined;

/**
 * The S3 client, made on first use. Its endpoint comes from the SDK's own AWS_ENDPOINT_URL_S3
 * when the local runtime sets it (path-style there: the emulator has no bucket host names).
 */
export function s3(): S3Client {
  client ??= new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' });
  return client;
}

/**
 * The client that signs URLs for browsers and portals: on AWS the same; locally the runtime's
 * own origin (FILES_PUBLIC_ENDPOINT), which passes the requests on to the emulator, so that a
 * browser uploads to the origin it was served from.
 */
export function urlSigner(): S3Client {
  const endpoint = process.env.FILES_PUBLIC_ENDPOINT;
  if (!endpoint) return s3();
  if (presigner?.endpoint !== endpoint) presigner = { endpoint, client: new S3Client({ endpoint, forcePathStyle: true }) };
  return presigner.client;
}

export const filesBucket = (): string => requiredEnv('FILES_BUCKET');

/** A URL that uploads exactly this type and size, for `expiresIn` seconds. */
export function uploadUrl(key: string, contentType: string, size: number, expiresIn: number): Promise<string> {
  return getSignedUrl(urlSigner(), new PutObjectCommand({ Bucket: filesBucket(), Key: key, ContentType: contentType, ContentLength: size }), {
    expiresIn,
    // Signed, so S3 refuses an upload of another length or type.
    signableHeaders: new Set(['content-type', 'content-length']),
  });
}

/** A URL that downloads the file under its name, for `expiresIn` seconds. */
export function downloadUrl(key: string, name: string, contentType: string, expiresIn: number): Promise<string> {
  const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
  return getSignedUrl(
    urlSigner(),
    new GetObjectCommand({ Bucket: filesBucket(), Key: key, ResponseContentDisposition: disposition, ResponseContentType: contentType }),
    { expiresIn },
  );
}

/** What was stored under a key (size, first bytes, and the SHA-256 when asked), or undefined if nothing was. */
export async function inspectObject(key: string, withSha256: boolean): Promise<(StoredObject & { versionId?: string }) | undefined> {
  let head;
  try {
    head = await s3().send(new HeadObjectCommand({ Bucket: filesBucket(), Key: key }));
  } catch (error) {
    if (error instanceof NotFound || error instanceof NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return undefined;
    throw error;
  }
  const size = head.ContentLength ?? 0;
  const versionId = head.VersionId;
  const read = async (range?: string) => {
    const { Body } = await s3().send(
      new GetObjectCommand({ Bucket: filesBucket(), Key: key, ...(versionId ? { VersionId: versionId } : {}), ...(range ? { Range: range } : {}) }),
    );
    return Body as Readable;
  };
  if (!withSha256) {
    const bytes = size === 0 ? new Uint8Array() : await (await read(`bytes=0-${SIGNATURE_BYTES - 1}`)).toArray().then((c) => Buffer.concat(c as Buffer[]));
    return { size, head: bytes.subarray(0, SIGNATURE_BYTES), ...(versionId ? { versionId } : {}) };
  }
  // The whole object streams through the hash once (at most 20 MB); its first bytes are kept.
  const hash = createHash('sha256');
  const first: Buffer[] = [];
  let kept = 0;
  for await (const chunk of await read()) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    if (kept < SIGNATURE_BYTES) {
      first.push(buffer.subarray(0, SIGNATURE_BYTES - kept));
      kept += Math.min(buffer.length, SIGNATURE_BYTES - kept);
    }
  }
  return { size, head: Buffer.concat(first), sha256: hash.digest('hex'), ...(versionId ? { versionId } : {}) };
}

/** Deletes a file for good: the version itself, not only a delete marker of the versioned bucket. */
export async function deleteObject(key: string, versionId?: string): Promise<void> {
  await s3().send(new DeleteObjectCommand({ Bucket: filesBucket(), Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
}

/** The whole stored file (at most 20 MB), or undefined when nothing is stored under the key. */
export async function readObject(key: string): Promise<Buffer | undefined> {
  try {
    const { Body } = await s3().send(new GetObjectCommand({ Bucket: filesBucket(), Key: key }));
    return Buffer.concat((await (Body as Readable).toArray()) as Buffer[]);
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  }
}

/** Stores a file's next version under its key (the bucket keeps the earlier ones). */
export async function writeObject(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
  await s3().send(new PutObjectCommand({ Bucket: filesBucket(), Key: key, Body: bytes, ContentType: contentType }));
}
