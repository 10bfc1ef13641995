// Walks a chain hop by hop: a fresh cached session answers at once (the AWS SDK is not even
// loaded); otherwise the parent is resolved first, then the hop's lock is taken, the cache read
// again (another process may have just signed in) and only then is STS called.
import { readFileSync } from 'node:fs';
import { clampDuration, digest, type ChainPlan, type Hop, type StartSource } from '../../creds/chain.js';
import { CredentialsError } from '../../creds/errors.js';
import { personFromArn, personFromCi, stsName } from '../../creds/names.js';
import { HANDOUT_MARGIN_MS, isFresh, PARENT_MARGIN_MS, type CachedSession, type SessionCredentials } from '../../creds/session.js';
import type { Keys } from '../../aws/credentials.js';
import type { SessionCache } from './session-cache.js';

export interface ResolveContext {
  cache: SessionCache;
  start: StartSource;
  region: string;
  endpoint?: string;
  /** Never prompt; a needed MFA code is an error. */
  ci: boolean;
  /** --mfa-serial, else the starting profile's mfa_serial, else the IAM user's MFA device. */
  mfaSerial?: string;
  /** mfa_serial of the starting profile in the AWS config, when it has one (read only when MFA is needed). */
  profileMfaSerial?: () => string | undefined;
  /** CROSSROLE_IDENTITY: who acts, when the caller's ARN does not say (shared IAM users). */
  identity?: string;
  env: NodeJS.ProcessEnv;
  /** One line on stderr (notes a person should see; never secrets). */
  note(message: string): void;
}

/** The starting credentials and who they belong to. */
interface Start {
  credentials: Keys;
  arn: string;
  person: string;
  roleSession: boolean;
}

/** Set while the starting credentials resolve: a profile that leads back into crossrole would loop forever. */
const LOOP_GUARD = 'CROSSROLE_RESOLVING_START';

