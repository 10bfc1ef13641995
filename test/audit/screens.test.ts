// The trust screen (trustMayConcern) must never pass over a trust that analyzeTrust has something
// to say about: checked on federated trusts, pinned and not, and on every trust of the audit cases.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeTrust, trustMayConcern } from '../../src/audit/trust.js';
import type { AuditScope } from '../../src/audit/scope.js';
import { parseOrg } from '../../src/org/load.js';
import { indexOrg } from '../../src/org/model.js';
import { repoRoot } from '../helpers/paths.js';

const orgFile = join(repoRoot, 'examples', 'org.json');
const scope: AuditScope = { org: indexOrg(parseOrg(orgFile, readFileSync(orgFile, 'utf8'))), trusted: new Map() };

const SAML = 'arn:aws:iam::333333333333:saml-provider/Okta';
const GITHUB = 'arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com';
const trust = (federated: string | string[], action: string, condition?: unknown) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Federated: federated }, Action: action, ...(condition !== undefined && { Condition: condition }) }],
});
const repo = 'repo:example/app:ref:refs/heads/main';

const federated: [string, unknown, boolean][] = [
  ['SAML with SAML:aud', trust(SAML, 'sts:AssumeRoleWithSAML', { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }), false],
  ['SAML with saml:aud in another case', trust(SAML, 'sts:AssumeRoleWithSAML', { StringEquals: { 'saml:AUD': 'https://signin.aws.amazon.com/saml' } }), false],
  ['SAML without conditions', trust(SAML, 'sts:AssumeRoleWithSAML'), true],
  ['SAML:aud negated', trust(SAML, 'sts:AssumeRoleWithSAML', { StringNotEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }), true],
  ['SAML:aud only if it exists', trust(SAML, 'sts:AssumeRoleWithSAML', { StringEqualsIfExists: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }), true],
  ['SAML:aud any value', trust(SAML, 'sts:AssumeRoleWithSAML', { StringLike: { 'SAML:aud': '*' } }), true],
  ['SAML:aud under Null', trust(SAML, 'sts:AssumeRoleWithSAML', { Null: { 'SAML:aud': 'false' } }), true],
  ['GitHub with audience and subject', trust(GITHUB, 'sts:AssumeRoleWithWebIdentity', { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': repo } }), false],
  ['GitHub with every repository', trust(GITHUB, 'sts:AssumeRoleWithWebIdentity', { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' } }), true],
  ['GitHub without the subject', trust(GITHUB, 'sts:AssumeRoleWithWebIdentity', { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } }), true],
  ['Cognito pinned by its pool id', trust('cognito-identity.amazonaws.com', 'sts:AssumeRoleWithWebIdentity', { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:1234' } }), false],
  ['a pinned provider beside an unpinned one', trust([SAML, GITHUB], 'sts:AssumeRoleWithSAML', { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }), true],
  ['a provider that is neither OIDC nor SAML', trust('arn:aws:iam::333333333333:root', 'sts:AssumeRole'), true],
];

for (const [name, document, concerns] of federated) {
  test(`trust screen, federated: ${name}`, () => {
    assert.equal(trustMayConcern(document, scope), concerns);
  });
}

test('a trust the screen passes over has no issue and names no principal outside', () => {
  const cases = join(repoRoot, 'test', 'audit', 'cases');
  const documents: unknown[] = federated.map(([, document]) => document);
  for (const file of readdirSync(cases).filter((f) => f.endsWith('.json'))) {
    const c = JSON.parse(readFileSync(join(cases, file), 'utf8')) as { accounts: Record<string, { RoleDetailList?: { AssumeRolePolicyDocument: unknown }[] }> };
    for (const account of Object.values(c.accounts)) for (const role of account.RoleDetailList ?? []) documents.push(role.AssumeRolePolicyDocument);
  }
  let passed = 0;
  for (const document of documents) {
    if (trustMayConcern(document, scope)) continue;
    passed++;
    const analysis = analyzeTrust(document, scope);
    assert.deepEqual(analysis.issues, [], JSON.stringify(document));
    assert.deepEqual(analysis.openTo, { anyone: false, federated: false });
    assert.ok(analysis.named.every((n) => scope.org.accountsById.has(n.account)), JSON.stringify(document));
  }
  assert.ok(passed >= 5, `only ${passed} trusts passed the screen`);
});
