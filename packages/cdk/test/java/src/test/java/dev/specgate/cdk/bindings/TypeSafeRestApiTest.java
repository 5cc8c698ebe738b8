package dev.specgate.cdk.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specgate.cdk.ApiGatewayIntegration;
import dev.specgate.cdk.ApiGatewayIntegrationResponse;
import dev.specgate.cdk.Authorizers;
import dev.specgate.cdk.CognitoAuthorizerProps;
import dev.specgate.cdk.Integration;
import dev.specgate.cdk.IntegrationRenderProps;
import dev.specgate.cdk.IntegrationTypes;
import dev.specgate.cdk.Integrations;
import dev.specgate.cdk.MockIntegrationProps;
import dev.specgate.cdk.Operations;
import dev.specgate.cdk.TypeSafeApiIntegration;
import dev.specgate.cdk.TypeSafeApiIntegrationOptions;
import dev.specgate.cdk.TypeSafeRestApi;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * The seed's examples of TypeSafeRestApi used directly, Integrations.mock and a custom Integration,
 * from Java.
 */
class TypeSafeRestApiTest {
  private static final String PETS_SPEC =
      Paths.get("..", "fixtures", "pets.yaml").toAbsolutePath().normalize().toString();

  /** A custom integration: API Gateway answers 418 itself. */
  static final class Teapot extends Integration {
    @Override
    public ApiGatewayIntegration render(final IntegrationRenderProps props) {
      Map<String, String> templates = new HashMap<>();
      for (String contentType : props.getContentTypes()) templates.put(contentType, "{\"statusCode\": 418}");
      return ApiGatewayIntegration.builder()
          .type(IntegrationTypes.MOCK)
          .requestTemplates(templates)
          .responses(Map.of("default", ApiGatewayIntegrationResponse.builder().statusCode("418").build()))
          .build();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> integrationOf(Stack stack, String path, String method) {
    Map<String, Map<String, Object>> apis =
        Template.fromStack(stack).findResources("AWS::ApiGateway::RestApi");
    Map<String, Object> properties =
        (Map<String, Object>) apis.values().iterator().next().get("Properties");
    Map<String, Object> paths = (Map<String, Object>) ((Map<String, Object>) properties.get("Body")).get("paths");
    Map<String, Object> operation =
        (Map<String, Object>) ((Map<String, Object>) paths.get(path)).get(method);
    return (Map<String, Object>) operation.get("x-amazon-apigateway-integration");
  }

  @Test
  void rendersEveryIntegrationFromJava() {
    Stack stack = new Stack(new App(), "Pets");
    Function fn =
        Function.Builder.create(stack, "Handler")
            .runtime(Runtime.NODEJS_22_X)
            .handler("index.handler")
            .code(Code.fromInline("exports.handler = async () => ({ statusCode: 200, body: '{}' });"))
            .build();
    Map<String, TypeSafeApiIntegration> integrations =
        new HashMap<>(
            Operations.all(
                Operations.lookup(PETS_SPEC),
                TypeSafeApiIntegration.builder().integration(Integrations.lambda(fn)).build()));
    integrations.put("getPet", TypeSafeApiIntegration.builder().integration(new Teapot()).build());
    integrations.put(
        "deletePet",
        TypeSafeApiIntegration.builder()
            .integration(
                Integrations.mock(
                    MockIntegrationProps.builder()
                        .statusCode(200)
                        .body("{\"message\":\"hello world!\"}")
                        .build()))
            .build());
    TypeSafeRestApi.Builder.create(stack, "Api").spec(PETS_SPEC).integrations(integrations).build();

    assertEquals("AWS_PROXY", integrationOf(stack, "/pets", "get").get("type"));
    assertEquals(
        Map.of("default", Map.of("statusCode", "418")),
        integrationOf(stack, "/pets/{petId}", "get").get("responses"));
    assertEquals(
        "MOCK", integrationOf(stack, "/pets/{petId}", "delete").get("type"));
    assertEquals(1, Template.fromStack(stack).findResources("AWS::Lambda::Permission").size());
  }

  @Test
  void aMissingIntegrationFailsNamingTheOperation() {
    Stack stack = new Stack(new App(), "Pets");
    Map<String, TypeSafeApiIntegration> integrations =
        new HashMap<>(
            Operations.all(
                Operations.lookup(PETS_SPEC),
                TypeSafeApiIntegration.builder().integration(new Teapot()).build()));
    integrations.remove("getPet");
    RuntimeException error =
        assertThrows(
            RuntimeException.class,
            () -> TypeSafeRestApi.Builder.create(stack, "Api").spec(PETS_SPEC).integrations(integrations).build());
    assertTrue(
        error.getMessage().contains("1 operation has no integration:\n  - getPet (GET /pets/{petId})"),
        error.getMessage());
  }

  @Test
  void aParsedDocumentIsASpecToo() {
    Stack stack = new Stack(new App(), "Hello");
    Map<String, Object> document =
        Map.of(
            "openapi", "3.0.3",
            "info", Map.of("title", "Hello", "version", "1.0.0"),
            "paths",
                Map.of(
                    "/hello",
                    Map.of(
                        "get",
                        Map.of(
                            "operationId", "sayHello",
                            "responses", Map.of("200", Map.of("description", "ok"))))));
    TypeSafeRestApi.Builder.create(stack, "Api")
        .spec(document)
        .integrations(
            Map.of(
                "sayHello",
                TypeSafeApiIntegration.builder()
                    .integration(Integrations.mock(MockIntegrationProps.builder().statusCode(204).build()))
                    .build()))
        .build();
    assertEquals(List.of("MOCK"), List.of(integrationOf(stack, "/hello", "get").get("type")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void authorizersFromJava() {
    Stack stack = new Stack(new App(), "Secured");
    UserPool pool = new UserPool(stack, "Members");
    Map<String, TypeSafeApiIntegration> integrations =
        new HashMap<>(
            Operations.all(
                Operations.lookup(PETS_SPEC),
                TypeSafeApiIntegration.builder()
                    .integration(Integrations.mock(MockIntegrationProps.builder().statusCode(200).build()))
                    .build()));
    integrations.put(
        "listPets",
        TypeSafeApiIntegration.builder()
            .integration(Integrations.mock(MockIntegrationProps.builder().statusCode(200).build()))
            .options(TypeSafeApiIntegrationOptions.builder().authorizer(Authorizers.none()).build())
            .build());
    TypeSafeRestApi.Builder.create(stack, "Api")
        .spec(PETS_SPEC)
        .defaultAuthorizer(
            Authorizers.cognito(
                CognitoAuthorizerProps.builder()
                    .userPools(List.of(pool))
                    .authorizationScopes(List.of("pets/read"))
                    .build()))
        .integrations(integrations)
        .build();

    Map<String, Map<String, Object>> apis =
        Template.fromStack(stack).findResources("AWS::ApiGateway::RestApi");
    Map<String, Object> body =
        (Map<String, Object>)
            ((Map<String, Object>) apis.values().iterator().next().get("Properties")).get("Body");
    Map<String, Object> paths = (Map<String, Object>) body.get("paths");
    Map<String, Object> getPet =
        (Map<String, Object>) ((Map<String, Object>) paths.get("/pets/{petId}")).get("get");
    assertEquals(List.of(Map.of("cognito", List.of("pets/read"))), getPet.get("security"));
    Map<String, Object> listPets = (Map<String, Object>) ((Map<String, Object>) paths.get("/pets")).get("get");
    assertEquals(null, listPets.get("security"));
    assertEquals(1, Template.fromStack(stack).findResources("AWS::WAFv2::WebACL").size());
  }
}
