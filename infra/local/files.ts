import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

/** The path under which the local runtime serves the emulator's S3, on its own origin. */
export const FILES_PATH = '/_s3';
export const LOCAL_FILES_BUCKET = 'mot-cua-files-lci';

/**
 * The province's bucket in the emulator (fauxqs serves S3 on the SQS endpoint, in memory).
 * Presigned URLs point at the runtime's own origin: the emulator answers no CORS preflight, so
 * a browser served by the runtime could not upload to it directly.
 */
export async function createLocalBucket(emulator: string, bucket: string): Promise<void> {
  const client = new S3Client({ endpoint: emulator, forcePathStyle: true });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
}

/** Passes a request under FILES_PATH on to the emulator as it came (method, headers, body, query), and its answer back. */
export function proxyToEmulator(req: IncomingMessage, res: ServerResponse, emulator: string): void {
  const target = new URL(emulator);
  const path = (req.url ?? '/').slice(FILES_PATH.length) || '/';
  const { host: _host, ...headers } = req.headers;
  const upstream = request({ hostname: target.hostname, port: target.port, method: req.method, path, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('the S3 emulator did not answer');
  });
  req.pipe(upstream);
}
