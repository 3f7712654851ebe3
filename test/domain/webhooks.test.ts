import { describe, expect, it } from 'vitest';
import { addressAllowed, DEFAULT_RETRY, retryDelayS, shouldPark, urlProblem, webhookPayload } from '../../shared/domain/webhooks.js';
import { openSecret, sealSecret } from '../../shared/app/secrets.js';
import { randomBytes } from 'node:crypto';

describe('webhook URLs', () => {
  it('on AWS: https to a public address only; private, loopback, link-local and internal names refused', () => {
    expect(urlProblem('https://portal.example.vn/hooks', 'public')).toBeUndefined();
    expect(urlProblem('https://203.113.131.2/hooks', 'public')).toBeUndefined();
    expect(urlProblem('https://[2402:800::1]/hooks', 'public')).toBeUndefined();
    for (const url of [
      'http://portal.example.vn/hooks',
      'https://10.1.2.3/',
      'https://172.20.0.1/',
      'https://192.168.1.1/',
      'https://127.0.0.1/',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/',
      'https://0.0.0.0/',
      'https://[::1]/',
      'https://[fd00:ec2::254]/',
      'https://[fe80::1]/',
      'https://[::ffff:10.0.0.1]/',
      'https://localhost/',
      'https://metadata.google.internal/',
      'https://intranet/',
      'https://user:pass@portal.example.vn/',
      'not a url',
    ]) {
      expect(urlProblem(url, 'public'), url).toEqual(expect.any(String));
    }
  });

  it('locally: loopback only, http allowed', () => {
    expect(urlProblem('http://127.0.0.1:8080/hooks', 'loopback')).toBeUndefined();
    expect(urlProblem('http://localhost:8080/hooks', 'loopback')).toBeUndefined();
    expect(urlProblem('http://[::1]:8080/hooks', 'loopback')).toBeUndefined();
    expect(urlProblem('https://portal.example.vn/hooks', 'loopback')).toMatch(/loopback/);
    expect(urlProblem('http://192.168.1.10/hooks', 'loopback')).toMatch(/loopback/);
  });

  it('judges the address connected to: a name resolving to a private address is refused as that address is', () => {
    expect(addressAllowed('10.0.0.5', 'public')).toBe(false);
    expect(addressAllowed('::ffff:169.254.169.254', 'public')).toBe(false);
    expect(addressAllowed('8.8.8.8', 'public')).toBe(true);
    expect(addressAllowed('8.8.8.8', 'loopback')).toBe(false);
    expect(addressAllowed('127.0.0.1', 'loopback')).toBe(true);
  });
});

describe('the back-off', () => {
  it('doubles from 30 s up to 12 h and tries for at least 24 hours before parking', () => {
    const delays = Array.from({ length: 14 }, (_, i) => retryDelayS(DEFAULT_RETRY, i + 1));
    expect(delays.slice(0, 3)).toEqual([30, 60, 120]);
    expect(Math.max(...delays)).toBe(12 * 3600);
    // Attempt times from the first, until the first failure after the horizon parks it.
    let at = 0;
    let attempts = 1;
    while (!shouldPark(DEFAULT_RETRY, 0, at * 1000)) at += retryDelayS(DEFAULT_RETRY, attempts++);
    expect(at).toBeGreaterThanOrEqual(24 * 3600);
    expect(attempts).toBe(13);
  });
});

describe('the payload and the sealed secret', () => {
  it('is the Standard Webhooks envelope, without the submitter', () => {
    const event = {
      id: 'evt_x_1',
      type: 'dossier.submitted' as const,
      at: '2026-03-02T08:00:00+07:00',
      province: 'LCI',
      commune: 'H30.01',
      dossierId: 'x',
      status: 'SUBMITTED' as const,
      nationalStatus: 1,
      version: 1,
      submittedBy: 'portal-dvc',
      channel: 'ONLINE' as const,
    };
    const { submittedBy: _s, channel: _c, ...data } = event;
    expect(webhookPayload(event)).toEqual({ type: 'dossier.submitted', timestamp: event.at, data });
  });

  it('opens only with its key and in its own context', () => {
    const key = randomBytes(32).toString('base64url');
    const sealed = sealSecret(key, 'webhook:LCI:a:main', 'whsec_abc');
    expect(sealed).not.toContain('abc');
    expect(openSecret(key, 'webhook:LCI:a:main', sealed)).toBe('whsec_abc');
    expect(() => openSecret(key, 'webhook:LCI:b:main', sealed)).toThrow();
    expect(() => openSecret(randomBytes(32).toString('base64url'), 'webhook:LCI:a:main', sealed)).toThrow();
  });
});
