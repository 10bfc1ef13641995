// moto answers GetAccountAuthorizationDetails in one page; AWS pages it (Marker/IsTruncated).
// A loopback server answering in IAM's wire format checks that every page is read with every
// filter, and that the pages are merged and shaped as the AWS CLI prints them.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { IAMClient } from '@aws-sdk/client-iam';
import { collectAccountDetails } from '../../src/aws/collect.js';

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const role = (name: string) => `<member><Path>/</Path><RoleName>${name}</RoleName><RoleId>AROA${name.toUpperCase().padEnd(17, 'X')}</RoleId><Arn>arn:aws:iam::111122223333:role/${name}</Arn><CreateDate>2024-03-01T10:15:30Z</CreateDate><AssumeRolePolicyDocument>${encodeURIComponent(JSON.stringify(trust))}</AssumeRolePolicyDocument><RolePolicyList/><AttachedManagedPolicies/><Tags/></member>`;
const page = (roles: string[], marker?: string) =>
  `<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountAuthorizationDetailsResult><IsTruncated>${marker !== undefined}</IsTruncated>${marker ? `<Marker>${marker}</Marker>` : ''}<UserDetailList/><GroupDetailList/><RoleDetailList>${roles.map(role).join('')}</RoleDetailList><Policies/></GetAccountAuthorizationDetailsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetAccountAuthorizationDetailsResponse>`;

const requests: URLSearchParams[] = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    const params = new URLSearchParams(body);
    requests.push(params);
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(params.get('Marker') === 'second' ? page(['gamma']) : page(['alpha', 'beta'], 'second'));
  });
});
let endpoint: string;
before(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve())).then(() => (endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('every page is read with every filter and merged in the AWS CLI shape', async () => {
  const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' } });
  const details = await collectAccountDetails(iam, '111122223333');
  iam.destroy();
  assert.equal(requests.length, 2);
  for (const params of requests) {
    assert.equal(params.get('Action'), 'GetAccountAuthorizationDetails');
    assert.deepEqual([1, 2, 3, 4, 5].map((i) => params.get(`Filter.member.${i}`)), ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']);
  }
  assert.equal(requests[1]!.get('Marker'), 'second');
  assert.deepEqual(Object.keys(details), ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies']);
  assert.deepEqual(details.RoleDetailList.map((r) => r.RoleName), ['alpha', 'beta', 'gamma']);
  assert.deepEqual(details.RoleDetailList[2]!.AssumeRolePolicyDocument, trust);
  assert.equal(details.RoleDetailList[0]!.CreateDate, '2024-03-01T10:15:30+00:00');
});
