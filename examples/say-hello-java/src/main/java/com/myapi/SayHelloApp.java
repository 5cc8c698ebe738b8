package com.myapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.specgate.cdk.Integrations;
import dev.specgate.cdk.MockIntegrationProps;
import dev.specgate.cdk.TypeSafeApiIntegration;
import java.util.Map;
import myapi.infra.Api;
import myapi.infra.MockIntegrations;
import myapi.infra.OperationConfig;
import myapi.infra.SayHelloResponseContent;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * The Type Safe API guide's Java examples as one CDK app, against the code {@code specgate generate
 * --language java} writes from the say-hello model into generated/.
 */
public final class SayHelloApp {
  private static final String SAY_HELLO =
      "exports.handler = async (event) => ({\n"
          + "  statusCode: 200,\n"
          + "  body: JSON.stringify({ message: `Hello ${event.queryStringParameters.name}!` }),\n"
          + "});\n";

  private SayHelloApp() {}

  public static Stack build(final App app) throws Exception {
    Stack stack = new Stack(app, "SayHello");
    Function sayHello =
        Function.Builder.create(stack, "SayHelloFunction")
            .runtime(Runtime.NODEJS_22_X)
            .handler("index.handler")
            .code(Code.fromInline(SAY_HELLO))
            .build();

    Api.Builder.create(stack, "Api")
        .integrations(OperationConfig.builder()
            // An integration is required for every operation
            .sayHello(TypeSafeApiIntegration.builder()
                .integration(Integrations.lambda(sayHello))
                .build())
            .build())
        .build();

    Api.Builder.create(stack, "MockedApi")
        .integrations(OperationConfig.builder()
            .sayHello(MockIntegrations.sayHello200(SayHelloResponseContent.builder()
                .message("This is a mocked successful response!")
                .build()))
            .build())
        .build();

    Api.Builder.create(stack, "RawMockApi")
        .integrations(OperationConfig.builder()
            .sayHello(Integrations.mock(MockIntegrationProps.builder()
                .statusCode(200)
                .body(new ObjectMapper().writeValueAsString(Map.of("message", "hello world!")))
                .build()))
            .build())
        .build();

    Api.Builder.create(stack, "AllMockedApi").integrations(MockIntegrations.mockAll()).build();
    return stack;
  }

  public static void main(final String[] args) throws Exception {
    App app = new App();
    build(app);
    app.synth();
  }
}
