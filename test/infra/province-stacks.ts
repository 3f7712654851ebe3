/** The demo province's synthesized stacks and what the stack tests read of them. */
import { App, Stack, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { type Destination } from '../../infra/queues.js';
import { defineApp, type ProvinceStacks } from '../../infra/stacks/province.js';
import { PRE_TOKEN_FUNCTION } from '../../infra/stacks/identity.js';
import { FUNCTIONS } from '../../infra/stacks/access.js';

import type { IConstruct } from 'constructs';
import cdkJson from '../../cdk.json' with { type: 'json' };

// CloudFormation's schema validation of the templates runs once, in nag.test.ts.
process.env.CDK_VALIDATION = 'false';

export type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
export type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

export const ALL_FUNCTIONS = FUNCTIONS.map((f) => f.name);
/** Functions outside the route table: the user pool's pre-token-generation trigger. */
export const TRIGGERS = [PRE_TOKEN_FUNCTION];
/** The handlers of the route table (routes, consumers, schedules): each reads the table. */
export const HANDLERS = ALL_FUNCTIONS.filter((n) => !TRIGGERS.includes(n));
export const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
export const STREAM_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];

export let lci: ProvinceStacks;
export let service: Template;
export let data: Template;
export let identity: Template;
/** The service and identity stacks' resources and the API's routes (their logical ids do not collide). */
export let resources: Record<string, Resource>;
/**
 * The API's routes, integrations and invoke permissions (a nested stack of the service stack),
 * each reference to a parameter replaced by what the service stack passes it: read as if they
 * were in the service stack.
 */
export let routeResources: Record<string, Resource>;
/** The logical id of the routes' nested stack in the service stack. */
export let routesStackId: string;

export const logicalId = (construct: IConstruct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnResource);
export const functionOf = (name: string) => (name === PRE_TOKEN_FUNCTION ? lci.identity.preToken : lci.service.functions.get(name)!);
export const fnId = (name: string) => logicalId(functionOf(name).fn);
export const roleId = (name: string) => logicalId(functionOf(name).role);
export const queueId = (d: Destination) => logicalId(lci.service.messaging.queues[d]);
export const dlqId = (d: Destination) => logicalId(lci.service.messaging.pairs[d].dlq);

/** Every statement attached to a role of a template's resources, from its inline policies and the AWS::IAM::Policy resources naming it. */
export function allStatementsOf(role: string, of: Record<string, Resource> = resources): Statement[] {
  const inline = ((of[role]?.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
  const attached = Object.values(of)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as unknown[]).some((x) => JSON.stringify(x) === JSON.stringify({ Ref: role })))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
  return [...inline, ...attached];
}

/** Every Allow statement attached to a role. */
export const statementsOf = (role: string): Statement[] => allStatementsOf(role).filter((s) => s.Effect === 'Allow');
export const actionsOf = (role: string) => new Set(statementsOf(role).flatMap((s) => list(s.Action)));

/** Synthesizes the demo province's stacks once for a test file: every binding above reads them. */
export function synthesizeProvince() {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  [lci] = defineApp(app) as [ProvinceStacks];
  service = Template.fromStack(lci.service);
  data = Template.fromStack(lci.data);
  identity = Template.fromStack(lci.identity);
  const serviceResources = service.toJSON().Resources as Record<string, Resource>;
  const identityResources = identity.toJSON().Resources as Record<string, Resource>;
  expect(Object.keys(serviceResources).filter((id) => id in identityResources)).toEqual([]);
  const routesStack = lci.service.api.routesStack;
  routesStackId = lci.service.getLogicalId(routesStack.nestedStackResource!);
  const passed = serviceResources[routesStackId]!.Properties.Parameters as Record<string, unknown>;
  const substituted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(substituted);
    if (value && typeof value === 'object') {
      const ref = (value as { Ref?: string }).Ref;
      if (ref !== undefined && Object.keys(value).length === 1 && ref in passed) return passed[ref];
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituted(v)]));
    }
    return value;
  };
  routeResources = substituted(Template.fromStack(routesStack).toJSON().Resources) as Record<string, Resource>;
  expect(Object.keys(routeResources).filter((id) => id in serviceResources || id in identityResources)).toEqual([]);
  resources = { ...serviceResources, ...identityResources, ...routeResources };
}
