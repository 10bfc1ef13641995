// A loopback proxy in front of moto that keeps every query-protocol call's parameters (moto
// ignores SerialNumber, TokenCode and SourceIdentity, so the tests read them here).
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingProxy {
  endpoint: string;
  /** Parameters of the calls seen so far, optionally only those of one action (e.g. "AssumeRole"). */
  calls(action?: string): URLSearchParams[];
  clear(): void;
  stop(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  let seen: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const params = new URLSearchParams((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? body.toString('utf8') : '');
      if (!params.has('Action') && typeof req.headers['x-amz-target'] === 'string') params.set('Action', req.headers['x-amz-target'].split('.').pop()!);
      seen.push(params);
      const outgoing = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      outgoing.on('error', () => res.destroy());
      outgoing.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: (action) => seen.filter((p) => action === undefined || p.get('Action') === action),
    clear: () => {
      seen = [];
    },
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
