import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { fixedCost, synthesizedTemplates } from '../../scripts/lib/fixed-cost.js';
import { CITIZEN_PAGE_CSP } from '../../infra/citizen-page.js';
import { API_PATHS, CALLBACK_PATH } from '../../infra/stacks/console.js';
import { defineApp, type ProvinceStacks } from '../../infra/stacks/province.js';

process.env.CDK_VALIDATION = 'false';

type Resource = { Type: string; Properties: Record<string, any> };

const [lciConfig] = cdkJson.context['mot-cua:provinces'];
const contextWith = (province: Record<string, unknown>) => ({
  ...cdkJson.context,
  'aws:cdk:bundling-stacks': [],
  'mot-cua:provinces': [{ ...lciConfig, ...province }],
});
/** CloudFront's managed policies, by their fixed ids. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

let lci: ProvinceStacks;
let service: Template;

const only = (template: Template, type: string): Resource => {
  const found = Object.values(template.findResources(type)) as Resource[];
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const distributionConfig = () => only(service, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;

beforeAll(() => {
  [lci] = defineApp(new App({ context: contextWith({}) })) as [ProvinceStacks];
  service = Template.fromStack(lci.service);
});

describe('the staff console on AWS', () => {
  it('is served from a private bucket through origin access control, HTTPS only, app paths answering index.html', () => {
    const bucket = Object.entries(service.findResources('AWS::S3::Bucket'))
      .filter(([id]) => id.startsWith('ConsoleSite'))
      .map(([, b]) => b as Resource);
    expect(bucket).toHaveLength(1);
    expect(bucket[0]!.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    // Only this distribution may read it: the CloudFront service, on the condition of its ARN.
    service.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
    only(service, 'AWS::CloudFront::OriginAccessControl');
    const config = distributionConfig();
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([expect.objectContaining({ EventType: 'viewer-request' })]);
    const spa = (Object.values(service.findResources('AWS::CloudFront::Function')) as Resource[]).filter((f) =>
      String(f.Properties.FunctionCode).includes("r.uri = '/index.html'"),
    );
    expect(spa).toHaveLength(1);
    // No error-response rewriting: the API's own 403 and 404 reach the console as they are.
    expect(config.CustomErrorResponses).toBeUndefined();
  });

  it('routes /v1/* and /openapi.json to the HTTP API on the same origin, uncached, with the caller’s headers', () => {
    const behaviors = distributionConfig().CacheBehaviors as Record<string, any>[];
    for (const path of API_PATHS) {
      const behavior = behaviors.find((b) => b.PathPattern === path)!;
      expect(behavior, path).toMatchObject({
        ViewerProtocolPolicy: 'https-only',
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PUT', 'OPTIONS']),
      });
    }
    const origins = distributionConfig().Origins as Record<string, any>[];
    const api = origins.find((o) => o.CustomOriginConfig)!;
    expect(JSON.stringify(api.DomainName)).toContain('execute-api');
    expect(api.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('answers every path with the security headers; hashed assets are kept, the page is asked for again', () => {
    const every = Object.values(service.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as Resource[];
    // The citizen's page has its own policy (below).
    const policies = every.filter(
      (p) => p.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy !== CITIZEN_PAGE_CSP,
    );
    expect(policies.length).toBeGreaterThanOrEqual(3);
    for (const p of policies) {
      const security = p.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
      const csp = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain('amazoncognito.com');
      expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
      expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31536000, Override: true });
      expect(security.ContentTypeOptions).toEqual({ Override: true });
    }
    const cacheOf = (p: Resource) => p.Properties.ResponseHeadersPolicyConfig.CustomHeadersConfig?.Items?.[0]?.Value;
    expect(policies.map(cacheOf).sort()).toEqual([undefined, 'no-cache', 'public, max-age=31536000, immutable'].sort());
  });

  it("serves the citizen's page at /tra-cuu/*: its one file from the bucket, its own policy, no cookie or query forwarded", () => {
    const behavior = (distributionConfig().CacheBehaviors as Record<string, any>[]).find((b) => b.PathPattern === '/tra-cuu/*')!;
    expect(behavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      FunctionAssociations: [expect.objectContaining({ EventType: 'viewer-request' })],
    });
    // CachingOptimized: neither cookies nor the query string reach the bucket or the cache key.
    expect(behavior.CachePolicyId).toBe('658327ea-f89d-4fab-a63d-7e88639e58f6');
    const rewrite = (Object.values(service.findResources('AWS::CloudFront::Function')) as Resource[]).find((f) =>
      String(f.Properties.FunctionCode).includes("'/tra-cuu/index.html'"),
    );
    expect(rewrite).toBeDefined();
    const policy = Object.values(service.findResources('AWS::CloudFront::ResponseHeadersPolicy')).find(
      (p) => (p as Resource).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy === CITIZEN_PAGE_CSP,
    ) as Resource;
    expect(policy.Properties.ResponseHeadersPolicyConfig).toMatchObject({
      SecurityHeadersConfig: { FrameOptions: { FrameOption: 'DENY', Override: true }, ContentTypeOptions: { Override: true } },
      CustomHeadersConfig: { Items: [{ Header: 'Cache-Control', Value: 'no-cache', Override: true }] },
    });
    expect(CITIZEN_PAGE_CSP).toContain("connect-src 'self'");
    expect(CITIZEN_PAGE_CSP).not.toContain('unsafe-inline');
  });

  it('writes config.json at deploy time: the managed login, the console’s client, the callback path', () => {
    const deployment = only(service, 'Custom::CDKBucketDeployment');
    expect(deployment.Properties.DistributionPaths).toEqual(['/index.html', '/tra-cuu/index.html', '/config.json']);
    // The built console, and config.json whose deploy-time values are the pool, its domain and the console's client.
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
    const markers = JSON.stringify(deployment.Properties.SourceMarkers);
    const client = Object.keys(service.findResources('AWS::Cognito::UserPoolClient'))[0]!;
    expect(markers).toContain(`{"Ref":"${client}"}`);
    expect(markers).toContain('TokenEndpoint');
    expect(markers).toContain('https://cognito-idp.');
  });

  it('signs in through its own app client: authorization code with PKCE, no secret, back to the distribution', () => {
    const clients = Object.values(service.findResources('AWS::Cognito::UserPoolClient')) as Resource[];
    expect(clients).toHaveLength(1);
    const client = clients[0]!.Properties;
    expect(client).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    });
    expect(client.AllowedOAuthScopes).toEqual(expect.arrayContaining(['openid', 'aws.cognito.signin.user.admin']));
    expect(JSON.stringify(client.CallbackURLs)).toContain(CALLBACK_PATH);
    expect(JSON.stringify(client.CallbackURLs)).toContain('DomainName');
    // Its access tokens pass the API's authorizer, beside the commune app's and the portals'.
    const authorizer = only(service, 'AWS::ApiGatewayV2::Authorizer').Properties;
    expect(authorizer.JwtConfiguration.Audience).toHaveLength(3);
    expect(JSON.stringify(authorizer.JwtConfiguration.Audience)).toContain(Object.keys(service.findResources('AWS::Cognito::UserPoolClient'))[0]);
    Template.fromStack(lci.identity).hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
    service.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
  });

  it('shares one distribution with the web ACL when the WAF option is on; without the console, the API alone is behind it', () => {
    const [both] = defineApp(new App({ context: contextWith({ waf: {} }) }));
    const withWaf = Template.fromStack(both!.service);
    withWaf.resourceCountIs('AWS::CloudFront::Distribution', 1);
    const config = (Object.values(withWaf.findResources('AWS::CloudFront::Distribution'))[0] as Resource).Properties.DistributionConfig;
    expect(config.WebACLId).toBeDefined();
    expect((config.CacheBehaviors as { PathPattern: string }[]).map((b) => b.PathPattern)).toEqual(expect.arrayContaining([...API_PATHS]));
    expect(both!.service.edge).toBeUndefined();

    const [apiOnly] = defineApp(new App({ context: contextWith({ waf: {}, console: false }) }));
    const edge = Template.fromStack(apiOnly!.service);
    edge.resourceCountIs('AWS::CloudFront::Distribution', 1);
    edge.resourceCountIs('AWS::S3::Bucket', 0);
    edge.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    expect(apiOnly!.service.edge).toBeDefined();
  });

  it('logs the access of the distribution and the bucket into a logs bucket beside them, kept as the logs are; none when the province turns them off', () => {
    const logs = Object.entries(service.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('ConsoleAccessLogs')) as [string, Resource];
    expect(logs).toBeDefined();
    const [logsId, logsBucket] = logs;
    expect(logsBucket.Properties.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerPreferred' }]);
    expect(logsBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    expect(logsBucket.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ ExpirationInDays: lciConfig!.logRetentionDays, Status: 'Enabled' })]),
    );
    expect(distributionConfig().Logging).toEqual({ Bucket: { 'Fn::GetAtt': [logsId, 'RegionalDomainName'] }, Prefix: 'console/' });
    const site = Object.entries(service.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('ConsoleSite'))![1] as Resource;
    expect(site.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'console-bucket/' });
    expect(site.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });

    const [quiet] = defineApp(new App({ context: contextWith({ accessLogs: false }) }));
    const without = Template.fromStack(quiet!.service);
    without.resourceCountIs('AWS::S3::Bucket', 1);
    expect((Object.values(without.findResources('AWS::CloudFront::Distribution'))[0] as Resource).Properties.DistributionConfig.Logging).toBeUndefined();
  });

  it('adds nothing to the fixed monthly cost: no alarm, key or secret; CloudFront has no monthly fee', async () => {
    const withConsole = fixedCost(await synthesizedTemplates(contextWith({})));
    const without = fixedCost(await synthesizedTemplates(contextWith({ console: false })));
    expect(withConsole.monthly).toBe(without.monthly);
    expect([withConsole.alarms, withConsole.alarmMetrics]).toEqual([without.alarms, without.alarmMetrics]);
    expect(withConsole.lines.find((l) => l.item === 'CloudFront distributions')).toEqual({ item: 'CloudFront distributions', count: 1, monthly: 0 });
  });
});
