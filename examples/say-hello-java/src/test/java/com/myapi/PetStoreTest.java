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
 * of its models and mock factories, and every operation mocked synthesizes.
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

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Object config = loader.loadClass("Use").getMethod("config").invoke(null);
      Class<?> configClass = loader.loadClass("petstore.infra.OperationConfig");
      Stack stack = new Stack(new App(), "PetStore");
      loader.loadClass("petstore.infra.Api")
          .getConstructor(Construct.class, String.class, configClass)
          .newInstance(stack, "Api", config);
      Object mocked = loader.loadClass("petstore.infra.MockIntegrations").getMethod("mockAll").invoke(null);
      loader.loadClass("petstore.infra.Api")
          .getConstructor(Construct.class, String.class, configClass)
          .newInstance(stack, "Mocked", mocked);
      Map<String, Map<String, Object>> apis = Template.fromStack(stack).findResources("AWS::ApiGateway::RestApi");
      assertEquals(2, apis.size());
    }
  }
}
