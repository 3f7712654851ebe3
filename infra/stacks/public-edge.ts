import { Aws, Fn, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';

export interface PublicEdgeProps {
  httpApi: apigw.IHttpApi;
  /** ARN of the CLOUDFRONT-scope web ACL (the edge stack, us-east-1). */
  webAclArn: string;
}

/**
 * The HTTP API as a CloudFront behaviour. Answers are per caller: passed through, never cached,
 * with the caller's headers but CloudFront's own Host, which API Gateway needs to find the API.
 */
export function apiBehavior(httpApi: apigw.IHttpApi, extra: Partial<cloudfront.BehaviorOptions> = {}): cloudfront.BehaviorOptions {
  const apiDomain = Fn.join('', [httpApi.apiId, '.execute-api.', Aws.REGION, '.', Aws.URL_SUFFIX]);
  return {
    origin: new origins.HttpOrigin(apiDomain, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    }),
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
    cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
    originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    ...extra,
  };
}

/**
 * CloudFront in front of the HTTP API, carrying the web ACL the API itself cannot take: every
 * request passes through unchanged and uncached (the answers are per caller), with the client's
 * headers but its own Host, which API Gateway needs to find the API.
 */
export class PublicEdge extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: PublicEdgeProps) {
    super(scope, id);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Một Cửa: the API behind the web ACL',
      webAclId: props.webAclArn,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      defaultBehavior: apiBehavior(props.httpApi),
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geo restriction: citizens abroad look their dossiers up too, and the per-address rate rule bounds guessing from anywhere.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          "Every request is logged by the API stage's access log (route, status, latency, no query string) and the web ACL's metrics and sampled requests; CloudFront standard logs would add an ACL-enabled bucket for the same facts.",
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The distribution answers on its *.cloudfront.net name, whose default certificate CloudFront serves with its own policy; the province's own domain (an ACM certificate in us-east-1 and TLSv1.2_2021) is the operator's to add with its DNS.",
      },
    );
  }
}
