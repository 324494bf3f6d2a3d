import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientError } from 'openid-client';
import { responseErrorCode } from '../../src/oidc/response-errors.js';

/** An error shaped as openid-client v6 throws it: a ClientError over oauth4webapi's error. */
function thrown(code: string, message: string, details: Record<string, unknown> = {}): ClientError {
  const inner = Object.assign(new Error(message, { cause: details }), { code });
  // The typings leave out the options object the class takes at run time.
  return Object.assign(new ClientError('openid-client says', { cause: inner }), { code });
}

describe('responseErrorCode', () => {
  it('names a failed claim comparison after the claim', () => {
    assert.equal(responseErrorCode(thrown('OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected ID Token "nonce" claim value', { claim: 'nonce' })), 'oidc.nonce_mismatch');
    assert.equal(responseErrorCode(thrown('OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'x', { claim: 'azp' })), 'oidc.audience_mismatch');
    assert.equal(responseErrorCode(thrown('OAUTH_JWT_TIMESTAMP_CHECK_FAILED', 'x', { claim: 'exp' })), 'oidc.token_expired');
  });

  it('names a missing claim after the check it fails, or as a missing claim', () => {
    assert.equal(responseErrorCode(thrown('OAUTH_INVALID_RESPONSE', 'JWT "nonce" (nonce) claim missing')), 'oidc.nonce_mismatch');
    assert.equal(responseErrorCode(thrown('OAUTH_INVALID_RESPONSE', 'JWT "exp" (expiration time) claim missing')), 'oidc.claim_missing');
    assert.equal(responseErrorCode(thrown('OAUTH_INVALID_RESPONSE', 'unexpected JWT "sub" (subject) claim type')), 'oidc.subject_invalid');
  });

  it('tells a bad signature from a missing key and an unexpected algorithm', () => {
    assert.equal(responseErrorCode(thrown('OAUTH_INVALID_RESPONSE', 'JWT signature verification failed')), 'oidc.signature_invalid');
    assert.equal(responseErrorCode(thrown('OAUTH_KEY_SELECTION_FAILED', 'no applicable keys found')), 'oidc.signing_key_not_found');
    assert.equal(responseErrorCode(thrown('OAUTH_INVALID_RESPONSE', 'unexpected JWT "alg" header parameter')), 'oidc.unexpected_algorithm');
  });

  it('names a userinfo answer about someone else a subject mismatch', () => {
    assert.equal(responseErrorCode(thrown('OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED', 'x', { attribute: 'sub' })), 'oidc.subject_mismatch');
  });

  it('keeps the generic code for anything it does not recognise', () => {
    assert.equal(responseErrorCode(thrown('OAUTH_SOMETHING_NEW', 'a check added in a later version')), 'oidc.invalid_response');
    assert.equal(responseErrorCode(new Error('plain')), 'oidc.invalid_response');
    assert.equal(responseErrorCode(undefined), 'oidc.invalid_response');
  });
});
