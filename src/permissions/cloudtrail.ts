// CloudTrail events → the IAM actions a principal used: the calls that were allowed, and apart
// from them the ones denied (a permission the principal lacked) and those no catalog action
// stands for (console sign-ins, services the catalog does not know). Pure: the records are given.
import { eventAction } from './event-actions.js';

export interface UsageFilter {
  /** The caller's ARN, or the role ARN behind an assumed-role session. */
  principal?: string;
  /** Events before this time are left out. */
  since?: Date;
}

export interface ActionUsage {
  /** Allowed calls' actions, catalog-spelled, sorted: what `permissions compress` takes. */
  actions: string[];
  /** Actions only ever denied. */
  denied: string[];
  /** `eventSource eventName` of calls no catalog action stands for. */
  unmapped: string[];
  /** API calls read (after the filter). */
  events: number;
}

export type TrailFile = { records: unknown[] } | { problem: string };

/** The records of a file as S3 delivers them (`{"Records": [...]}`) or as `aws cloudtrail lookup-events` prints them (`{"Events": [{"CloudTrailEvent": "<json>"}]}`). */
export function trailRecords(data: unknown): TrailFile {
  const { Records, Events } = (typeof data === 'object' && data !== null ? data : {}) as { Records?: unknown; Events?: unknown };
  if (Array.isArray(Records)) return { records: Records };
  if (!Array.isArray(Events)) return { problem: 'expected CloudTrail records ({"Records": [...]}, as delivered to S3) or lookup-events output ({"Events": [...]})' };
  const records: unknown[] = [];
  for (const [i, e] of (Events as { CloudTrailEvent?: unknown }[]).entries()) {
    try {
      records.push(JSON.parse(String(e?.CloudTrailEvent)));
    } catch {
      return { problem: `Events[${i}].CloudTrailEvent: expected the event as a JSON string` };
    }
  }
  return { records };
}

/** Service prefixes the records' calls belong to: the catalog services to load. */
export function recordServices(records: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const r of records as TrailRecord[]) {
    const action = eventAction(String(r?.eventSource ?? ''), String(r?.eventName ?? ''), () => false);
    if (action !== undefined) out.add(action.slice(0, action.indexOf(':')).toLowerCase());
  }
  return [...out];
}

interface TrailRecord {
  eventSource?: unknown;
  eventName?: unknown;
  eventTime?: unknown;
  eventType?: unknown;
  errorCode?: unknown;
  userIdentity?: { arn?: unknown; sessionContext?: { sessionIssuer?: { arn?: unknown } } };
}

const DENIED = /AccessDenied|Unauthorized/i;

/** `canonical`: the catalog spelling of an action (any case), or undefined when the catalog lacks it. */
export function actionUsage(records: readonly unknown[], filter: UsageFilter, canonical: (action: string) => string | undefined): ActionUsage {
  const allowed = new Set<string>();
  const denied = new Set<string>();
  const unmapped = new Set<string>();
  let events = 0;
  for (const raw of records) {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as TrailRecord;
    if (r.eventType !== undefined && r.eventType !== 'AwsApiCall') continue;
    if (filter.principal !== undefined && !callerMatches(r, filter.principal)) continue;
    if (filter.since !== undefined && !(typeof r.eventTime === 'string' && Date.parse(r.eventTime) >= filter.since.getTime())) continue;
    events++;
    const source = typeof r.eventSource === 'string' ? r.eventSource : '';
    const name = typeof r.eventName === 'string' ? r.eventName : '';
    const named = eventAction(source, name, (a) => canonical(a) !== undefined);
    const action = named === undefined ? undefined : canonical(named);
    if (action === undefined) unmapped.add(`${source || '(no eventSource)'} ${name || '(no eventName)'}`);
    else if (typeof r.errorCode === 'string' && DENIED.test(r.errorCode)) denied.add(action);
    else allowed.add(action);
  }
  return { actions: [...allowed].sort(), denied: [...denied].filter((a) => !allowed.has(a)).sort(), unmapped: [...unmapped].sort(), events };
}

function callerMatches(r: TrailRecord, principal: string): boolean {
  const identity = r.userIdentity;
  return identity?.arn === principal || identity?.sessionContext?.sessionIssuer?.arn === principal;
}