export async function resolveChain(plan: ChainPlan, ctx: ResolveContext): Promise<CachedSession> {
  const last = plan.hops.length - 1;
  const cached = ctx.cache.read(plan.hops[last]!.key);
  if (cached && isFresh(cached, Date.now(), HANDOUT_MARGIN_MS)) return cached;
  if (ctx.env[LOOP_GUARD]) throw new CredentialsError('CredentialLoop', 'crossrole credentials was started while resolving its own starting credentials: the starting profile leads back to a crossrole profile; pass --hub-profile with your own credentials');
  const aws = await import('../../aws/credentials.js');
  let start: Promise<Start> | undefined;
  const access = { region: ctx.region, ...(ctx.endpoint !== undefined && { endpoint: ctx.endpoint }) };

  const startOnce = () =>
    (start ??= (async (): Promise<Start> => {
      process.env[LOOP_GUARD] = '1';
      try {
        const credentials = await aws.startCredentials(ctx.start, (serial) => readCode(serial, ctx));
        const arn = await aws.callerArn(credentials, access);
        return { credentials, arn, person: ctx.identity ? stsName(ctx.identity) : personFromArn(arn), roleSession: /:assumed-role\//.test(arn) };
      } finally {
        delete process.env[LOOP_GUARD];
      }
    })());

  const mfaFor = async (parent: Start): Promise<{ serialNumber: string; tokenCode: string }> => {
    let serial = ctx.mfaSerial ?? ctx.profileMfaSerial?.();
    const user = /:user\/(?:.*\/)?([^/]+)$/.exec(parent.arn)?.[1];
    if (serial === undefined && user !== undefined) serial = (await aws.mfaDevices(parent.credentials, user, access))[0];
    if (serial === undefined) throw new CredentialsError('MfaRequired', `the spoke trust requires MFA and ${parent.arn} has no MFA device crossrole can find; pass --mfa-serial`);
    return { serialNumber: serial, tokenCode: await readCode(serial, ctx) };
  };

  const call = async (hop: Hop, parent: Start | CachedSession | undefined): Promise<{ session: CachedSession; keep: boolean }> => {
    const made = (s: { credentials: SessionCredentials; arn?: string }, extra: Pick<CachedSession, 'person' | 'roleSession' | 'chained'>): CachedSession => ({
      version: 1,
      key: hop.key,
      ...('roleArn' in hop && { roleArn: hop.roleArn }),
      ...(s.arn !== undefined && { arn: s.arn }),
      ...extra,
      credentials: s.credentials,
    });
    if (hop.kind === 'web-identity') {
      if (ctx.start.kind !== 'web-identity') throw new Error('web identity hop without a web identity start');
      const person = ctx.identity ? stsName(ctx.identity) : (personFromCi(ctx.env) ?? 'crossrole-ci');
      let token: string;
      try {
        token = readFileSync(ctx.start.tokenFile, 'utf8').trim();
      } catch (error) {
        throw new CredentialsError('NoCredentials', `cannot read the web identity token AWS_WEB_IDENTITY_TOKEN_FILE=${ctx.start.tokenFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const s = await aws.assumeRoleWithWebIdentity({ roleArn: hop.roleArn, token, sessionName: person, durationSeconds: hop.durationSeconds }, access);
      return { session: made(s, { person, roleSession: true, chained: false }), keep: true };
    }
    const from = parent ?? (await startOnce());
    const isStart = parent === undefined;
    if (hop.kind === 'session-token') {
      const s = from as Start;
      if (s.roleSession) throw new CredentialsError('MfaRequired', `the spoke trust requires MFA for a user hub, and ${s.arn} is a role session, which cannot open an MFA session (GetSessionToken); start from the IAM user's own keys (--hub-profile)`);
      const session = await aws.sessionToken(s.credentials, { durationSeconds: hop.durationSeconds, mfa: await mfaFor(s) }, access);
      return { session: made(session, { person: s.person, roleSession: false, chained: false }), keep: true };
    }
    if (isStart && sameRole((from as Start).arn, hop.roleArn)) {
      // The starting credentials already are this role (an SSO permission set or CI role that is the hub).
      const s = from as Start;
      const expiration = new Date(s.credentials.expiration ?? Date.now() + 3600_000).toISOString();
      const credentials: SessionCredentials = { accessKeyId: s.credentials.accessKeyId, secretAccessKey: s.credentials.secretAccessKey, sessionToken: s.credentials.sessionToken ?? '', expiration };
      return { session: made({ credentials, arn: s.arn }, { person: s.person, roleSession: true, chained: false }), keep: false };
    }
    let mfa: { serialNumber: string; tokenCode: string } | undefined;
    if (hop.mfa && isStart) {
      if (from.roleSession) ctx.note(`crossrole: the spoke trust requires MFA; ${(from as Start).arn} is a role session, so MFA must already be part of it (STS adds none to a role session)`);
      else mfa = await mfaFor(from as Start);
    }
    const s = await aws
      .assumeRole(
        from.credentials,
        { roleArn: hop.roleArn, sessionName: from.person, ...(hop.sourceIdentity && { sourceIdentity: from.person }), durationSeconds: clampDuration(hop.durationSeconds, from.roleSession), ...(mfa && { mfa }) },
        access,
      )
      .catch((error: unknown) => {
        throw withHint(error, hop, from.roleSession);
      });
    return { session: made(s, { person: from.person, roleSession: true, chained: from.roleSession }), keep: true };
  };

  const resolve = async (index: number, margin: number): Promise<CachedSession> => {
    const hop = plan.hops[index]!;
    const fresh = (s: CachedSession | undefined) => s !== undefined && isFresh(s, Date.now(), margin);
    const cachedHop = ctx.cache.read(hop.key);
    if (fresh(cachedHop)) return cachedHop!;
    const parent = index === 0 ? undefined : await resolve(index - 1, PARENT_MARGIN_MS);
    const release = await ctx.cache.lock(hop.key);
    try {
      const again = ctx.cache.read(hop.key);
      if (fresh(again)) return again!;
      const { session, keep } = await call(hop, parent);
      if (keep) ctx.cache.write(session);
      return session;
    } finally {
      release();
    }
  };
  return resolve(last, HANDOUT_MARGIN_MS);
}

/** What an AccessDenied most likely means for a hop crossrole asked with SourceIdentity or MFA. */
function withHint(error: unknown, hop: Extract<Hop, { kind: 'assume-role' }>, fromRoleSession: boolean): unknown {
  if (!(error instanceof CredentialsError) || error.code !== 'AccessDenied') return error;
  const hints: string[] = [];
  if (hop.sourceIdentity) hints.push(`crossrole sets SourceIdentity on every hop (the spoke requires it): the trust of ${hop.roleArn} must allow sts:SetSourceIdentity, and your policy too`);
  if (hop.mfa && fromRoleSession) hints.push('the spoke trust requires MFA, and a role session has it only when it was opened with MFA');
  return hints.length ? new CredentialsError('AccessDenied', `${error.message} (${hints.join('; ')})`) : error;
}

async function readCode(serial: string, ctx: ResolveContext): Promise<string> {
  const { readMfaCode } = await import('./mfa-prompt.js');
  return readMfaCode(serial, ctx.ci);
}

/** `arn:…:sts::A:assumed-role/NAME/session` is a session of `arn:…:iam::A:role/path/NAME`. */
export function sameRole(callerArn: string, roleArn: string): boolean {
  const caller = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(callerArn);
  const role = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  return caller !== null && role !== null && caller[1] === role[1] && caller[2] === role[2];
}

/** The cache key of a token file's content: a new CI job (new token) never reuses the last job's session. */
export function tokenDigest(file: string): string {
  try {
    return digest(readFileSync(file, 'utf8').trim());
  } catch {
    return 'unreadable';
  }
}
