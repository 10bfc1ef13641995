// The console sign-in request, built as data and sent through an injected fetch: the federation
// endpoint is not reachable from the tests, so they check what crossrole would send.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { federationEndpoints, loginUrl, signinTokenRequest } from '../../src/creds/console-url.js';
import { consoleLoginUrl } from '../../src/cli/creds/console-signin.js';
import { CredentialsError } from '../../src/creds/errors.js';

const credentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'se/cret+key', sessionToken: 'tok=en/+', expiration: '2026-01-01T13:00:00Z' };
const FEDERATION = 'https://signin.aws.amazon.com/federation';

describe('getSigninToken request', () => {
  test('chained credentials: Session only, no SessionDuration (the endpoint refuses it for role chains)', () => {
    const request = signinTokenRequest(FEDERATION, credentials, { chained: true, sessionDuration: 43200 });
    const url = new URL(request.url);
    assert.equal(url.origin + url.pathname, FEDERATION);
    assert.equal(url.searchParams.get('Action'), 'getSigninToken');
    assert.equal(url.searchParams.has('SessionDuration'), false);
    assert.deepEqual(JSON.parse(url.searchParams.get('Session')!), { sessionId: 'ASIAEXAMPLE', sessionKey: 'se/cret+key', sessionToken: 'tok=en/+' });
  });

  test('credentials that are not role-chained may ask for a console session length, within 900–43200 s', () => {
    assert.equal(new URL(signinTokenRequest(FEDERATION, credentials, { chained: false, sessionDuration: 7200 }).url).searchParams.get('SessionDuration'), '7200');
    assert.equal(new URL(signinTokenRequest(FEDERATION, credentials, { chained: false, sessionDuration: 99999 }).url).searchParams.get('SessionDuration'), '43200');
    assert.equal(new URL(signinTokenRequest(FEDERATION, credentials, { chained: false }).url).searchParams.has('SessionDuration'), false);
  });

  test('login URL: Action=login, Issuer, Destination, SigninToken', () => {
    const url = new URL(loginUrl(FEDERATION, 'TOKEN123', 'https://console.aws.amazon.com/console/home?region=eu-west-1'));
    assert.deepEqual(Object.fromEntries(url.searchParams), { Action: 'login', Issuer: 'crossrole', Destination: 'https://console.aws.amazon.com/console/home?region=eu-west-1', SigninToken: 'TOKEN123' });
  });

  test('partitions have their own endpoints', () => {
    assert.deepEqual(federationEndpoints('aws', 'us-east-1'), { federation: FEDERATION, console: 'https://console.aws.amazon.com/console/home?region=us-east-1' });
    assert.equal(federationEndpoints('aws-cn', 'cn-north-1').federation, 'https://signin.amazonaws.cn/federation');
    assert.equal(federationEndpoints('aws-us-gov', 'us-gov-west-1').console, 'https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1');
  });
});

describe('signing in through an injected fetch', () => {
  test('one GET to the federation endpoint, then the login URL with its token', async () => {
    const seen: string[] = [];
    const fake = (async (url: string | URL) => {
      seen.push(String(url));
      return new Response(JSON.stringify({ SigninToken: 'TOKEN123' }), { status: 200 });
    }) as typeof fetch;
    const url = await consoleLoginUrl(credentials, { chained: true, region: 'eu-west-1' }, fake);
    assert.equal(seen.length, 1);
    assert.equal(new URL(seen[0]!).searchParams.get('Action'), 'getSigninToken');
    assert.equal(new URL(url).searchParams.get('SigninToken'), 'TOKEN123');
    assert.equal(new URL(url).searchParams.get('Destination'), 'https://console.aws.amazon.com/console/home?region=eu-west-1');
  });

  test('a refusal or an unreachable endpoint is an error that never quotes the request (it holds the secret key)', async () => {
    const refuse = (async () => new Response('Bad Request', { status: 400 })) as typeof fetch;
    const unreachable = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    for (const fake of [refuse, unreachable]) {
      await assert.rejects(consoleLoginUrl(credentials, { chained: true, region: 'us-east-1' }, fake), (e: unknown) => {
        assert.ok(e instanceof CredentialsError && e.code === 'FederationFailed');
        assert.doesNotMatch(e.message, /cret|tok=en|Session=/);
        return true;
      });
    }
  });
});
