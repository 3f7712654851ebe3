import { Duration, Lazy, NestedStack, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpRoute } from '../../shared/http/routes.js';
import type { ProvinceConfig } from '../config.js';
import { routeScopes } from '../scopes.js';

export interface ApiProps {
  province: ProvinceConfig;
  prefix: string;
  routes: { route: HttpRoute; fn: lambda.IFunction }[];
  logRetention: logs.RetentionDays;
  /** The officials' pool and the app clients whose tokens the authorizer accepts (the identity stack). */
  identity: { userPool: cognito.IUserPool; staffClient: cognito.IUserPoolClient; portalClient: cognito.IUserPoolClient };
}

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
  readonly accessLogs: logs.LogGroup;
  /** The nested stack holding the routes, their integrations and invoke permissions. */
  readonly routesStack: NestedStack;
  /** The routes of the table, by name. */
  readonly routes = new Map<string, apigw.HttpRoute>();
  /** The app clients whose access tokens the authorizer accepts (its audience). */
  private readonly clients: cognito.IUserPoolClient[];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { province } = props;

    const { userPool, staffClient, portalClient } = props.identity;
    this.clients = [staffClient, portalClient];

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

    // The public routes' own limits (route settings of the stage), once the routes exist.
    const stage = this.stage.node.defaultChild as apigw.CfnStage;
    // RouteSettings is raw JSON to CDK: CloudFormation's own property names.
    const publicLimits = { ThrottlingRateLimit: province.publicThrottle.rateLimit, ThrottlingBurstLimit: province.publicThrottle.burstLimit };
    stage.routeSettings = Object.fromEntries(props.routes.filter((r) => r.route.public).map(({ route }) => [`${route.method} ${route.path}`, publicLimits]));

    // The JWT authorizer on the province's pool. Its audience is read when the stack is
    // synthesized, so a client added later (the console's, whose callback URL is the distribution
    // in front of this API) is accepted too; it stays in the service stack, beside that client.
    const cognito = new apigw.HttpAuthorizer(this, 'Cognito', {
      httpApi: this.httpApi,
      authorizerName: 'cognito',
      type: apigw.HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${userPool.userPoolId}`,
      jwtAudience: Lazy.list({ produce: () => this.clients.map((c) => c.userPoolClientId) }),
    });
    const authorizer = apigw.HttpAuthorizer.fromHttpAuthorizerAttributes(this, 'CognitoAuthorizer', {
      authorizerId: cognito.authorizerId,
      authorizerType: apigw.HttpAuthorizerType.JWT,
    });

    // A route is three resources (route, integration, invoke permission) beside its function's
    // three, and a stack holds at most 500: the routes are a nested stack of their own.
    this.routesStack = new NestedStack(this, 'Routes', { description: `Một Cửa ${province.name}: the API's routes` });
    for (const { route, fn } of props.routes) {
      const httpRoute = new apigw.HttpRoute(this.routesStack, route.name, {
        httpApi: this.httpApi,
        routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${route.name}-integration`, fn),
        authorizer: route.public ? new apigw.HttpNoneAuthorizer() : authorizer,
        // The access token must hold one of these: an ID token (no scope) passes no route.
        ...(route.public ? {} : { authorizationScopes: routeScopes(route) }),
      });
      this.routes.set(route.name, httpRoute);
      if (route.public) this.stage.node.addDependency(httpRoute);
      // Why a public route takes no token is part of its declaration.
      if (route.public) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by contract: ${route.public} It has its own throttle, below the stage's.`,
        });
      }
    }
  }

  /** Accepts the access tokens of another app client of the pool. */
  acceptClient(client: cognito.IUserPoolClient): void {
    this.clients.push(client);
  }
}
