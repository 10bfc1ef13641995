// The hub role crossrole creates when it is missing: who may assume it is the spec's to say, by
// default the hub account (its principals whose own policies allow it), as synth's hub template.
import type { Statement } from '../policy/document.js';
import type { HubSpec } from '../spec/schema.js';
import { accountRootArn } from './arn.js';
import { single } from './trust.js';
import { ownershipTags, type HubRoleDefinition } from './types.js';

/** SetSourceIdentity: `crossrole credentials` names the person on every hop, and spokes that require a source identity only get one the hub session carried in. */
const PEOPLE_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity'];
/** Services that tag every session they start (EKS Pod Identity), so the trust must allow sts:TagSession. */
const TAGGING_SERVICES = new Set(['pods.eks.amazonaws.com']);

export function hubRoleDefinition(hub: HubSpec, specName: string): HubRoleDefinition | undefined {
  if (!hub.role) return undefined;
  const trust = hub.role.trust;
  const statements: Statement[] = [];
  if (!trust) statements.push({ Sid: 'HubAccount', Effect: 'Allow', Principal: { AWS: accountRootArn(hub.account) }, Action: PEOPLE_ACTIONS });
  else {
    if (trust.principals.length) statements.push({ Sid: 'Principals', Effect: 'Allow', Principal: { AWS: single([...new Set(trust.principals)].sort()) }, Action: PEOPLE_ACTIONS });
    if (trust.permissionSets.length) {
      // Permission-set roles carry a random suffix and sometimes a region in their path.
      const arns = [...new Set(trust.permissionSets)].sort().map((name) => `arn:aws:iam::${hub.account}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${name}_*`);
      statements.push({ Sid: 'PermissionSets', Effect: 'Allow', Principal: { AWS: accountRootArn(hub.account) }, Action: PEOPLE_ACTIONS, Condition: { ArnLike: { 'aws:PrincipalArn': single(arns) } } });
    }
    for (const [i, oidc] of trust.oidc.entries()) {
      statements.push({
        Sid: `Oidc${i + 1}`,
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${hub.account}:oidc-provider/${oidc.provider}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${oidc.provider}:aud`]: oidc.audience }, StringLike: { [`${oidc.provider}:sub`]: single([...new Set(oidc.subjects)].sort()) } },
      });
    }
    const services = [...new Set(trust.services)].sort();
    const plain = services.filter((s) => !TAGGING_SERVICES.has(s));
    const tagging = services.filter((s) => TAGGING_SERVICES.has(s));
    if (plain.length) statements.push({ Sid: 'Services', Effect: 'Allow', Principal: { Service: single(plain) }, Action: 'sts:AssumeRole' });
    if (tagging.length) statements.push({ Sid: 'ServicesTaggingSessions', Effect: 'Allow', Principal: { Service: single(tagging) }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
  }
  const instanceProfile = hub.role.instanceProfile ?? (trust?.services.some((s) => s.startsWith('ec2.amazonaws.com')) ?? false);
  return {
    ...(hub.role.description !== undefined && { description: hub.role.description }),
    maxSessionDuration: hub.role.maxSessionDuration,
    trustPolicy: { Version: '2012-10-17', Statement: statements },
    ...(instanceProfile && { instanceProfile: true }),
    tags: ownershipTags(specName),
  };
}
