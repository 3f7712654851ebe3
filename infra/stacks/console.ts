import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { AssetHashType, CfnOutput, type CfnResource, DockerImage, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as deployment from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CITIZEN_PAGE_CSP, CITIZEN_PAGE_FILE, CITIZEN_PAGE_PATH } from '../citizen-page.js';
import { STAFF_SCOPE } from '../scopes.js';
import { AccessLogsBucket } from './access-logs.js';
import { sendEventsToEventBridge } from './bucket-events.js';
import { apiBehavior } from './public-edge.js';

/** Where the console's sources are, from the repository root (the CDK app runs there). */
const WEB = 'web';
/** Paths of the API on the console's origin: the console and the API share one origin. */
export const API_PATHS = ['/v1/*', '/openapi.json'] as const;
/** The console's path Cognito sends the official back to with the authorization code. */
export const CALLBACK_PATH = '/auth/callback';
/** Where Cognito's sign-out returns. */
export const SIGNED_OUT_PATH = '/sign-in';

export interface ConsoleProps {
  province: string;
  httpApi: apigw.IHttpApi;
  userPool: cognito.IUserPool;
  /** The hosted domain of the pool (managed login). */
  domain: cognito.UserPoolDomain;
  /** The files bucket's name: the console uploads to it with presigned URLs. */
  filesBucketName: string;
  /** Days the access logs of the distribution and the console's bucket are kept, when the province keeps them. */
  accessLogRetentionDays?: number;
  /** The CLOUDFRONT-scope web ACL, when the province has the WAF option: this distribution carries it. */
  webAclArn?: string;
}

/**
 * The staff console on AWS: its built files in a private bucket that only this distribution may
 * read (origin access control), and the API behind the same distribution under /v1/* and
 * /openapi.json, so that console and API share one origin (no CORS for the officials' calls).
 * Any other path without a file answers the app's index.html (a CloudFront Function, so the
 * API's own 403 and 404 stay what they are). Every answer carries the security headers.
 * config.json, written at deploy time, tells the console where to sign in: the pool's managed
 * login with the console's own app client (authorization code with PKCE, no secret).
 */
