import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { readProvinces } from '../../infra/config.js';
import { applicableControls, controlTowerValidator, DISABLED_CONTROLS, disabledControls } from '../../infra/guard.js';
import { defineApp } from '../../infra/stacks/province.js';

const CONTROL_FILES = readdirSync(
  join(dirname(createRequire(import.meta.url).resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard'),
  { recursive: true },
).map((f) => basename(String(f)));

/** Runs the validator over an app's synthesized templates, as the CDK app's synth does. */
function validate(app: App, provinces = readProvinces(app.node)) {
  const assembly = app.synth({ validateOnSynthesis: false, force: true });
  const validator = controlTowerValidator(app, provinces);
  return validator.validate({ templatePaths: assembly.stacks.map((s) => s.templateFullPath), appConstruct: app });
}

const tempApp = (context: Record<string, unknown> = {}) =>
  new App({ outdir: mkdtempSync(join(tmpdir(), 'guard-')), context: { 'aws:cdk:bundling-stacks': [], ...context } });

describe('AWS Control Tower proactive controls (cfn-guard)', () => {
  it("passes every control that applies to a province's stacks, but those left out with a reason", { timeout: 300_000 }, () => {
    const app = tempApp(cdkJson.context);
    const provinces = defineApp(app).map((p) => p.province);
    const report = validate(app, provinces);
    const readable = report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`);
    expect(readable).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('stops a synth on a violation: a queue without a dead-letter queue, a bucket without access logs', () => {
    const app = tempApp();
    const stack = new Stack(app, 'Planted');
    new sqs.Queue(stack, 'NoDlq', { enforceSSL: true, retentionPeriod: Duration.days(4) });
    new s3.Bucket(stack, 'NoLogs', { enforceSSL: true });
    const names = validate(app, []).violations.map((v) => v.ruleName);
    expect(names).toEqual(expect.arrayContaining(['sqs_dlq_check', 's3_bucket_logging_enabled_check']));

    const synthesizing = tempApp();
    new sqs.Queue(new Stack(synthesizing, 'Planted'), 'NoDlq', { enforceSSL: true });
    Validations.of(synthesizing).addPlugins(controlTowerValidator(synthesizing, []));
    expect(() => synthesizing.synth()).toThrow(/ERROR \[CT\.SQS\.PR\.1\][\s\S]*Planted\/NoDlq/);
  });

  it('leaves out each control with its reason, and only controls the package has', () => {
    for (const [id, reason] of Object.entries(disabledControls(readProvinces(tempApp().node)))) {
      expect(reason.length, id).toBeGreaterThan(40);
      expect(CONTROL_FILES, id).toContain(`${id}.guard`);
    }
    expect(Object.keys(DISABLED_CONTROLS).length).toBeLessThan(12);
  });

  it('leaves the access-log controls out only for a province that turns its access logs off', () => {
    const [on] = readProvinces(tempApp().node);
    expect(disabledControls([on!])).not.toHaveProperty('ct-s3-pr-2');
    expect(disabledControls([on!])).toHaveProperty('ct-s3-pr-5');
    const off = disabledControls([{ ...on!, accessLogs: false }]);
    expect(off).toHaveProperty(['ct-s3-pr-2']);
    expect(off).toHaveProperty(['ct-cloudfront-pr-5']);
    expect(off).not.toHaveProperty('ct-s3-pr-5');
  });

  it('checks the controls that name a resource type the app has, and no disabled one', () => {
    const app = tempApp();
    new sqs.Queue(new Stack(app, 'Probe'), 'Queue');
    const files = applicableControls(app, { 'ct-sqs-pr-2': 'probe' });
    expect(files.every((f) => existsSync(f))).toBe(true);
    expect(files.some((f) => f.endsWith('ct-sqs-pr-1.guard'))).toBe(true);
    expect(files.some((f) => f.endsWith('ct-sqs-pr-2.guard'))).toBe(false);
    expect(files.some((f) => f.includes('/rds/'))).toBe(false);
  });
});
