import { App, Stack, type CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../shared/http/routes.js';
import { PORTAL_ROUTES, PORTAL_SCOPE, STAFF_SCOPE } from '../../infra/scopes.js';
import { defineApp } from '../../infra/stacks/province.js';
import { PRE_TOKEN_FUNCTION } from '../../infra/stacks/identity.js';
import { parsePortalClients } from '../../shared/identity/claims.js';
import {
  actionsOf,
  fnId,
  identity,
  lci,
  logicalId,
  type Resource,
  resources,
  roleId,
  routeResources,
  routesStackId,
  service,
  synthesizeProvince,
} from './province-stacks.js';

import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import cdkJson from '../../cdk.json' with { type: 'json' };

beforeAll(synthesizeProvince);

describe('the API', () => {
  const routes = () => Object.entries(routeResources).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Route');
  const routeOf = (method: string, path: string) =>
    routes()
      .filter(([, r]) => r.Properties.RouteKey === `${method} ${path}`)
      .map(([, r]) => r);

  it('has exactly the routes of HTTP_ROUTES, each integrated with its own function', () => {
    // In a nested stack of their own: a route and its integration and permission are three resources of the 500 a stack may hold.
    service.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    expect(routes()).toHaveLength(HTTP_ROUTES.length);
    for (const route of HTTP_ROUTES) {
      const [r] = routeOf(route.method, route.path);
      expect(r, route.name).toBeDefined();
      const integration = resources[(r!.Properties.Target['Fn::Join'][1][1] as { Ref: string }).Ref]!;
      expect(integration.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [fnId(route.name), 'Arn'] });
      expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
    }
  });

  it('puts the Cognito JWT authorizer on every non-public route and none on the public ones', () => {
    const authorizers = service.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [authorizerId, authorizer] = Object.entries(authorizers)[0]!;
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain('cognito-idp.');
    // The commune app's, the portals' and the console's clients.
    expect(authorizer.Properties.JwtConfiguration.Audience).toHaveLength(3);
    for (const route of HTTP_ROUTES) {
      const [r] = routeOf(route.method, route.path);
      if (route.public) {
        expect(r!.Properties.AuthorizationType ?? 'NONE', route.name).toBe('NONE');
        expect(r!.Properties.AuthorizerId, route.name).toBeUndefined();
      } else {
        expect(r!.Properties.AuthorizationType, route.name).toBe('JWT');
        expect(r!.Properties.AuthorizerId, route.name).toEqual({ Ref: authorizerId });
        // Officials' tokens everywhere, portals' only where portals work; ID tokens (no scope) nowhere.
        expect(r!.Properties.AuthorizationScopes, route.name).toEqual(PORTAL_ROUTES.has(route.name) ? [STAFF_SCOPE, PORTAL_SCOPE] : [STAFF_SCOPE]);
      }
    }
    expect([...PORTAL_ROUTES].sort()).toEqual([
      'attachments-complete',
      'attachments-create',
      'attachments-get',
      'attachments-signatures',
      'dossiers-create',
      'dossiers-form',
      'dossiers-get',
      'dossiers-list',
      'dossiers-payment-online',
      'dossiers-payment-receipt',
      'dossiers-supplement',
      'dossiers-withdraw',
      'webhooks-delete',
      'webhooks-deliveries',
      'webhooks-get',
      'webhooks-list',
      'webhooks-put',
    ]);
    identity.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', { Identifier: 'mot-cua', Scopes: [Match.objectLike({ ScopeName: 'dossiers' })] });
    const portal = Object.values(identity.findResources('AWS::Cognito::UserPoolClient', { Properties: { AllowedOAuthFlows: ['client_credentials'] } }));
    expect(portal).toHaveLength(1);
    expect(JSON.stringify(portal[0]!.Properties.AllowedOAuthScopes)).toMatch(/\/dossiers"/);
    // The catalogue, the status lookup, the electronic result, the rating and the contract are the only public routes.
    expect(
      HTTP_ROUTES.filter((r) => r.public)
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      'lookup-get',
      'lookup-payment-online',
      'lookup-post',
      'lookup-rating',
      'lookup-result',
      'lookup-result-post',
      'openapi',
      'payments-callback',
      'procedures-commune-list',
      'procedures-list',
    ]);
  });

  it('logs access, throttles the stage and allows the configured origins only', () => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context.requestId') },
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: lci.province.throttle.rateLimit, ThrottlingBurstLimit: lci.province.throttle.burstLimit }),
    });
    const stage = Object.values(service.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    expect(stage.Properties.AccessLogSettings.Format).not.toMatch(/querystring|\$input|body/i);
    service.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: lci.province.corsOrigins }),
    });
  });

  it('gives each public route its own throttle, the four together below the stage, so anonymous traffic leaves the desks headroom', () => {
    const stage = Object.values(service.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    const publicKeys = HTTP_ROUTES.filter((r) => r.public).map((r) => `${r.method} ${r.path}`);
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(publicKeys.sort());
    const { rateLimit, burstLimit } = lci.province.publicThrottle;
    for (const key of publicKeys) expect(stage.Properties.RouteSettings[key]).toEqual({ ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit });
    expect(publicKeys.length * rateLimit).toBeLessThan(lci.province.throttle.rateLimit);
    // Route settings name route keys: the stage is made after the routes (their nested stack).
    const stageResource = Object.values(service.toJSON().Resources as Record<string, { Type: string; DependsOn?: string[] }>).find(
      (r) => r.Type === 'AWS::ApiGatewayV2::Stage',
    )!;
    expect(stageResource.DependsOn).toEqual(expect.arrayContaining([routesStackId]));
    // No reservation unless configured (a new account has no concurrency to spare).
    for (const r of HTTP_ROUTES) expect(resources[fnId(r.name)]!.Properties.ReservedConcurrentExecutions, r.name).toBeUndefined();
  });

  it("reserves, and caps, the public functions' concurrency when configured", () => {
    const app = new App({
      context: {
        ...cdkJson.context,
        'aws:cdk:bundling-stacks': [],
        'mot-cua:provinces': [{ ...cdkJson.context['mot-cua:provinces'][0], publicConcurrency: 5 }],
      },
    });
    const [p] = defineApp(app);
    const t = Template.fromStack(p!.service).toJSON().Resources as Record<string, Resource>;
    for (const r of HTTP_ROUTES) {
      const id = p!.service.getLogicalId(p!.service.functions.get(r.name)!.fn.node.defaultChild as CfnResource);
      expect(t[id]!.Properties.ReservedConcurrentExecutions, r.name).toBe(r.public ? 5 : undefined);
    }
  });

  it('signs officials in with MFA and a strong password on a retained Plus-tier user pool', () => {
    identity.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        MfaConfiguration: 'ON',
        UserPoolTier: 'PLUS',
        DeletionProtection: 'ACTIVE',
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
      }),
    });
    identity.hasResourceProperties('AWS::Cognito::UserPoolClient', { AllowedOAuthFlows: ['client_credentials'], GenerateSecret: true });
  });
});

