// IAM policy documents in (object, JSON text, or the URL-encoded JSON that IAM's API returns),
// normalized ParsedPolicy out, with grammar findings in the style of IAM Access Analyzer's policy
// validation (codes follow its check names; the messages are ours).
import { checkJsonText, type JsonProblem } from '../json-text.js';
import { isKnownOperator } from './conditions/index.js';
import { parseArn } from './match.js';
import type { ConditionClause, Finding, FindingSeverity, NormalizedStatement, ParsedPolicy, PrincipalBlock } from './types.js';

/**
 * What the policy is attached to; it decides the kind-specific grammar (Principal allowed or
 * required, Resource allowed, …). Without a kind only the rules common to all policies apply.
 */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'scp' | 'rcp';

export interface ParseOptions {
  kind?: PolicyKind;
  /** Partition for bare account ids in AWS principals (`123456789012` → `arn:<partition>:iam::123456789012:root`). */
  partition?: string;
}

export interface ParseResult {
  /**
   * Absent when the document has no single meaning: not JSON, not an object, no statements, a
   * statement without a valid Effect or Action, conflicting elements (Action with NotAction, …)
   * or values of the wrong JSON type. Other ERROR findings still come with a policy: callers that
   * need an IAM-valid policy also check the findings.
   */
  policy?: ParsedPolicy;
  findings: Finding[];
}

type Path = (string | number)[];

const VERSIONS = ['2012-10-17', '2008-10-17'];
const POLICY_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const PRINCIPAL_KEYS = { AWS: 'aws', Service: 'service', Federated: 'federated', CanonicalUser: 'canonicalUser' } as const;
type PrincipalKey = keyof typeof PRINCIPAL_KEYS;

