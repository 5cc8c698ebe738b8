package com.myapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.constructs.Construct;

/**
 * {@code specgate generate --language java} on the Pet Store: the package compiles with a typed use
 * of its models and mock factories, every operation mocked synthesizes with the authorizers its
 * security schemes need, and an authorizer left out does not compile.
 */
class PetStoreTest {
  static final String USE =
      "import petstore.infra.*;\n"
          + "public class Use {\n"
          + "  public static OperationConfig config() {\n"
          + "    Pet rex = Pet.builder().id(\"rex\").name(\"Rex\").species(\"dog\").status(PetStatus.AVAILABLE).build();\n"
          + "    return OperationConfig.builder()\n"
          + "        .listPets(MockIntegrations.listPets200())\n"
          + "        .createPet(MockIntegrations.createPet201(rex))\n"
          + "        .getPet(MockIntegrations.getPet200(rex))\n"
          + "        .deletePet(MockIntegrations.deletePet204())\n"
          + "        .getPetCard(MockIntegrations.getPetCard200())\n"
          + "        .getInventory(MockIntegrations.getInventory200())\n"
          + "        .placeOrder(MockIntegrations.placeOrder201())\n"
          + "        .getOrder(MockIntegrations.getOrder200())\n"
          + "        .listVets(dev.specgate.cdk.Integrations.http(\"https://vets.example.com\"))\n"
          + "        .build();\n"
          + "  }\n"
          + "  public static ApiAuthorizers authorizers(software.constructs.Construct scope) {\n"
          + "    software.amazon.awscdk.services.lambda.Function staff =\n"
          + "        software.amazon.awscdk.services.lambda.Function.Builder.create(scope, \"StoreStaff\")\n"
          + "            .runtime(software.amazon.awscdk.services.lambda.Runtime.NODEJS_22_X)\n"
          + "            .handler(\"index.handler\")\n"
          + "            .code(software.amazon.awscdk.services.lambda.Code.fromInline(\"exports.handler = async () => ({})\"))\n"
          + "            .build();\n"
          + "    return ApiAuthorizers.builder()\n"
          + "        .members(dev.specgate.cdk.Authorizers.cognito(dev.specgate.cdk.CognitoAuthorizerProps.builder()\n"
          + "            .userPools(java.util.List.of(new software.amazon.awscdk.services.cognito.UserPool(scope, \"Members\")))\n"
          + "            .build()))\n"
          + "        .storeStaff(dev.specgate.cdk.Authorizers.custom(dev.specgate.cdk.CustomAuthorizerProps.builder()\n"
          + "            .function(staff).type(dev.specgate.cdk.CustomAuthorizerTypes.REQUEST).build()))\n"
          + "        .build();\n"
          + "  }\n"
          + "}\n";

  /** storeStaff left out: build() is not there until every scheme an operation needs has an authorizer. */
  static final String NO_STAFF =
      "import petstore.infra.*;\n"
          + "public class NoStaff {\n"
          + "  static ApiAuthorizers authorizers() {\n"
          + "    return ApiAuthorizers.builder().members(dev.specgate.cdk.Authorizers.iam()).build();\n"
          + "  }\n"
          + "}\n";

  /** Generates a model's Java into {@code out/generated}. */
  static void generate(final Path out, final String javaPackage, final String spec) throws Exception {
    Process generate =
        new ProcessBuilder(
                "node", SayHelloAppTest.SPECGATE, "generate", "--language", "java", "--package", javaPackage,
                "--spec", SayHelloAppTest.REPO.resolve(spec).toString(), "--out", out.resolve("generated").toString())
            .redirectErrorStream(true)
            .start();
    String generated = new String(generate.getInputStream().readAllBytes());
    assertEquals(0, generate.waitFor(), generated);
  }

  @Test
  void anyTextAndNameOfAModelCompiles() throws Exception {
    Path out = Files.createTempDirectory("hostile-java");
    generate(out, "hostile.infra", "packages/codegen/test/fixtures/polyglot-hostile.yaml");
    List<String> sources;
    try (Stream<Path> files = Files.walk(out.resolve("generated"))) {
      sources = files.map(Path::toString).filter(p -> p.endsWith(".java")).collect(Collectors.toList());
    }
    List<String> errors =
        SayHelloAppTest.compileAll(
            Files.createDirectories(out.resolve("classes")),
            "UseHostile",
            "public class UseHostile { Object config = hostile.infra.MockIntegrations.mockAll(); }\n",
            String.join(" ", sources));
    assertTrue(errors.isEmpty(), String.join("\n", errors));
  }

