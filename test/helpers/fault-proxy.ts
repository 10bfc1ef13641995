// A loopback HTTP proxy between the AWS SDK and moto that counts calls per `service:Action` and
// injects the faults real AWS produces at scale: throttling, 5xx, latency and dropped connections,
// with the exact wire shapes AWS uses so the SDK's own error parsing and retry classification run.
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from '../../src/seeded-random.js';

export interface FaultRules {
  /** Probability (0..1) that a call is answered with the service's throttling error. */
  throttle?: number;
  /** Probability that a call is answered with a 500 InternalFailure or 503 ServiceUnavailable (half each). */
  serverError?: number;
  /** Added to every matched call before it is answered or forwarded. */
  latencyMs?: number;
  /** Probability that the connection is destroyed before any answer (the SDK sees ECONNRESET). */
  reset?: number;
  /** only these services, e.g. ['iam','sts','organizations'] */
  services?: string[];
  /**
   * Calls always answered with AccessDenied, whatever `services` says: each names a `service:Action`
   * and, optionally, request parameters the call must carry to be refused (e.g. one RoleArn).
   */
  refuse?: Refusal[];
  /** The first `times` calls of each `service:Action` answered with this AWS error (400, a Sender fault), e.g. OperationInProgressException. */
  errors?: { call: string; code: string; message?: string; times: number }[];
  /** Upstream answers of a `service:Action` with every `from` replaced by `to` (e.g. an operation's SUCCEEDED by FAILED). */
  rewrite?: { call: string; from: string; to: string }[];
}

export interface Refusal {
  call: string;
  params?: Record<string, string>;
}

export type Fault = 'throttle' | 'serverError' | 'reset' | 'refuse' | 'error' | 'rewrite';

export interface FaultProxy {
  endpoint: string;
  setRules(r: FaultRules): void;
  /** Calls that reached the proxy, retries included, keyed "iam:GetRole". */
  counts(): Map<string, number>;
  /** Faults injected so far, keyed by kind. */
  injected(): Map<Fault, number>;
  /**
   * Milliseconds during which at least one forwarded call was being served upstream (injected
   * latency excluded): the target's busy time, a floor for any client's wall time against it.
   */
  upstreamBusyMs(): number;
  resetCounts(): void;
  stop(): Promise<void>;
}

// Query-protocol services answer errors in XML under their API namespace.
const XML_NAMESPACE: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  cloudformation: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
};

interface ErrorShape { status: number; code: string; message: string; type: 'Sender' | 'Receiver' }

function errorShape(fault: 'throttle' | 'internal' | 'unavailable' | 'denied', service: string, call = ''): ErrorShape {
  const organizations = service === 'organizations';
  switch (fault) {
    case 'denied':
      // Query services say AccessDenied, JSON ones (Organizations) AccessDeniedException; both 403.
      return { status: 403, code: organizations ? 'AccessDeniedException' : 'AccessDenied', message: `Not authorized to perform: ${call} (refused by the fault proxy)`, type: 'Sender' };
    case 'throttle':
      // Organizations throttles with a 400 TooManyRequestsException (not 429); query services with 400 Throttling.
      return organizations
        ? { status: 400, code: 'TooManyRequestsException', message: "AWS Organizations can't complete your request because another request is already in progress. Try again later.", type: 'Sender' }
        : { status: 400, code: 'Throttling', message: 'Rate exceeded', type: 'Sender' };
    case 'internal':
      return organizations
        ? { status: 500, code: 'ServiceException', message: "AWS Organizations can't complete your request because it encountered an internal error. Try again later.", type: 'Receiver' }
        : { status: 500, code: 'InternalFailure', message: 'The request processing has failed because of an unknown error, exception or failure.', type: 'Receiver' };
    case 'unavailable':
      return { status: 503, code: 'ServiceUnavailable', message: 'The request has failed due to a temporary failure of the server.', type: 'Receiver' };
  }
}

