// org.json → validated Org, with located errors for schema and structure problems.
import { InvalidInputError } from '../errors.js';
import { schemaIssues } from '../spec/schema-issues.js';
import { checkJsonText } from '../json-text.js';
import { parsePolicy, refusesDocument, type PolicyKind } from '../policy/parse.js';
import { locate, parseSource, type DataPath, type Diagnostic, type PathIssue } from '../spec/source.js';
import { orgSchema, type Org, type OrgPolicy } from './schema.js';

export function parseOrg(file: string, text: string): Org {
  return quickParseOrg(text) ?? parseOrgLocated(file, text);
}

/**
 * Valid JSON needs no positions: JSON.parse and the schema take milliseconds where the
 * position-keeping YAML parse takes hundreds on a 1,000-account org. Anything else (YAML, a
 * problem to report, a key given twice) goes the located way.
 */
function quickParseOrg(text: string): Org | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const result = orgSchema.safeParse(data);
  if (!result.success || validateOrgStructure(result.data).length > 0) return undefined;
  return checkJsonText(text).duplicates.length === 0 ? result.data : undefined;
}

function parseOrgLocated(file: string, text: string): Org {
  const { source, diagnostics } = parseSource(file, text);
  if (diagnostics.some((d) => d.severity === 'error')) throw new InvalidInputError(diagnostics);
  const result = orgSchema.safeParse(source.data);
  if (!result.success) {
    throw new InvalidInputError(schemaIssues(orgSchema, source.data, result.error.issues).map((i) => locate(source, i)));
  }
  const structural: Diagnostic[] = validateOrgStructure(result.data).map((i) => locate(source, i));
  if (structural.some((d) => d.severity === 'error')) throw new InvalidInputError(structural);
  return result.data;
}

/** Ids unique, every parent, policy target and delegated administrator known, OU parents form a tree. */
export function validateOrgStructure(org: Org): PathIssue[] {
  const issues: PathIssue[] = [];
  const seen = new Map<string, string>();
  const note = (id: string, path: PathIssue['path']) => {
    if (seen.has(id)) issues.push({ path, message: `duplicate id ${id} (already used at ${seen.get(id)})` });
    else seen.set(id, path.join('.'));
  };
  org.roots.forEach((r, i) => note(r.id, ['roots', i, 'id']));
  org.organizationalUnits.forEach((ou, i) => note(ou.id, ['organizationalUnits', i, 'id']));
  org.accounts.forEach((a, i) => note(a.id, ['accounts', i, 'id']));

  const containers = new Set([...org.roots.map((r) => r.id), ...org.organizationalUnits.map((o) => o.id)]);
  const ouParent = new Map(org.organizationalUnits.map((o) => [o.id, o.parentId]));
  org.organizationalUnits.forEach((ou, i) => {
    if (!containers.has(ou.parentId)) issues.push({ path: ['organizationalUnits', i, 'parentId'], message: `parent ${ou.parentId} is neither a root nor an OU of this organization` });
    // Walk up: reaching this OU again means its parents form a loop.
    let cursor: string | undefined = ou.parentId;
    for (let steps = 0; cursor && ouParent.has(cursor) && steps <= ouParent.size; steps++) {
      if (cursor === ou.id) {
        issues.push({ path: ['organizationalUnits', i, 'parentId'], message: `OU ${ou.id} is its own ancestor (parentId loop)` });
        break;
      }
      cursor = ouParent.get(cursor);
    }
  });
  org.accounts.forEach((a, i) => {
    if (!containers.has(a.parentId)) issues.push({ path: ['accounts', i, 'parentId'], message: `parent ${a.parentId} is neither a root nor an OU of this organization` });
  });
  if (!org.accounts.some((a) => a.id === org.managementAccountId)) {
    issues.push({ path: ['managementAccountId'], message: `management account ${org.managementAccountId} is not listed under accounts` });
  }
  const accountIds = new Set(org.accounts.map((a) => a.id));
  org.delegatedAdministrators?.forEach((id, i) => {
    if (!accountIds.has(id)) issues.push({ path: ['delegatedAdministrators', i], message: `delegated administrator ${id} is not listed under accounts` });
    else if (id === org.managementAccountId) issues.push({ path: ['delegatedAdministrators', i], message: `${id} is the management account, which cannot be a delegated administrator` });
  });
  const targetable = new Set([...containers, ...accountIds]);
  org.policies.forEach((p, i) =>
    p.targets.forEach((t, j) => {
      if (!targetable.has(t)) issues.push({ path: ['policies', i, 'targets', j], message: `policy ${p.name} targets ${t}, which is not a root, OU or account of this organization` });
    }),
  );
  org.policies.forEach((p, i) => issues.push(...policyDocumentIssues(p, ['policies', i, 'document'])));
  return issues;
}

const POLICY_KINDS: Partial<Record<OrgPolicy['type'], PolicyKind>> = { SERVICE_CONTROL_POLICY: 'scp', RESOURCE_CONTROL_POLICY: 'rcp' };

/** SCPs and RCPs are policy documents the policy engine evaluates: its grammar errors, located in the document. */
function policyDocumentIssues(policy: OrgPolicy, at: DataPath): PathIssue[] {
  const kind = POLICY_KINDS[policy.type];
  if (!kind) return [];
  const { findings } = parsePolicy(policy.document, { kind });
  return findings.filter(refusesDocument).map((f) => ({ path: [...at, ...f.path], message: `${policy.name}: ${f.message}` }));
}
