// Edges worth a second look, each with the reason: anyone, accounts outside the organization
// without sts:ExternalId, federated identities without an audience or subject condition.
import type { Alternatives } from '../policy/discover.js';
import type { Requirement } from '../policy/types.js';
import type { CallerFacts } from './model.js';
import type { GraphNode } from './types.js';

/** Keys that pin the caller to an organization, account or principal. */
const CALLER_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:principalarn', 'aws:userid', 'aws:username']);

/** The requirement demands a match (rather than forbidding one): `= x`, or "must not have != x". */
function demandsMatch(r: Requirement): boolean {
  if (/^Null$/i.test(r.operator.replace(/IfExists$/, ''))) return false;
  return r.negated === /Not/.test(r.operator);
}

/** Every alternative demands a match on a key the test accepts. */
function alwaysDemands(conditions: Alternatives, key: (lowercaseKey: string) => boolean): boolean {
  return conditions.every((alt) => alt.some((r) => demandsMatch(r) && key(r.key.toLowerCase())));
}

export function edgeRisk(node: GraphNode, caller: CallerFacts, conditions: Alternatives): string | undefined {
  switch (caller.kind) {
    case 'anyone':
      return alwaysDemands(conditions, (k) => CALLER_KEYS.has(k)) ? undefined : 'any AWS principal ("*") may assume it: no condition pins the caller\'s organization, account or ARN';
    case 'account':
    case 'principal':
      if (node.inOrg || node.accountId === undefined) return undefined;
      return alwaysDemands(conditions, (k) => k === 'sts:externalid') ? undefined : `account ${node.accountId} is outside the organization and needs no sts:ExternalId`;
    case 'federated': {
      if (caller.action === 'sts:AssumeRoleWithSAML') return alwaysDemands(conditions, (k) => k === 'saml:aud') ? undefined : `SAML sign-ins through ${node.name} need no SAML:aud condition`;
      const provider = node.name.toLowerCase();
      // GitHub's audience is the same for every repository: only the subject tells them apart.
      const keys = provider === 'token.actions.githubusercontent.com' ? [`${provider}:sub`] : [`${provider}:sub`, `${provider}:aud`];
      return alwaysDemands(conditions, (k) => keys.includes(k)) ? undefined : `web identities of ${node.name} need no ${keys.join(' or ')} condition: any of its users may assume it`;
    }
    case 'service':
      return undefined;
  }
}
