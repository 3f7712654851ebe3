import { Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { ProvinceConfig } from '../config.js';

/** The public lookup routes the rate-based rule counts: status, rating and result of a dossier by code and secret. */
export const LOOKUP_PATH_PREFIX = '/v1/lookup/';
/** AWS WAF's look-back window of the rate-based rule, in seconds. */
export const WAF_WINDOW_S = 300;

export interface EdgeStackProps extends StackProps {
  province: ProvinceConfig;
  lookupsPerIp: number;
}

/**
 * The province's web ACL for its CloudFront distribution (a CLOUDFRONT-scope web ACL can only be
 * made in us-east-1, hence a stack of its own there). Guessing lookup secrets is bounded per
 * client address here, never per dossier code, so that nobody can lock a citizen out.
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    const metric = (name: string) => ({ cloudWatchMetricsEnabled: true, metricName: `${props.province.code}-${name}`, sampledRequestsEnabled: true });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `mot-cua-${props.province.code.toLowerCase()}-public`,
      description: `Một Cửa ${props.province.name}: per-address limit of the public lookup`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metric('web-acl'),
      customResponseBodies: {
        tooMany: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: 'https://motcua.gov.vn/problems/too-many-requests',
            title: 'Too many requests',
            status: 429,
            detail: 'too many lookups from this address; try again in a few minutes',
          }),
        },
      },
      rules: [
        {
          name: 'lookups-per-ip',
          priority: 0,
          // WAF answers its own bodies as application/json (it prefixes any custom header with x-amzn-waf-).
          action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'tooMany' } } },
          visibilityConfig: metric('lookups-per-ip'),
          statement: {
            rateBasedStatement: {
              limit: props.lookupsPerIp,
              evaluationWindowSec: WAF_WINDOW_S,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: LOOKUP_PATH_PREFIX,
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
        },
      ],
    });
  }
}
