import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpRoute } from '../../shared/http/routes.js';
import type { ProvinceConfig } from '../config.js';

export interface ApiProps {
  province: ProvinceConfig;
  prefix: string;
  routes: { route: HttpRoute; fn: lambda.IFunction }[];
  logRetention: logs.RetentionDays;
}

/** Why each public route takes no token (cdk-nag AwsSolutions-APIG4). */
export const PUBLIC_ROUTES: Record<string, string> = {
  'procedures-list': 'the published procedure catalogue of a province, which every citizen and portal may read.',
  openapi: 'the API contract (an OpenAPI document generated from the request schemas) that portal integrators read before they hold credentials; it is static.',
  'lookup-get': 'the citizen status lookup, authorized by the dossier code plus the lookup secret handed over at submission, with failed secrets counted per code (429 after too many).',
  'lookup-rating': 'the citizen satisfaction rating (Decision 766/QĐ-TTg), authorized like the lookup by the dossier code plus its lookup secret, once per returned dossier.',
};

/** The OAuth scope portals (machine clients, client-credentials flow) are issued. */
export const PORTAL_SCOPE = 'mot-cua/dossiers';

/**
 * The portal contract over HTTPS: an HTTP API whose every non-public route is behind a JWT
 * authorizer on the province's Cognito user pool (officials sign in with MFA; portals are
 * machine clients), with access logs, stage throttling and CORS for the configured origins.
 *
 * The claims the handlers read (`roles`, `province`, `commune`, `department`) come from the
 * users' custom attributes; putting them in the tokens is the pre-token-generation trigger's job
 * (functions/identity/pre-token.ts, attached with `addPreTokenTrigger`).
 */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly userPool: cognito.UserPool;
  /** The commune web app (officials, SRP sign-in). */
  readonly staffClient: cognito.UserPoolClient;
  /** The portals' machine client (client credentials, scope mot-cua/dossiers). */
  readonly portalClient: cognito.UserPoolClient;
  /** The hosted domain whose /oauth2/token endpoint issues the portals' tokens. */
  readonly domain: cognito.UserPoolDomain;
  readonly accessLogs: logs.LogGroup;
  /** The routes of the table, by name. */
  readonly routes = new Map<string, apigw.HttpRoute>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { province } = props;

    this.userPool = new cognito.UserPool(this, 'Officials', {
      userPoolName: `${props.prefix}-officials`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        province: new cognito.StringAttribute({ minLen: 2, maxLen: 4, mutable: false }),
        commune: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        department: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        roles: new cognito.StringAttribute({ minLen: 1, maxLen: 256, mutable: true }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The commune web app: officials sign in with SRP; short-lived tokens, revocable.
    // Officials may change their display name and locale themselves, never the attributes the
    // claims come from (custom:roles, custom:commune, …): an unlisted write set would let any
    // official's own access token rewrite its custom attributes (UpdateUserAttributes).
    const staffClient = this.userPool.addClient('CommuneApp', {
      userPoolClientName: 'commune-app',
      authFlows: { userSrp: true },
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true, locale: true }),
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    // Portals: machine clients on the client-credentials flow, through the hosted token endpoint.
    const dossiersScope = new cognito.ResourceServerScope({ scopeName: 'dossiers', scopeDescription: 'submit and follow dossiers for citizens' });
    const scopes = this.userPool.addResourceServer('Scopes', { identifier: 'mot-cua', scopes: [dossiersScope] });
    this.domain = this.userPool.addDomain('TokenEndpoint', {
      cognitoDomain: { domainPrefix: province.authDomainPrefix },
    });
    const portalClient = this.userPool.addClient('Portal', {
      userPoolClientName: 'portal',
      generateSecret: true,
      authFlows: {},
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [cognito.OAuthScope.resourceServer(scopes, dossiersScope)],
      },
      accessTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
    });

    this.staffClient = staffClient;
    this.portalClient = portalClient;

    const authorizer = new HttpUserPoolAuthorizer('Cognito', this.userPool, {
      authorizerName: 'cognito',
      userPoolClients: [staffClient, portalClient],
      identitySource: ['$request.header.Authorization'],
    });

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: props.prefix,
      description: `Một Cửa ${province.name}: one-stop desk API`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: province.corsOrigins,
        allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST, apigw.CorsHttpMethod.PUT, apigw.CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match'],
        exposeHeaders: ['etag', 'location', 'idempotent-replayed'],
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: province.throttle,
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        // No query strings, bodies or tokens: the lookup secret and personal data stay out of logs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
            clientId: '$context.authorizer.claims.client_id',
          }),
        ),
      },
    });

    for (const { route, fn } of props.routes) {
      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.name}-integration`, fn),
        authorizer: route.public ? new apigw.HttpNoneAuthorizer() : authorizer,
      });
      if (!httpRoute) throw new Error(`no route made for ${route.name}`);
      this.routes.set(route.name, httpRoute);
      // A public route without a written reason stays a cdk-nag finding, and fails the synth.
      const reason = route.public ? PUBLIC_ROUTES[route.name] : undefined;
      if (reason) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by contract (DESIGN §7): ${reason} It returns no personal data and is rate-limited by the stage throttle.`,
        });
      }
    }
  }

  /**
   * Makes `fn` the pool's pre-token-generation trigger, event version V3_0: the version that
   * also runs for client-credentials (portal) tokens; it needs the Essentials or Plus plan.
   *
   * The trigger reads the portal client's id from its environment, and the pool names the
   * trigger: referencing the function itself would make pool → function → client → pool, a
   * cycle CloudFormation refuses. So the pool gets the ARN built from the function's fixed
   * name (no reference), and the invoke permission — scoped to this pool — is the function's.
   */
  addPreTokenTrigger(fn: lambda.IFunction, functionName: string): void {
    const stack = Stack.of(this);
    const byName = lambda.Function.fromFunctionAttributes(this, 'PreTokenTrigger', {
      functionArn: stack.formatArn({ service: 'lambda', resource: 'function', resourceName: functionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      // The permission is granted below, on the function itself.
      skipPermissions: true,
    });
    this.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, byName, cognito.LambdaVersion.V3_0);
    fn.addPermission('InvokedByOfficialsPool', {
      principal: new iam.ServicePrincipal('cognito-idp.amazonaws.com'),
      sourceArn: this.userPool.userPoolArn,
      sourceAccount: stack.account,
    });
  }
}