const ACCOUNT_ID = /^\d{12}$/;
/** IAM unique ids (AIDA…, AROA…): IAM shows these in place of principals that were deleted. */
const UNIQUE_ID = /^A[A-Z]{3}[A-Z0-9]{12,}$/;
const CANONICAL_USER = /^[0-9a-f]{64}$/i;
const HOST_NAME = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const ACTION = /^[a-z0-9*?-]+:[a-z0-9*?_.-]+$/i;
/** A malformed action IAM still stores (it names a service): `s3:GetObject,PutObject`, `s3:`, ` s3:GetObject`. It matches no request. */
const STORED_ACTION = /^\s*[a-z0-9*?-]+:/i;
const SID = /^[A-Za-z0-9]*$/;
// service:key, or an identity provider host (with an optional path) for web-identity keys:
// token.actions.githubusercontent.com:sub, oidc.eks.us-east-1.amazonaws.com/id/ABC:aud.
const CONDITION_KEY = /^[a-z0-9*?._/-]+:./i;
const PARTITION = /^aws(-[a-z]+)*$/;
const REGION = /^[a-z]{2}(-[a-z0-9]+)+$/;
const ARN_ACCOUNT = /^(\d{12}|aws)$/;
const WILDCARD = /[*?]/;
/** A segment with a wildcard or a variable is not checked for its format. */
const OPEN = /[*?]|\$\{/;

/** Kinds IAM or Organizations store: they reject Sids outside [A-Za-z0-9] and duplicate Sids. */
const STRICT_SID_KINDS = new Set<PolicyKind>(['identity', 'trust', 'scp', 'rcp']);

interface StatementRef {
  index: number;
  sid?: string;
  path: Path;
}

/** Collects findings; `broken` marks a document that cannot be given one meaning. */
class Findings {
  readonly list: Finding[] = [];
  broken = false;

  /** `element` defaults to the path's first name below the statement (or below the document). */
  add(severity: FindingSeverity, code: string, message: string, path: Path, at?: StatementRef, element?: string): void {
    const below = path[at ? at.path.length : 0];
    element ??= typeof below === 'string' ? below : undefined;
    this.list.push({
      severity,
      code,
      message,
      ...(at && { statementIndex: at.index }),
      ...(at?.sid !== undefined && { sid: at.sid }),
      ...(element !== undefined && { element }),
      path,
    });
  }

  /** An error after which the normalized policy would be a guess. */
  fatal(code: string, message: string, path: Path, at?: StatementRef, element?: string): void {
    this.add('ERROR', code, message, path, at, element);
    this.broken = true;
  }
}

/** Findings about text AWS stores and evaluates as matching nothing: errors for lint, not reasons to refuse the document. */
const MATCHES_NOTHING = new Set(['ACTION_NEVER_MATCHES']);

/** Whether IAM would refuse the document for this finding (evaluation refuses it too). */
export function refusesDocument(finding: Finding): boolean {
  return finding.severity === 'ERROR' && !MATCHES_NOTHING.has(finding.code);
}

export function parsePolicy(input: unknown, options: ParseOptions = {}): ParseResult {
  const findings = new Findings();
  const decoded = decode(input);
  if ('error' in decoded) {
    findings.fatal('INVALID_JSON', `The policy is not valid JSON: ${decoded.error}.`, []);
    return { findings: findings.list };
  }
  const doc = decoded.document;
  for (const { path = [] } of decoded.duplicates ?? []) {
    findings.add('ERROR', 'DUPLICATE_KEY', `The key ${JSON.stringify(path.at(-1))} is given twice in one object: IAM refuses the document (MalformedPolicyDocument).`, [...path], statementAt(doc, path));
  }
  if (!isObject(doc)) {
    findings.fatal('DATA_TYPE_MISMATCH', `A policy document is a JSON object, not ${describe(doc)}.`, []);
    return { findings: findings.list };
  }
  const parser = new Parser(findings, options, doc);
  const statements = parser.statements();
  if (findings.broken || statements === undefined) return { findings: findings.list };
  const policy: ParsedPolicy = {
    ...(parser.version !== undefined && { version: parser.version }),
    ...(typeof doc.Id === 'string' && { id: doc.Id }),
    statements,
    original: doc,
  };
  return { policy, findings: findings.list };
}

type Decoded = { document: unknown; duplicates?: JsonProblem[] } | { error: string };

/** The statement a path inside the document leads into, if any. */
function statementAt(doc: unknown, path: readonly (string | number)[]): StatementRef | undefined {
  if (!isObject(doc) || path[0] !== 'Statement' || path.length < 2) return undefined;
  const listed = Array.isArray(doc.Statement);
  if (listed && typeof path[1] !== 'number') return undefined;
  const index = listed ? (path[1] as number) : 0;
  const raw = listed ? (doc.Statement as unknown[])[index] : doc.Statement;
  const sid = isObject(raw) && typeof raw.Sid === 'string' ? raw.Sid : undefined;
  return { index, path: listed ? ['Statement', index] : ['Statement'], ...(sid !== undefined && { sid }) };
}

/** Objects pass through; strings are JSON, or URL-encoded JSON when they start with `%7B` (`{`). */
function decode(input: unknown): Decoded {
  if (typeof input !== 'string') return { document: input };
  const text = input.trim();
  if (!/^%7b/i.test(text)) return parseJson(text);
  // IAM percent-encodes per RFC 3986 (spaces as %20, `*` as %2A). Form encoding (spaces as `+`)
  // is tried second because some tools re-encode that way; a literal `+` is then %2B.
  const strict = parseJson(percentDecode(text));
  if ('document' in strict || !text.includes('+')) return strict;
  const form = parseJson(percentDecode(text.replace(/\+/g, ' ')));
  return 'document' in form ? form : strict;
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Strict JSON: a syntax error says where; keys given twice (which JSON.parse lets pass, the last winning) are reported. */
function parseJson(text: string): Decoded {
  const { syntax, duplicates } = checkJsonText(text);
  if (syntax) return { error: `${syntax.message.replace(/^invalid JSON: /, '')} (at character ${syntax.offset + 1})` };
  return { document: JSON.parse(text) as unknown, duplicates };
}

class Parser {
  readonly version: string | undefined;
  private readonly variables: boolean;
  private readonly kind: PolicyKind | undefined;
  private readonly partition: string;

  constructor(
    private readonly f: Findings,
    options: ParseOptions,
    private readonly doc: Record<string, unknown>,
  ) {
    this.kind = options.kind;
    this.partition = options.partition ?? 'aws';
    for (const key of Object.keys(doc)) {
      if (!POLICY_ELEMENTS.has(key)) f.add('ERROR', 'INVALID_POLICY_ELEMENT', `"${key}" is not a policy element (Version, Id, Statement).`, [key]);
    }
    this.version = this.checkVersion();
    this.variables = this.version === '2012-10-17';
    if ('Id' in doc && typeof doc.Id !== 'string') f.add('ERROR', 'DATA_TYPE_MISMATCH', `Id is a string, not ${describe(doc.Id)}.`, ['Id']);
  }

  private checkVersion(): string | undefined {
    const version = this.doc.Version;
    const orgPolicy = this.kind === 'scp' || this.kind === 'rcp';
    if (version === undefined) {
      // IAM defaults to 2008-10-17 (policy variables off); Organizations require the element.
      const severity = this.kind === 'rcp' ? 'ERROR' : 'WARNING';
      this.f.add(severity, 'MISSING_VERSION', 'The policy has no Version: policy variables are then plain text. Add "Version": "2012-10-17".', [], undefined, 'Version');
      return undefined;
    }
    if (typeof version === 'string' && (orgPolicy ? version === '2012-10-17' : VERSIONS.includes(version))) return version;
    const allowed = orgPolicy ? '"2012-10-17"' : '"2012-10-17" or "2008-10-17"';
    this.f.add('ERROR', 'INVALID_VERSION', `Version ${quote(version)} is not valid; use ${allowed}.`, ['Version']);
    return undefined;
  }

  statements(): NormalizedStatement[] | undefined {
    const raw = this.doc.Statement;
    if (raw === undefined) {
      this.f.fatal('MISSING_STATEMENT', 'The policy has no Statement element.', [], undefined, 'Statement');
      return undefined;
    }
    if (Array.isArray(raw) && raw.length === 0) {
      // Still one meaning: the policy grants and denies nothing.
      this.f.add('ERROR', 'MISSING_STATEMENT', 'Statement is an empty list. Add a statement.', ['Statement']);
      return [];
    }
    const list: unknown[] = Array.isArray(raw) ? raw : [raw];
    const statements: NormalizedStatement[] = [];
    const sids = new Map<string, number>();
    list.forEach((item, index) => {
      const path: Path = Array.isArray(raw) ? ['Statement', index] : ['Statement'];
      if (!isObject(item)) {
        this.f.fatal('DATA_TYPE_MISMATCH', `A statement is a JSON object, not ${describe(item)}.`, path, { index, path }, 'Statement');
        return;
      }
      const statement = this.statement(item, index, path);
      if (statement) statements.push(statement);
      if (typeof item.Sid === 'string' && item.Sid !== '') {
        const first = sids.get(item.Sid);
        if (first === undefined) sids.set(item.Sid, index);
        else this.duplicateSid(item.Sid, first, { index, sid: item.Sid, path });
      }
    });
    return statements;
  }

  private duplicateSid(sid: string, first: number, at: StatementRef): void {
    const message = `Sid "${sid}" is also the Sid of statement ${first}; statement ids must be unique in a policy.`;
    if (this.kind !== undefined && STRICT_SID_KINDS.has(this.kind)) this.f.add('ERROR', 'UNIQUE_SIDS_REQUIRED', message, [...at.path, 'Sid'], at);
    else this.f.add('WARNING', 'UNIQUE_SIDS_RECOMMENDED', message, [...at.path, 'Sid'], at);
  }

  private statement(raw: Record<string, unknown>, index: number, path: Path): NormalizedStatement | undefined {
    const sid = typeof raw.Sid === 'string' ? raw.Sid : undefined;
    const at: StatementRef = { index, path, ...(sid !== undefined && { sid }) };
    for (const key of Object.keys(raw)) {
      if (!STATEMENT_ELEMENTS.has(key)) {
        this.f.add('ERROR', 'INVALID_POLICY_ELEMENT', `"${key}" is not a statement element (element names are case-sensitive).`, [...path, key], at);
      }
    }
    this.checkSid(raw, at);
    const effect = this.effect(raw, at);
    const action = this.pair(raw, at, 'Action', 'NotAction', (value, p) => this.checkAction(value, p, at));
    const resource = this.pair(raw, at, 'Resource', 'NotResource', (value, p) => this.checkResource(value, p, at));
    const principal = this.principals(raw, at);
    const conditions = this.conditions(raw.Condition, [...path, 'Condition'], at);
    if (action.name === undefined && !action.conflict) this.f.fatal('MISSING_ACTION', 'The statement has neither Action nor NotAction.', path, at, 'Action');
    this.kindRules(raw, at, effect, action.name, resource.name, principal.name);
    if (effect === undefined || action.values === undefined || conditions === undefined) return undefined;
    const statement: NormalizedStatement = { index, effect, conditions };
    if (sid !== undefined) statement.sid = sid;
    if (action.name === 'Action') statement.action = action.values;
    else statement.notAction = action.values;
    if (resource.name === 'Resource') statement.resource = resource.values;
    else if (resource.name === 'NotResource') statement.notResource = resource.values;
    if (principal.name === 'Principal') statement.principal = principal.block;
    else if (principal.name === 'NotPrincipal') statement.notPrincipal = principal.block;
    return statement;
  }

  private checkSid(raw: Record<string, unknown>, at: StatementRef): void {
    if (!('Sid' in raw)) return;
    const path = [...at.path, 'Sid'];
    if (typeof raw.Sid !== 'string') this.f.add('ERROR', 'DATA_TYPE_MISMATCH', `Sid is a string, not ${describe(raw.Sid)}.`, path, at);
    else if (raw.Sid === '') this.f.add('SUGGESTION', 'EMPTY_SID_VALUE', 'The Sid is empty: give it a value or remove it.', path, at);
    else if (!SID.test(raw.Sid) && this.kind !== 'resource') {
      // IAM and Organizations accept only letters and digits; services with resource policies
      // (S3, SNS, SQS, …) accept more, so the check is a warning when the kind is unknown.
      const severity = this.kind !== undefined && STRICT_SID_KINDS.has(this.kind) ? 'ERROR' : 'WARNING';
      this.f.add(severity, 'UNSUPPORTED_SID', `Sid "${raw.Sid}" may contain only letters (A-Z, a-z) and digits.`, path, at);
    }
  }

  private effect(raw: Record<string, unknown>, at: StatementRef): 'Allow' | 'Deny' | undefined {
    if (!('Effect' in raw)) {
      this.f.fatal('MISSING_EFFECT', 'The statement has no Effect. Add "Effect": "Allow" or "Deny".', at.path, at, 'Effect');
      return undefined;
    }
    if (raw.Effect === 'Allow' || raw.Effect === 'Deny') return raw.Effect;
    this.f.fatal('INVALID_EFFECT', `Effect ${quote(raw.Effect)} is not valid; use "Allow" or "Deny" (case-sensitive).`, [...at.path, 'Effect'], at);
    return undefined;
  }

  /** An element and its Not form (Action/NotAction, Resource/NotResource): at most one, as string lists. */
  private pair<N extends string>(
    raw: Record<string, unknown>,
    at: StatementRef,
    name: N,
    notName: `Not${N}`,
    check: (value: string, path: Path) => void,
  ): { name?: N | `Not${N}`; values?: string[]; conflict: boolean } {
    if (name in raw && notName in raw) {
      this.f.fatal('UNSUPPORTED_ELEMENT_COMBINATION', `${name} and ${notName} cannot be used in the same statement.`, [...at.path, notName], at);
      return { conflict: true };
    }
    const present = name in raw ? name : notName in raw ? notName : undefined;
    if (present === undefined) return { conflict: false };
    const path = [...at.path, present];
    const values = this.stringList(raw[present], path, at);
    if (values === undefined) return { name: present, conflict: false };
    if (values.length === 0) {
      const code = name === 'Action' ? 'EMPTY_ARRAY_ACTION' : 'EMPTY_ARRAY_RESOURCE';
      const effect = present === name ? 'matches nothing' : 'excludes nothing';
      this.f.add('SUGGESTION', code, `${present} is an empty list: the statement ${effect}. List the values.`, path, at);
    }
    values.forEach((value, i) => check(value, Array.isArray(raw[present]) ? [...path, i] : path));
    return { name: present, values, conflict: false };
  }

  /** A string or an array of strings, as an array. Anything else is a type error. */
  private stringList(value: unknown, path: Path, at: StatementRef): string[] | undefined {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [...value];
    this.f.fatal('DATA_TYPE_MISMATCH', `${String(path[path.length - 1])} is a string or a list of strings, not ${describe(value)}.`, path, at);
    return undefined;
  }

  private checkAction(action: string, path: Path, at: StatementRef): void {
    if (this.variables && action.includes('${')) this.variableNotSupported(action, path, at);
    else if (action !== '*' && !ACTION.test(action)) {
      if (STORED_ACTION.test(action)) this.f.add('ERROR', 'ACTION_NEVER_MATCHES', `Action "${action}" can never match a request (an action name has no spaces, commas or further colons and is not empty); AWS stores it, so crossrole evaluates it as matching nothing: write one service:ActionName per entry.`, path, at);
      else this.f.add('ERROR', 'INVALID_ACTION', `Action "${action}" is not of the form service:ActionName (wildcards * and ? allowed) or "*".`, path, at);
    }
  }

  private checkResource(resource: string, path: Path, at: StatementRef): void {
    this.checkVariables(resource, path, at);
    if (resource !== '*') this.checkArn(resource, path, at, true);
  }

  /** ARN grammar per segment; segments with a wildcard or a variable are not checked. */
  private checkArn(value: string, path: Path, at: StatementRef, resource: boolean): void {
    if (!value.startsWith('arn:')) {
      this.f.add('ERROR', 'INVALID_ARN_PREFIX', `"${value}" is not an ARN: it must start with "arn:"${resource ? ' (or be "*")' : ''}.`, path, at);
      return;
    }
    const arn = parseArn(value);
    if (arn === undefined || arn.service === '' || arn.resource === '') {
      this.f.add('ERROR', 'MISSING_ARN_FIELD', `ARN "${value}" lacks fields: an ARN is arn:partition:service:region:account:resource.`, path, at);
      return;
    }
    if (!OPEN.test(arn.partition) && !PARTITION.test(arn.partition)) {
      this.f.add('ERROR', 'INVALID_PARTITION', `ARN "${value}" has partition "${arn.partition}"; partitions are aws, aws-cn, aws-us-gov, ….`, path, at);
    }
    if (WILDCARD.test(arn.service)) {
      if (resource) this.f.add('SUGGESTION', 'WILDCARD_IN_SERVICE_NAME', `ARN "${value}" has a wildcard in its service: it may match services you did not intend.`, path, at);
    } else if (arn.service !== arn.service.toLowerCase()) {
      this.f.add('ERROR', 'INVALID_ARN_SERVICE_CASE', `ARN "${value}": the service "${arn.service}" must be lower case (ARNs match case-sensitively).`, path, at);
    }
    if (arn.region !== '' && !OPEN.test(arn.region) && !REGION.test(arn.region)) {
      this.f.add('ERROR', 'INVALID_ARN_REGION', `ARN "${value}" has region "${arn.region}", which is not a region code.`, path, at);
    }
    if (arn.account !== '' && !OPEN.test(arn.account) && !ARN_ACCOUNT.test(arn.account)) {
      this.f.add('ERROR', 'INVALID_ARN_ACCOUNT', `ARN "${value}" has account "${arn.account}"; an account id has 12 digits.`, path, at);
    }
  }

  /** Variable syntax in an element that supports variables (Resource, Condition values). */
  private checkVariables(value: string, path: Path, at: StatementRef): void {
    if (!value.includes('${')) return;
    if (!this.variables) {
      if (/\$\{[^}]*\}/.test(value)) {
        this.f.add('WARNING', 'VARIABLE_UNSUPPORTED_IN_VERSION', `"${value}" uses a policy variable, but without "Version": "2012-10-17" it is plain text.`, path, at);
      }
      return;
    }
    for (let start = value.indexOf('${'); start >= 0; start = value.indexOf('${', start + 2)) {
      const end = value.indexOf('}', start);
      if (end < 0) {
        this.f.add('ERROR', 'MISSING_BRACE_IN_VARIABLE', `"${value}": a policy variable lacks its closing "}".`, path, at);
        return;
      }
      const body = value.slice(start + 2, end);
      const [name = '', fallback] = splitOnce(body, ',');
      if (body.trim() === '') this.f.add('ERROR', 'EMPTY_VARIABLE', `"${value}" has an empty policy variable "\${}".`, path, at);
      else if (/\s/.test(name)) this.f.add('ERROR', 'UNSUPPORTED_SPACE_IN_VARIABLE', `"${value}": a variable name cannot contain spaces.`, path, at);
      else if (fallback !== undefined && !/^\s*'[^']*'\s*$/.test(fallback)) {
        this.f.add('ERROR', 'MISSING_QUOTE_IN_VARIABLE', `"${value}": a variable's default value goes in single quotes, e.g. \${aws:username, 'none'}.`, path, at);
      }
    }
  }

  private variableNotSupported(value: string, path: Path, at: StatementRef): void {
    this.f.add('ERROR', 'VARIABLE_UNSUPPORTED_IN_ELEMENT', `"${value}" uses a policy variable; variables work only in Resource and Condition values.`, path, at);
  }

  private principals(raw: Record<string, unknown>, at: StatementRef): { name?: 'Principal' | 'NotPrincipal'; block?: PrincipalBlock } {
    if ('Principal' in raw && 'NotPrincipal' in raw) {
      this.f.fatal('UNSUPPORTED_ELEMENT_COMBINATION', 'Principal and NotPrincipal cannot be used in the same statement.', [...at.path, 'NotPrincipal'], at);
      return {};
    }
    const name = 'Principal' in raw ? 'Principal' : 'NotPrincipal' in raw ? 'NotPrincipal' : undefined;
    if (name === undefined) return {};
    const block = this.principalBlock(raw[name], [...at.path, name], at);
    if (name === 'NotPrincipal' && raw.Effect === 'Allow') {
      this.f.add('SECURITY_WARNING', 'ALLOW_WITH_NOT_PRINCIPAL', 'Allow with NotPrincipal grants access to every principal not listed, anonymous ones included. Use Principal.', [...at.path, name], at);
    }
    return { name, ...(block && { block }) };
  }

  private principalBlock(value: unknown, path: Path, at: StatementRef): PrincipalBlock | undefined {
    const block: PrincipalBlock = { wildcard: false, aws: [], service: [], federated: [], canonicalUser: [] };
    if (value === '*') return { ...block, wildcard: true, aws: ['*'] };
    if (!isObject(value)) {
      this.f.fatal('INVALID_PRINCIPAL_FORMAT', `The principal is "*" or an object such as {"AWS": "123456789012"}, not ${describe(value)}.`, path, at);
      return undefined;
    }
    if (Object.keys(value).length === 0) {
      this.f.add('SUGGESTION', 'EMPTY_OBJECT_PRINCIPAL', 'The principal object is empty: the statement applies to no one. Name the principals.', path, at);
    }
    for (const [key, raw] of Object.entries(value)) {
      if (!Object.hasOwn(PRINCIPAL_KEYS, key)) {
        this.f.fatal('INVALID_PRINCIPAL_KEY', `"${key}" is not a principal type; use AWS, Service, Federated or CanonicalUser (case-sensitive).`, [...path, key], at);
        continue;
      }
      const keyPath = [...path, key];
      const values = this.stringList(raw, keyPath, at);
      if (values === undefined) continue;
      if (values.length === 0) this.f.add('SUGGESTION', 'EMPTY_ARRAY_PRINCIPAL', `${key} is an empty list: it names no principal.`, keyPath, at);
      const list = block[PRINCIPAL_KEYS[key as PrincipalKey]];
      values.forEach((v, i) => {
        const valuePath = Array.isArray(raw) ? [...keyPath, i] : keyPath;
        list.push(this.principalValue(key as PrincipalKey, v, valuePath, at));
      });
      if (key === 'AWS' && values.includes('*')) block.wildcard = true;
    }
    return block;
  }

  /** Checks one principal value and returns it normalized (bare account ids become root ARNs). */
  private principalValue(key: PrincipalKey, value: string, path: Path, at: StatementRef): string {
    if (this.variables && value.includes('${')) {
      this.variableNotSupported(value, path, at);
      return value;
    }
    if (key === 'AWS' && value === '*') return value;
    if (WILDCARD.test(value)) {
      this.f.add('ERROR', 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL', `"${value}": wildcards (*, ?) are not supported in ${key} principals, only "*" alone for AWS. Use a condition such as aws:PrincipalArn instead.`, path, at);
      return value;
    }
    switch (key) {
      case 'AWS':
        if (ACCOUNT_ID.test(value)) return `arn:${this.partition}:iam::${value}:root`;
        if (UNIQUE_ID.test(value)) return value;
        if (!value.startsWith('arn:')) {
          this.f.add('ERROR', 'INVALID_PRINCIPAL', `AWS principal "${value}" is neither "*", a 12-digit account id, an IAM unique id nor an ARN.`, path, at);
        } else if (!['iam', 'sts', undefined].includes(parseArn(value)?.service)) {
          this.f.add('ERROR', 'INVALID_PRINCIPAL', `AWS principal "${value}" is not an IAM or STS ARN.`, path, at);
        } else this.checkArn(value, path, at, false);
        return value;
      case 'Service':
        if (!HOST_NAME.test(value)) this.f.add('ERROR', 'INVALID_SERVICE_PRINCIPAL_FORMAT', `Service principal "${value}" is not of the form service-name.amazonaws.com.`, path, at);
        return value;
      case 'Federated':
        if (value.startsWith('arn:')) this.checkArn(value, path, at, false);
        else if (!HOST_NAME.test(value)) this.f.add('ERROR', 'INVALID_PRINCIPAL', `Federated principal "${value}" is neither an identity provider ARN nor a provider name such as accounts.google.com.`, path, at);
        return value;
      case 'CanonicalUser':
        if (!CANONICAL_USER.test(value)) this.f.add('ERROR', 'INVALID_PRINCIPAL', `CanonicalUser principal "${value}" is not a 64-character canonical user id.`, path, at);
        return value;
    }
  }

  private conditions(raw: unknown, path: Path, at: StatementRef): ConditionClause[] | undefined {
    if (raw === undefined) return [];
    if (!isObject(raw)) {
      this.f.fatal('DATA_TYPE_MISMATCH', `Condition is an object of operators, not ${describe(raw)}.`, path, at);
      return undefined;
    }
    if (Object.keys(raw).length === 0) this.f.add('SUGGESTION', 'EMPTY_OBJECT_CONDITION', 'The Condition block is empty: remove it or add conditions.', path, at);
    const clauses: ConditionClause[] = [];
    for (const [operator, block] of Object.entries(raw)) {
      const opPath = [...path, operator];
      this.checkOperator(operator, opPath, at);
      if (!isObject(block)) {
        this.f.fatal('DATA_TYPE_MISMATCH', `${operator} takes an object of condition keys and values, not ${describe(block)}.`, opPath, at);
        continue;
      }
      if (Object.keys(block).length === 0) this.f.add('SUGGESTION', 'EMPTY_OBJECT_CONDITION', `${operator} has no condition keys: remove it or add keys.`, opPath, at);
      const seen = new Map<string, string>();
      for (const [key, value] of Object.entries(block)) {
        const keyPath = [...opPath, key];
        const other = seen.get(key.toLowerCase());
        if (other !== undefined) {
          this.f.add('ERROR', 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE', `${operator} has both "${other}" and "${key}": condition keys are case-insensitive. Merge them.`, keyPath, at);
        }
        seen.set(key.toLowerCase(), key);
        if (!CONDITION_KEY.test(key)) this.f.add('ERROR', 'INVALID_CONDITION_KEY_FORMAT', `Condition key "${key}" is not of the form service:keyname.`, keyPath, at);
        const values = this.conditionValues(value, keyPath, at);
        if (values === undefined) continue;
        if (values.length === 0) this.emptyConditionValues(operator, key, keyPath, at);
        values.forEach((v, i) => this.checkConditionValue(operator, v, Array.isArray(value) ? [...keyPath, i] : keyPath, at));
        clauses.push({ operator, key, values });
      }
    }
    return clauses;
  }

  private checkOperator(operator: string, path: Path, at: StatementRef): void {
    if (/^(ForAnyValue:|ForAllValues:)?NullIfExists$/.test(operator)) {
      this.f.add('ERROR', 'NULL_WITH_IF_EXISTS', `${operator}: the Null operator cannot take the IfExists suffix.`, path, at);
    } else if (!isKnownOperator(operator)) {
      this.f.add('ERROR', 'INVALID_CONDITION_OPERATOR', `"${operator}" is not a condition operator.`, path, at);
    }
  }

  /** Condition values: a string, number or boolean, or an array of them; normalized to strings. */
  private conditionValues(value: unknown, path: Path, at: StatementRef): string[] | undefined {
    const list = Array.isArray(value) ? value : [value];
    if (list.every(isScalar)) return list.map(String);
    this.f.fatal('DATA_TYPE_MISMATCH', `A condition value is a string, number or boolean, or a list of them, not ${describe(value)}.`, path, at);
    return undefined;
  }

  private emptyConditionValues(operator: string, key: string, path: Path, at: StatementRef): void {
    // The qualifiers change what an empty list does, as Access Analyzer's separate checks say.
    if (operator.startsWith('ForAllValues:')) {
      this.f.add('SUGGESTION', 'EMPTY_ARRAY_CONDITION_FORALLVALUES', `${key} has no values under ${operator}: it holds only when the request has no values for the key.`, path, at);
    } else if (operator.startsWith('ForAnyValue:')) {
      this.f.add('SUGGESTION', 'EMPTY_ARRAY_CONDITION_FORANYVALUE', `${key} has no values under ${operator}: it never holds.`, path, at);
    } else if (operator.endsWith('IfExists')) {
      this.f.add('SUGGESTION', 'EMPTY_ARRAY_CONDITION_IFEXISTS', `${key} has no values under ${operator}: it holds only when the key is absent.`, path, at);
    } else {
      this.f.add('SUGGESTION', 'EMPTY_ARRAY_CONDITION', `${key} has no values under ${operator}: the condition never holds.`, path, at);
    }
  }

  private checkConditionValue(operator: string, value: string, path: Path, at: StatementRef): void {
    this.checkVariables(value, path, at);
    const base = operator.replace(/^(ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
    if (/^Arn/.test(base) && value !== '*' && !value.includes('${')) this.checkArn(value, path, at, false);
    if (/^String(Not)?Equals(IgnoreCase)?$/.test(base) && WILDCARD.test(value.replace(/\$\{[*?]\}/g, ''))) {
      this.f.add('WARNING', 'WILDCARD_WITHOUT_LIKE_OPERATOR', `"${value}" contains * or ?, which ${operator} compares literally. Use StringLike for wildcards.`, path, at);
    }
  }

  /** Grammar that depends on what the policy is attached to. */
  private kindRules(
    raw: Record<string, unknown>,
    at: StatementRef,
    effect: 'Allow' | 'Deny' | undefined,
    action: string | undefined,
    resource: string | undefined,
    principal: string | undefined,
  ): void {
    const p = (element: string): Path => [...at.path, element];
    const missingPrincipal = () => this.f.add('ERROR', 'MISSING_PRINCIPAL', 'The statement has no Principal: resource-based policies name who they apply to.', at.path, at, 'Principal');
    switch (this.kind) {
      case 'identity':
        for (const name of ['Principal', 'NotPrincipal'].filter((n) => n in raw)) {
          this.f.add('ERROR', 'UNSUPPORTED_PRINCIPAL', `Identity-based policies do not support ${name}: the principal is whoever the policy is attached to.`, p(name), at);
        }
        if (resource === undefined && !('Resource' in raw && 'NotResource' in raw)) {
          this.f.add('ERROR', 'MISSING_RESOURCE', 'The statement has neither Resource nor NotResource.', at.path, at, 'Resource');
        }
        return;
      case 'resource':
        if (principal === undefined && !('Principal' in raw && 'NotPrincipal' in raw)) missingPrincipal();
        return;
      case 'trust':
        if ('NotPrincipal' in raw) this.f.add('ERROR', 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', 'Role trust policies do not support NotPrincipal; use Principal.', p('NotPrincipal'), at);
        else if (!('Principal' in raw)) missingPrincipal();
        if (raw.Principal === '*') {
          this.f.add('ERROR', 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', 'Role trust policies do not accept "Principal": "*"; use {"AWS": "*"} with conditions, or name the principals.', p('Principal'), at);
        }
        for (const name of ['Resource', 'NotResource'].filter((n) => n in raw)) {
          this.f.add('ERROR', 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', `Role trust policies apply to their role: remove ${name}.`, p(name), at);
        }
        return;
      case 'scp':
        for (const name of ['Principal', 'NotPrincipal'].filter((n) => n in raw)) {
          this.f.add('ERROR', 'SCP_SYNTAX_ERROR_PRINCIPAL', `SCPs do not support ${name}; use the aws:PrincipalArn condition key.`, p(name), at);
        }
        return;
      case 'rcp':
        this.rcpRules(raw, at, effect, action);
        return;
      case undefined:
        return;
    }
  }

  private rcpRules(raw: Record<string, unknown>, at: StatementRef, effect: 'Allow' | 'Deny' | undefined, action: string | undefined): void {
    const p = (element: string): Path => [...at.path, element];
    if ('NotPrincipal' in raw) this.f.add('ERROR', 'RCP_SYNTAX_ERROR_NOTPRINCIPAL', 'RCPs do not support NotPrincipal; use "Principal": "*" with the aws:PrincipalArn condition key.', p('NotPrincipal'), at);
    else if (!('Principal' in raw)) this.f.add('ERROR', 'MISSING_PRINCIPAL', 'The statement has no Principal: RCP statements need "Principal": "*".', at.path, at, 'Principal');
    else if (!isWildcardPrincipal(raw.Principal)) {
      this.f.add('ERROR', 'RCP_SYNTAX_ERROR_PRINCIPAL', 'RCPs accept only "Principal": "*"; narrow the principals with conditions such as aws:PrincipalArn.', p('Principal'), at);
    }
    if (action === 'NotAction') this.f.add('ERROR', 'RCP_SYNTAX_ERROR_NOTACTION', 'RCPs do not support NotAction; list the actions in Action.', p('NotAction'), at);
    // Allow exists only in the AWS-managed RCPFullAWSAccess: everything, unconditionally.
    const fullAccess = isStar(raw.Action) && isStar(raw.Resource) && !('Condition' in raw);
    if (effect === 'Allow' && !fullAccess) {
      this.f.add('ERROR', 'RCP_SYNTAX_ERROR_ALLOW', 'RCP statements deny; "Effect": "Allow" is only for the AWS-managed RCPFullAWSAccess (all actions, all resources).', p('Effect'), at);
    }
  }
}

/** `"*"` or `["*"]`. */
function isStar(value: unknown): boolean {
  return value === '*' || (Array.isArray(value) && value.length === 1 && value[0] === '*');
}

function isWildcardPrincipal(value: unknown): boolean {
  return value === '*' || (isObject(value) && Object.keys(value).length === 1 && isStar(value.AWS));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${quote(value)}`;
}

/** A value as JSON, long strings cut short: messages quote what they are about, not megabytes of it. */
function quote(value: unknown): string {
  if (typeof value === 'string' && value.length > 60) return `${JSON.stringify(value.slice(0, 60))}…`;
  return typeof value === 'object' && value !== null ? describe(value) : JSON.stringify(value);
}

function splitOnce(text: string, separator: string): [string, string?] {
  const i = text.indexOf(separator);
  return i < 0 ? [text] : [text.slice(0, i), text.slice(i + 1)];
}