describe('identities', () => {
  const poolId = () => logicalId(lci.identity.userPool);
  const portalClientId = () => logicalId(lci.identity.portalClient);
  const trigger = () => resources[fnId(PRE_TOKEN_FUNCTION)]!;

  it('live in their own termination-protected stack, so the service stack can be replaced without losing an official', () => {
    expect(lci.identity.terminationProtection).toBe(true);
    expect(lci.data.terminationProtection).toBe(true);
    expect(lci.service.terminationProtection).toBeFalsy();
    for (const type of ['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolDomain', 'AWS::Cognito::UserPoolResourceServer']) {
      service.resourceCountIs(type, 0);
    }
    // Only the console's own client, which holds no secret: replaced with the console, its id rewritten into config.json.
    const clients = Object.values(service.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients.map((c) => [c.Properties.ClientName, c.Properties.GenerateSecret])).toEqual([['console', false]]);
    identity.resourceCountIs('AWS::Cognito::UserPool', 1);
    identity.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
    // The service stack only reads the pool's exports (authorizer issuer and audiences).
    expect(lci.service.dependencies.map((d) => d.stackName).sort()).toEqual([lci.data.stackName, lci.identity.stackName].sort());
  });

  it('the pool runs the pre-token trigger at event version V3_0 (client credentials included), named by its fixed function name', () => {
    const pool = resources[poolId()]!;
    const config = pool.Properties.LambdaConfig.PreTokenGenerationConfig as { LambdaArn: unknown; LambdaVersion: string };
    expect(config.LambdaVersion).toBe('V3_0');
    // V3_0 needs the Essentials or Plus feature plan.
    expect(pool.Properties.UserPoolTier).toBe('PLUS');
    expect(trigger().Properties.FunctionName).toBe('mot-cua-lci-pre-token');
    expect(JSON.stringify(config.LambdaArn)).toContain(':function:mot-cua-lci-pre-token');
    expect(JSON.stringify(config.LambdaArn)).toContain('arn:');
    expect(Object.keys(pool.Properties.LambdaConfig)).toEqual(['PreTokenGenerationConfig']);
  });

  it('only this pool may invoke the trigger', () => {
    const invokes = Object.values(identity.findResources('AWS::Lambda::Permission', { Properties: { Principal: 'cognito-idp.amazonaws.com' } }));
    expect(invokes).toHaveLength(1);
    expect(invokes[0]!.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId(PRE_TOKEN_FUNCTION), 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [poolId(), 'Arn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it('the trigger gets the portal client → province map and no table, no queue, no key', () => {
    const env = trigger().Properties.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(env).sort()).toEqual(['PORTAL_CLIENTS', 'POWERTOOLS_SERVICE_NAME', 'PROVINCES']);
    expect(env.PROVINCES).toBe('LCI');
    // Deployed, the Ref is the portal app client's id: {"<id>":"LCI"}.
    const [separator, parts] = (env.PORTAL_CLIENTS as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    const text = parts
      .map((p) => (typeof p === 'string' ? p : JSON.stringify(p) === JSON.stringify({ Ref: portalClientId() }) ? 'portalclientid' : '?'))
      .join(separator);
    expect(parsePortalClients(text)).toEqual({ portalclientid: 'LCI' });
    const actions = [...actionsOf(roleId(PRE_TOKEN_FUNCTION))];
    expect(actions.filter((a) => !a.startsWith('logs:'))).toEqual([]);
    // Cognito waits 5 s for a trigger.
    expect(trigger().Properties.Timeout).toBeLessThanOrEqual(5);
  });

  it('has no dependency cycle (pool → trigger → portal client → pool would not deploy)', () => {
    // Template.fromStack refuses a cyclic template, so `identity` (beforeAll) deploys in order.
    expect(() => Template.fromStack(lci.identity)).not.toThrow();
    // The plain wiring — the pool referencing the trigger, the trigger reading the client id — is such a cycle.
    const probe = new Stack(new App(), 'Probe');
    const pool = new cognito.UserPool(probe, 'Pool');
    const client = pool.addClient('Client');
    const fn = new lambda.Function(probe, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async (e) => e;'),
      environment: { CLIENT: client.userPoolClientId },
    });
    pool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn, cognito.LambdaVersion.V3_0);
    expect(() => Template.fromStack(probe)).toThrow(/dependency cycle/);
  });

  it('officials cannot write the attributes their claims come from; portals only use client credentials', () => {
    const staff = resources[logicalId(lci.identity.staffClient)]!.Properties;
    expect(staff.WriteAttributes?.length).toBeGreaterThan(0);
    expect((staff.WriteAttributes as string[]).filter((a) => a.startsWith('custom:') || a === 'name')).toEqual([]);
    const portal = resources[portalClientId()]!.Properties;
    expect(portal.AllowedOAuthFlows).toEqual(['client_credentials']);
    // Refresh is the floor Cognito accepts, and client credentials issue no refresh token.
    expect(portal.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
  });

  it("sends officials' mail with Cognito's own sender until the SES domain is configured and verified", () => {
    expect(resources[poolId()]!.Properties.EmailConfiguration).toBeUndefined();
    const email = { from: 'motcua@laichau.gov.vn', replyTo: 'vanphong@laichau.gov.vn' };
    const synth = (verified: boolean) => {
      const app = new App({
        context: {
          ...cdkJson.context,
          'aws:cdk:bundling-stacks': [],
          'mot-cua:provinces': [{ ...cdkJson.context['mot-cua:provinces'][0], email: { ...email, verified } }],
        },
      });
      return Template.fromStack(defineApp(app)[0]!.identity);
    };
    // First deploy: the domain identity with Easy DKIM, its records as outputs; Cognito still sends.
    const pending = synth(false);
    pending.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'laichau.gov.vn' });
    expect(Object.keys(pending.toJSON().Outputs).filter((o) => o.startsWith('SenderDkim'))).toHaveLength(3);
    expect(Object.values(pending.findResources('AWS::Cognito::UserPool'))[0]!.Properties.EmailConfiguration).toBeUndefined();
    // Once verified: the pool sends through SES in the province's region (the Vietnamese name MIME-encoded).
    synth(true).hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: `=?UTF-8?B?${Buffer.from('Một Cửa').toString('base64')}?= <motcua@laichau.gov.vn>`,
        ReplyToEmailAddress: 'vanphong@laichau.gov.vn',
        SourceArn: Match.anyValue(),
      }),
    });
  });

  it('outputs what an operator needs: the pool id, the portal client id and the token endpoint', () => {
    const outputs = identity.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.UserPoolId!.Value).toEqual({ Ref: poolId() });
    expect(outputs.PortalClientId!.Value).toEqual({ Ref: portalClientId() });
    expect(JSON.stringify(outputs.TokenUrl!.Value)).toMatch(/\.auth\.ap-southeast-1\.amazoncognito\.com\/oauth2\/token/);
  });
});
