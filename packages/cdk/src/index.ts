export {
  Authorizer,
  Authorizers,
  CognitoAuthorizer,
  CustomAuthorizer,
  CustomAuthorizerTypes,
  IamAuthorizer,
  NoneAuthorizer,
  type CognitoAuthorizerProps,
  type CustomAuthorizerProps,
  type CustomAuthorizerType,
} from "./authorizers";
export {
  ConnectionTypes,
  ContentHandlings,
  Integration,
  IntegrationTypes,
  PassthroughBehaviors,
  type ApiGatewayIntegration,
  type ApiGatewayIntegrationResponse,
  type ApiGatewayIntegrationTlsConfig,
  type ApiGatewayIntegrationType,
  type ConnectionType,
  type ContentHandling,
  type IntegrationGrantProps,
  type IntegrationRenderProps,
  type PassthroughBehavior,
  type ResponseTransferMode,
} from "./integration";
export {
  HttpIntegration,
  Integrations,
  LambdaIntegration,
  MockIntegration,
  pathParameterMappings,
  type HttpIntegrationOptions,
  type MockIntegrationProps,
} from "./integrations";
export {
  BAD_REQUEST_BODY_TEMPLATE,
  integrationMismatch,
  prepareApiSpec,
  REQUEST_VALIDATOR,
  type PrepareApiSpecOptions,
  type TypeSafeApiIntegrationOptions,
} from "./prepare-api-spec";
export { measureSpecBytes, SPEC_BYTES_LIMIT } from "./size";
export { restApiBody, type RestApiBody } from "./rest-api-body";
export { Operations, type OpenApiDocument, type OperationDetails, type OperationLookup } from "./operations";
export { StageWebAcl, type TypeSafeApiWebAclOptions, type WebAclManagedRuleGroup } from "./waf";
export {
  TypeSafeRestApi,
  type TypeSafeApiIntegration,
  type TypeSafeRestApiProps,
} from "./type-safe-rest-api";
export { HandlerFunction } from "./handler-function";
