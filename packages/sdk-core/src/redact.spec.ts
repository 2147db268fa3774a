import { describe, expect, it } from 'vitest';
import { isSecretName, REDACTED, redactAttachments, redactUrl } from './redact.js';

describe('secret redaction', () => {
  it('knows credential names, fragments and -bin headers', () => {
    for (const name of ['token', 'Authorization', 'cookie', 'access_token', 'client-secret', 'db.password']) {
      expect(isSecretName(name), name).toBe(true);
    }
    expect(isSecretName('x-credentials-bin')).toBe(true);
    expect(isSecretName('trace-bin')).toBe(true);
    for (const name of ['version', 'region', 'x-trace-id', 'dubbo.tag', 'timeout']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it('redacts attachment values by name and shows bytes by length only', () => {
    const input = {
      token: 's3cr3t',
      authorization: 'Bearer abc',
      'auth-bin': new Uint8Array([1, 2, 3]),
      region: 'hz',
      retries: 2,
    };
    expect(redactAttachments(input)).toEqual({
      token: REDACTED,
      authorization: REDACTED,
      'auth-bin': REDACTED,
      region: 'hz',
      retries: 2,
    });
    expect(input.token).toBe('s3cr3t');
    expect(redactAttachments({ blob: new Uint8Array(4) })).toEqual({ blob: '<4 bytes>' });
  });

  it('redacts token parameters and passwords in URLs, keeping the rest', () => {
    expect(redactUrl('tri://10.0.0.1:50051/org.demo.Greeter?version=1.0.0&token=abc-123&region=hz')).toBe(
      `tri://10.0.0.1:50051/org.demo.Greeter?version=1.0.0&token=${REDACTED}&region=hz`,
    );
    expect(redactUrl('zookeeper://admin:hunter2@127.0.0.1:2181/dubbo?password=x')).toBe(
      `zookeeper://admin:${REDACTED}@127.0.0.1:2181/dubbo?password=${REDACTED}`,
    );
    // The whole value to the next space goes: a token may contain ':'.
    expect(redactUrl('cannot register tri://h:1/S?token=t0k: bad port')).toBe(
      `cannot register tri://h:1/S?token=${REDACTED} bad port`,
    );
    expect(redactUrl('file:/etc/providers.yaml')).toBe('file:/etc/providers.yaml');
  });
});
