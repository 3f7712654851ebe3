import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { fixedCost, synthesizedTemplates } from '../../scripts/lib/fixed-cost.js';
import { LOOKUP_PATH_PREFIX, WAF_WINDOW_S } from '../../infra/stacks/edge.js';
import { defineApp } from '../../infra/stacks/province.js';

process.env.CDK_VALIDATION = 'false';

const withWaf = (waf: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  ...cdkJson.context,
  'aws:cdk:bundling-stacks': [],
  'mot-cua:provinces': [{ ...cdkJson.context['mot-cua:provinces'][0], waf, ...more }],
});

describe('the WAF option', () => {
  it('puts a CLOUDFRONT web ACL in us-east-1 whose rate-based rule refuses (429) an address past its lookups in five minutes', () => {
    const [lci] = defineApp(new App({ context: withWaf({ lookupsPerIp: 500 }) }));
    expect(lci!.edge!.region).toBe('us-east-1');
    const edge = Template.fromStack(lci!.edge!);
    edge.resourceCountIs('AWS::WAFv2::WebACL', 1);
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Action: { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'tooMany' } } },
          Statement: {
            RateBasedStatement: {
              Limit: 500,
              EvaluationWindowSec: WAF_WINDOW_S,
              AggregateKeyType: 'IP',
              ScopeDownStatement: {
                ByteMatchStatement: Match.objectLike({ FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: LOOKUP_PATH_PREFIX }),
              },
            },
          },
        }),
      ],
    });
  });

  it('serves the API through CloudFront behind that web ACL, uncached, HTTPS only: the console’s distribution, or one of its own', () => {
    const [lci] = defineApp(new App({ context: withWaf({}) }));
    const service = Template.fromStack(lci!.service);
    service.resourceCountIs('AWS::CloudFront::Distribution', 1);
    service.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: Match.anyValue(),
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({ PathPattern: '/v1/*', ViewerProtocolPolicy: 'https-only', AllowedMethods: Match.arrayWith(['PUT', 'POST']) }),
        ]),
      }),
    });
    const [apiOnly] = defineApp(new App({ context: withWaf({}, { console: false }) }));
    Template.fromStack(apiOnly!.service).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: Match.anyValue(),
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only', AllowedMethods: Match.arrayWith(['PUT', 'POST']) }),
      }),
    });
    expect(Template.fromStack(lci!.edge!).findResources('AWS::WAFv2::WebACL')).not.toEqual({});
    // 300 per address per five minutes by default: a household behind one address still looks up freely.
    Template.fromStack(lci!.edge!).hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: [Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 300 }) } })],
    });
  });

  it('is off by default: no web ACL; the console’s distribution alone, without one', () => {
    const [lci] = defineApp(new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } }));
    expect(lci!.edge).toBeUndefined();
    const service = Template.fromStack(lci!.service);
    service.resourceCountIs('AWS::CloudFront::Distribution', 1);
    expect(JSON.stringify(service.findResources('AWS::CloudFront::Distribution'))).not.toContain('WebACLId');
    const [without] = defineApp(
      new App({
        context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], 'mot-cua:provinces': [{ ...cdkJson.context['mot-cua:provinces'][0], console: false }] },
      }),
    );
    Template.fromStack(without!.service).resourceCountIs('AWS::CloudFront::Distribution', 0);
  });

  it('passes cdk-nag with every finding acknowledged in writing', () => {
    const app = new App({ context: withWaf({}) });
    defineApp(app);
    const pack = new AwsSolutionsChecks(app, { verbose: true });
    Validations.of(app).addPlugins(pack);
    const report = pack.validateScope(app);
    expect(report.violations.map((v) => `${v.severity} ${v.ruleName}`)).toEqual([]);
  });

  it('is priced in the fixed monthly cost: one web ACL with its rule', async () => {
    const cost = fixedCost(await synthesizedTemplates(withWaf({})));
    const line = cost.lines.find((l) => l.item === 'WAF web ACLs and rules')!;
    expect(line).toMatchObject({ count: 1, monthly: cost.prices.wafWebAcl + cost.prices.wafRule });
  });
});
