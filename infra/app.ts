#!/usr/bin/env node
/**
 * The CDK app (cdk.json: `npx tsx infra/app.ts`): one data stack and one service stack per
 * configured province, checked on every synth against cdk-nag's AWS Solutions rules and AWS
 * Control Tower's proactive controls (infra/guard.ts) — any finding not acknowledged or disabled
 * with a written reason stops the synth.
 *
 *   npx cdk synth                                  every configured province (the demo LCI by default)
 *   npx cdk synth -c mot-cua:province=LCI          one of them
 *   npx cdk deploy 'MotCua-LCI-*'
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { controlTowerValidator } from './guard.js';
import { defineApp } from './stacks/province.js';

const app = new App();
const provinces = defineApp(app);
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
  controlTowerValidator(
    app,
    provinces.map((p) => p.province),
  ),
);
app.synth();