  @Test
  void thePetStoreGeneratesCompilesAndSynthesizes() throws Exception {
    Path out = Files.createTempDirectory("petstore-java");
    generate(out, "petstore.infra", "examples/petstore/api/openapi.yaml");

    Path classes = Files.createDirectories(out.resolve("classes"));
    List<Path> sources;
    try (Stream<Path> files = Files.walk(out.resolve("generated"))) {
      sources = files.filter(Files::isRegularFile).collect(Collectors.toList());
    }
    for (Path file : sources) {
      Path target = classes.resolve(out.resolve("generated").relativize(file).toString());
      Files.createDirectories(target.getParent());
      Files.copy(file, target);
    }
    String generatedSources =
        sources.stream().filter(p -> p.toString().endsWith(".java")).map(Path::toString).collect(Collectors.joining(" "));
    List<String> errors = SayHelloAppTest.compileAll(classes, "Use", USE, generatedSources);
    assertTrue(errors.isEmpty(), String.join("\n", errors));
    List<String> noStaff =
        SayHelloAppTest.compileAll(Files.createTempDirectory("no-staff"), "NoStaff", NO_STAFF, generatedSources);
    assertEquals(1, noStaff.size(), noStaff.toString());
    assertTrue(noStaff.get(0).contains("cannot find symbol"), noStaff.get(0));
    assertTrue(noStaff.get(0).contains("ApiAuthorizers.StoreStaffStep"), noStaff.get(0));

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Object config = loader.loadClass("Use").getMethod("config").invoke(null);
      Class<?> configClass = loader.loadClass("petstore.infra.OperationConfig");
      Class<?> authorizersClass = loader.loadClass("petstore.infra.ApiAuthorizers");
      Stack stack = new Stack(new App(), "PetStore");
      Object authorizers = loader.loadClass("Use").getMethod("authorizers", Construct.class).invoke(null, stack);
      loader.loadClass("petstore.infra.Api")
          .getConstructor(Construct.class, String.class, configClass, authorizersClass)
          .newInstance(stack, "Api", config, authorizers);
      Object mocked = loader.loadClass("petstore.infra.MockIntegrations").getMethod("mockAll").invoke(null);
      loader.loadClass("petstore.infra.Api")
          .getConstructor(Construct.class, String.class, configClass, authorizersClass)
          .newInstance(stack, "Mocked", mocked, authorizers);
      Template template = Template.fromStack(stack);
      Map<String, Map<String, Object>> apis = template.findResources("AWS::ApiGateway::RestApi");
      assertEquals(2, apis.size());
      for (Map<String, Object> api : apis.values()) {
        Map<?, ?> body = (Map<?, ?>) ((Map<?, ?>) api.get("Properties")).get("Body");
        Map<?, ?> schemes = (Map<?, ?>) ((Map<?, ?>) body.get("components")).get("securitySchemes");
        Map<?, ?> paths = (Map<?, ?>) body.get("paths");
        assertEquals("cognito_user_pools", ((Map<?, ?>) schemes.get("members")).get("x-amazon-apigateway-authtype"));
        assertEquals(
            "request",
            ((Map<?, ?>) ((Map<?, ?>) schemes.get("storeStaff")).get("x-amazon-apigateway-authorizer")).get("type"));
        assertEquals(
            List.of(Map.of("members", List.of("pets/write"))),
            ((Map<?, ?>) ((Map<?, ?>) paths.get("/pets/{petId}")).get("delete")).get("security"));
        assertEquals(
            List.of(Map.of("storeStaff", List.of())),
            ((Map<?, ?>) ((Map<?, ?>) paths.get("/store/orders")).get("post")).get("security"));
      }
      // One permission for API Gateway to invoke the authorizer function, per API.
      template.resourceCountIs("AWS::Lambda::Permission", 2);
    }
  }
}