function sendError(res: ServerResponse, shape: ErrorShape, service: string, json: boolean): void {
  const requestId = randomUUID();
  if (json) {
    res.writeHead(shape.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, 'x-amzn-errortype': shape.code });
    res.end(JSON.stringify({ __type: shape.code, Message: shape.message }));
    return;
  }
  const namespace = XML_NAMESPACE[service] ?? `https://${service}.amazonaws.com/doc/`;
  res.writeHead(shape.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  res.end(`<ErrorResponse xmlns="${namespace}"><Error><Type>${shape.type}</Type><Code>${shape.code}</Code><Message>${shape.message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
}


/** A call's service, action and top-level parameters (the form fields or query string of query services, the JSON body's fields of JSON ones). */
function identify(req: IncomingMessage, body: Buffer): { service: string; action: string; json: boolean; params: Map<string, unknown> } {
  // SigV4: Credential=AKID/20260101/us-east-1/iam/aws4_request
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? 'unknown';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return { service, action: target.slice(target.lastIndexOf('.') + 1), json: true, params: jsonParams(body) };
  const query = new URL(req.url ?? '/', 'http://proxy').searchParams;
  const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams();
  const params = new Map<string, unknown>([...query, ...form]);
  return { service, action: form.get('Action') ?? query.get('Action') ?? `${req.method} ${req.url}`, json: false, params };
}

function jsonParams(body: Buffer): Map<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8') || '{}');
    return new Map(parsed !== null && typeof parsed === 'object' ? Object.entries(parsed) : []);
  } catch {
    return new Map();
  }
}

function refused(rules: FaultRules, call: string, params: ReadonlyMap<string, unknown>): boolean {
  return (rules.refuse ?? []).some((r) => r.call === call && Object.entries(r.params ?? {}).every(([name, value]) => params.get(name) === value));
}

function checkRules(rules: FaultRules): FaultRules {
  for (const key of ['throttle', 'serverError', 'reset'] as const) {
    const rate = rules[key];
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new Error(`fault proxy: ${key} must be a probability in [0, 1], got ${rate}`);
  }
  return { ...rules };
}

export async function startFaultProxy(target: string, rules: FaultRules = {}, seed = 1): Promise<FaultProxy> {
  let current = checkRules(rules);
  // Errors still to answer, per rule of the current rules.
  let errorsLeft = new Map((current.errors ?? []).map((rule) => [rule, rule.times]));
  const random = seededRandom(seed);
  const counts = new Map<string, number>();
  const injected = new Map<Fault, number>();
  const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault proxy: ${String(error)}`);
      });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const { service, action, json, params } = identify(req, body);
    const call = `${service}:${action}`;
    bump(counts, call);
    const rules = current;
    if (refused(rules, call, params)) {
      bump(injected, 'refuse');
      return sendError(res, errorShape('denied', service, call), service, json);
    }
    const canned = (rules.errors ?? []).find((rule) => rule.call === call && (errorsLeft.get(rule) ?? 0) > 0);
    if (canned) {
      errorsLeft.set(canned, errorsLeft.get(canned)! - 1);
      bump(injected, 'error');
      return sendError(res, { status: 400, code: canned.code, message: canned.message ?? `${canned.code} (from the fault proxy)`, type: 'Sender' }, service, json);
    }
    if (rules.services === undefined || rules.services.includes(service)) {
      if (rules.latencyMs) await sleep(rules.latencyMs);
      // One draw per matched call, split into bands, keeps a seed's fault sequence stable.
      const draw = random();
      const reset = rules.reset ?? 0;
      const throttle = reset + (rules.throttle ?? 0);
      const serverError = throttle + (rules.serverError ?? 0);
      if (draw < reset) {
        bump(injected, 'reset');
        req.socket.destroy();
        return;
      }
      if (draw < throttle) {
        bump(injected, 'throttle');
        return sendError(res, errorShape('throttle', service), service, json);
      }
      if (draw < serverError) {
        bump(injected, 'serverError');
        const kind = draw < (throttle + serverError) / 2 ? 'internal' : 'unavailable';
        return sendError(res, errorShape(kind, service), service, json);
      }
    }
    const rewrites = (rules.rewrite ?? []).filter((r) => r.call === call);
    if (rewrites.length) bump(injected, 'rewrite');
    await forward(req, res, body, rewrites);
  }

  let inFlight = 0;
  let busySince = 0;
  let busyMs = 0;
  const upstreamStarted = () => {
    if (inFlight++ === 0) busySince = performance.now();
  };
  const upstreamDone = () => {
    if (--inFlight === 0) busyMs += performance.now() - busySince;
  };

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, rewrites: NonNullable<FaultRules['rewrite']>): Promise<void> {
    upstreamStarted();
    return new Promise<void>((resolve, reject) => {
      const outgoing = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host }, agent },
        (answer) => {
          answer.on('error', reject);
          if (!rewrites.length) {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('end', resolve);
            return;
          }
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const text = rewrites.reduce((t, r) => t.replaceAll(r.from, r.to), Buffer.concat(chunks).toString('utf8'));
            const { 'transfer-encoding': _chunked, ...headers } = answer.headers;
            res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': Buffer.byteLength(text) });
            res.end(text);
            resolve();
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    }).finally(upstreamDone);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    setRules(r) {
      current = checkRules(r);
      errorsLeft = new Map((current.errors ?? []).map((rule) => [rule, rule.times]));
    },
    counts: () => new Map(counts),
    injected: () => new Map(injected),
    upstreamBusyMs: () => busyMs + (inFlight > 0 ? performance.now() - busySince : 0),
    resetCounts() {
      counts.clear();
      injected.clear();
      busyMs = 0;
      if (inFlight > 0) busySince = performance.now();
    },
    stop() {
      agent.destroy();
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