export class Console extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly client: cognito.UserPoolClient;
  /** https://<distribution domain>: the console's origin, and the API's through CloudFront. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const region = Stack.of(this).region;

    const accessLogs = props.accessLogRetentionDays
      ? new AccessLogsBucket(this, 'AccessLogs', { retentionDays: props.accessLogRetentionDays }).bucket
      : undefined;
    this.bucket = new s3.Bucket(this, 'Site', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      // Every deploy writes the build again: the versions it replaces are kept a month, to put a console back by hand.
      versioned: true,
      lifecycleRules: [{ id: 'expire-replaced-builds', noncurrentVersionExpiration: Duration.days(30) }],
      ...(accessLogs ? { serverAccessLogsBucket: accessLogs, serverAccessLogsPrefix: 'console-bucket/' } : {}),
      // Build output only, written again by every deploy: nothing of value is lost with it.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    sendEventsToEventBridge(this.bucket);
    if (!accessLogs) {
      Validations.of(this.bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          "The province's configuration turns access logs off; the bucket holds the console build, the same files for everyone, read only by CloudFront through origin access control.",
      });
    }

    const cognitoOrigin = props.domain.baseUrl();
    const filesOrigin = `https://${props.filesBucketName}.s3.${region}.amazonaws.com`;
    const securityHeadersBehavior: cloudfront.ResponseSecurityHeadersBehavior = {
      contentSecurityPolicy: {
        // The console calls its own origin (the API), the pool's token endpoint (the code
        // exchange) and the files bucket (presigned uploads); nothing else.
        contentSecurityPolicy: Fn.join('', [
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ",
          cognitoOrigin,
          ' ',
          filesOrigin,
          "; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        ]),
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.SAME_ORIGIN, override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
    };
    /** The security headers, and how long a browser keeps what it got (the API's answers: as the API says). */
    const policy = (id: string, comment: string, cacheControl?: string) =>
      new cloudfront.ResponseHeadersPolicy(this, id, {
        comment: `Một Cửa console: ${comment}`,
        securityHeadersBehavior,
        ...(cacheControl ? { customHeadersBehavior: { customHeaders: [{ header: 'Cache-Control', value: cacheControl, override: true }] } } : {}),
      });
    const headers = policy('SecurityHeaders', 'security headers');
    // The page and config.json are asked for again on every visit; hashed assets never change.
    const page = policy('PageHeaders', 'security headers, page revalidated', 'no-cache');
    const assets = policy('AssetHeaders', 'security headers, hashed assets kept', 'public, max-age=31536000, immutable');
    // The citizen's page: the same headers with its own policy (its origin only, no inline style), asked for again on every visit.
    const citizenPage = new cloudfront.ResponseHeadersPolicy(this, 'CitizenPageHeaders', {
      comment: "Một Cửa citizen's page: security headers, page revalidated",
      securityHeadersBehavior: { ...securityHeadersBehavior, contentSecurityPolicy: { contentSecurityPolicy: CITIZEN_PAGE_CSP, override: true } },
      customHeadersBehavior: { customHeaders: [{ header: 'Cache-Control', value: 'no-cache', override: true }] },
    });

    // index.html for the app's own paths (no file extension); files and the API as they are.
    const spa = new cloudfront.Function(this, 'SpaFallback', {
      comment: 'Một Cửa console: app paths answer index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        "function handler(event) { var r = event.request; if (r.uri.indexOf('.') === -1) { r.uri = '/index.html'; } return r; }",
      ),
    });

    // Every path under /tra-cuu/ is the citizen's page (a dossier code has dots, so the app's fallback would not take it).
    const citizenPageFile = new cloudfront.Function(this, 'CitizenPage', {
      comment: "Một Cửa: /tra-cuu/* answers the citizen's page",
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(`function handler(event) { event.request.uri = '${CITIZEN_PAGE_FILE}'; return event.request; }`),
    });

    const api = apiBehavior(props.httpApi, { responseHeadersPolicy: headers });
    const site = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Một Cửa ${props.province}: staff console and API`,
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      ...(accessLogs ? { enableLogging: true, logBucket: accessLogs, logFilePrefix: 'console/' } : {}),
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: site,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: page,
        functionAssociations: [{ function: spa, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/assets/*': {
          origin: site,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: assets,
        },
        [`${CITIZEN_PAGE_PATH}*`]: {
          origin: site,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: citizenPage,
          functionAssociations: [{ function: citizenPageFile, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        },
        ...Object.fromEntries(API_PATHS.map((path) => [path, api])),
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
    if (!accessLogs) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR3',
        reason:
          "The province's configuration turns access logs off; the API's requests are still logged by its stage's access log (route, status, latency, no query string).",
      });
    }
    if (!props.webAclArn) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          "The web ACL is the province's `waf` option ($6 a month); without it, sign-in is guarded by Cognito's threat protection and MFA, and the API by its stage and per-route throttles.",
      });
    }
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geo restriction: officials travel and citizens abroad look their dossiers up too; sign-in (MFA) and the per-address rate rule guard it.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The distribution answers on its *.cloudfront.net name, whose default certificate CloudFront serves with its own policy; the province's own domain (an ACM certificate in us-east-1 and TLSv1.2_2021) is the operator's to add with its DNS.",
      },
    );

    // The console's app client: managed login, authorization code with PKCE, no secret (a
    // browser keeps none); the staff scope its access tokens need on every route.
    this.client = new cognito.UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      userPoolClientName: 'console',
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.PROFILE, cognito.OAuthScope.custom(STAFF_SCOPE)],
        callbackUrls: [`${this.url}${CALLBACK_PATH}`],
        logoutUrls: [`${this.url}${SIGNED_OUT_PATH}`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      // Officials may change their locale, never the attributes claims come from (their name included).
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ locale: true }),
    });
    // No password, SRP or custom sign-in with the console's id: only managed login, and refreshing
    // what it issued (left unset, Cognito would allow SRP and custom auth).
    (this.client.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
    // Cognito's own look of the managed login pages for this client.
    new cognito.CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: props.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    // The built console (vite, at synth) and its runtime configuration, written at deploy time.
    new deployment.BucketDeployment(this, 'Files', {
      destinationBucket: this.bucket,
      sources: [
        deployment.Source.asset(WEB, {
          assetHashType: AssetHashType.OUTPUT,
          bundling: {
            // Required by the type; the build runs here, with the repository's own node_modules.
            image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
            local: {
              tryBundle(outputDir: string) {
                execFileSync(
                  process.execPath,
                  [
                    join('node_modules', 'vite', 'bin', 'vite.js'),
                    'build',
                    '--config',
                    join(WEB, 'vite.config.ts'),
                    '--outDir',
                    outputDir,
                    '--emptyOutDir',
                    '--logLevel',
                    'warn',
                  ],
                  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
                );
                return true;
              },
            },
          },
        }),
        deployment.Source.jsonData('config.json', {
          signIn: 'cognito',
          authority: Fn.join('', ['https://cognito-idp.', region, '.amazonaws.com/', props.userPool.userPoolId]),
          loginDomain: cognitoOrigin,
          clientId: this.client.userPoolClientId,
          redirectPath: CALLBACK_PATH,
          signedOutPath: SIGNED_OUT_PATH,
        }),
      ],
      // CloudFront forgets its copies of the pages and config.json on every deploy.
      distribution: this.distribution,
      distributionPaths: ['/index.html', CITIZEN_PAGE_FILE, '/config.json'],
      memoryLimit: 512,
    });

    // CDK's own function that copies the build into the bucket and invalidates the distribution.
    const copier = Stack.of(this).node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!copier) throw new Error("CDK's deployment of the console's files was not made");
    const deployer = "CDK's BucketDeployment handler runs only while CloudFormation deploys the console";
    Validations.of(copier).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `${deployer}; its logs go through AWS's basic execution policy, which CDK attaches and keeps.`,
      },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${deployer}: it reads the staged build from CDK's assets bucket and replaces the console bucket's files (prune), and CDK grants those as ${action} on the two buckets alone.`,
      })),
      {
        id: `AwsSolutions-IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${region}/*]`,
        reason: `${deployer}: the build is staged under a content-hashed key of CDK's assets bucket, which changes with every build.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnResource)}.Arn>/*]`,
        reason: `${deployer}: it writes every file of the console bucket, and nothing else.`,
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `${deployer}: CloudFront invalidations (of /index.html and /config.json after each deploy) are granted by CDK on every distribution.`,
      },
      { id: 'AwsSolutions-L1', reason: `${deployer}; its runtime is the one CDK pins and tests for that handler, updated with aws-cdk-lib.` },
    );

    new CfnOutput(Stack.of(this), 'ConsoleUrl', { value: this.url });
  }
}
