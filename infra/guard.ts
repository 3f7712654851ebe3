import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ProvinceConfig } from './config.js';

/**
 * The AWS Control Tower proactive controls (CloudFormation Guard rules, shipped with the
 * validator) that this design does not follow, by the control's id (its rule file, `ct-s3-pr-9`
 * for CT.S3.PR.9), each with why. Every other control is checked on
 * every synth, and a violation stops it.
 */
export const DISABLED_CONTROLS: Record<string, string> = {
  'ct-lambda-pr-3':
    'The functions reach only AWS APIs (DynamoDB, SQS, SNS, S3, KMS, Secrets Manager) and, for notifications, the national portal and webhooks, public HTTPS endpoints; a VPC would add NAT gateways or a dozen interface endpoints (about $70 a month a province, over thirty times its idle cost) and protect nothing the IAM roles do not.',
  'ct-lambda-pr-2':
    "API Gateway's invoke permissions name their one route of this API by a SourceArn that CloudFormation joins at deploy time (Fn::Join with the API's id), which the rule does not read; no permission is public (the least-privilege tests read every one).",
  'ct-cloudwatch-pr-3':
    "The logs hold ids and codes, never personal data (the logger's tests check it), and CloudWatch Logs encrypts them at rest with its own keys; a customer key would cost $1 a month a stack and its policy a grant to the logs service for nothing the logs hold.",
  'ct-apigateway-pr-5':
    'The public routes (catalogue, status lookup, electronic result, rating, the contract) are public by design: a citizen has no account. They are bounded by per-route throttles and, with the `waf` option, a per-address rate rule; every other route has the JWT authorizer.',
  'ct-cloudfront-pr-4':
    'One region serves a province; a failover origin would be a second bucket in another region kept in step on every deploy, for a console build that the deploy itself can put back in minutes.',
  'ct-cloudfront-pr-6':
    "The distribution answers on its *.cloudfront.net name with CloudFront's certificate; the province's own domain (its ACM certificate in us-east-1) comes with its DNS, which the operator adds (docs/operations.md).",
  'ct-cloudfront-pr-7': 'SNI applies to a custom certificate; see ct-cloudfront-pr-6.',
  'ct-cloudfront-pr-9': 'A TLS security policy can be chosen only with a custom certificate; see ct-cloudfront-pr-6.',
  'ct-s3-pr-9':
    'A file that fails its check is deleted at once, and a new console build replaces the old; object lock would forbid both. Files are versioned and the table that names them is backed up.',
  'ct-s3-pr-10':
    "The files bucket, the only one holding citizens' records, is encrypted with the province's key (a CDK test checks it); S3 delivers access logs only to a bucket with S3-managed keys, and the console's build is public code.",
};

/** The two controls that ask for access logs, left out when the province turns its access logs off. */
const ACCESS_LOG_CONTROLS: Record<string, string> = {
  'ct-s3-pr-2': "The province's configuration turns access logs off (`accessLogs: false`).",
  'ct-cloudfront-pr-5': "The province's configuration turns access logs off (`accessLogs: false`).",
};

/** Left out when a province keeps access logs: the one bucket with ACLs enabled is the logs bucket. */
const LOGS_BUCKET_CONTROLS: Record<string, string> = {
  'ct-s3-pr-5':
    "CloudFront's standard logs are written through the bucket's ACL (to the log-delivery account), so the access-logs bucket keeps ACLs enabled; every other bucket enforces bucket-owner ownership with ACLs off.",
};

/** The controls left out for these provinces, each with its reason. */
export function disabledControls(provinces: ProvinceConfig[]): Record<string, string> {
  return {
    ...DISABLED_CONTROLS,
    ...(provinces.some((p) => !p.accessLogs) ? ACCESS_LOG_CONTROLS : {}),
    ...(provinces.some((p) => p.accessLogs) ? LOGS_BUCKET_CONTROLS : {}),
  };
}

/** Where the validator package keeps the Control Tower rules, one file a control. */
const CONTROLS_DIR = join(
  dirname(createRequire(import.meta.url).resolve('@cdklabs/cdk-validator-cfnguard/package.json')),
  'rules',
  'control-tower',
  'cfn-guard',
);

const listRules = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listRules(join(dir, e.name)) : e.name.endsWith('.guard') ? [join(dir, e.name)] : [],
  );

/**
 * The enabled controls that can apply to this app: each control checks the resources of the
 * types it names, so one whose types the app has none of cannot fail, and cfn-guard spends
 * about 0.3 s of CPU on each of the 474 (56 apply to a province today). A control that names
 * no type is always kept.
 */
export function applicableControls(app: IConstruct, disabled: Record<string, string>): string[] {
  const types = new Set(app.node.findAll().flatMap((c) => (CfnResource.isCfnResource(c) ? [c.cfnResourceType] : [])));
  return listRules(CONTROLS_DIR).filter((file) => {
    if (basename(file, '.guard') in disabled) return false;
    const named = readFileSync(file, 'utf8').match(/"AWS::\w+::\w+"/g) ?? [];
    return named.length === 0 || named.some((t) => types.has(t.slice(1, -1)));
  });
}

/** The Control Tower proactive controls as a policy-validation plugin of the CDK app, once its stacks are defined. */
export function controlTowerValidator(app: IConstruct, provinces: ProvinceConfig[]): CfnGuardValidator {
  return new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: applicableControls(app, disabledControls(provinces)) });
}
