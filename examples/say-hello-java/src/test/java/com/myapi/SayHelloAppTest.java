package com.myapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The guide's Java examples: they synthesize with the real aws-cdk-lib and {@code specgate serve}
 * serves them; an operation left out of the OperationConfig builder does not compile.
 */
class SayHelloAppTest {
  static final Path REPO = Paths.get("..", "..").toAbsolutePath().normalize();
  static final String SPECGATE = REPO.resolve("packages/cli/bin/specgate.js").toString();
  static final ObjectMapper JSON = new ObjectMapper();

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> integrations(final Stack stack) {
    Map<String, Map<String, Object>> byApi = new HashMap<>();
    Template.fromStack(stack)
        .findResources("AWS::ApiGateway::RestApi")
        .forEach(
            (logicalId, api) -> {
              Map<String, Object> body =
                  (Map<String, Object>) ((Map<String, Object>) api.get("Properties")).get("Body");
              Map<String, Object> hello =
                  (Map<String, Object>) ((Map<String, Object>) body.get("paths")).get("/hello");
              byApi.put(
                  logicalId.replaceAll("[0-9A-F]{8}$", ""),
                  (Map<String, Object>)
                      ((Map<String, Object>) hello.get("get")).get("x-amazon-apigateway-integration"));
            });
    return byApi;
  }

  @SuppressWarnings("unchecked")
  static String template(final Map<String, Object> integration) {
    Map<String, Object> responses = (Map<String, Object>) integration.get("responses");
    Map<String, Object> templates =
        (Map<String, Object>) ((Map<String, Object>) responses.get("default")).get("responseTemplates");
    return (String) templates.get("application/json");
  }

  @Test
  void theAppSynthesizesEachExample() throws Exception {
    Stack stack = SayHelloApp.build(new App());
    Map<String, Map<String, Object>> integrations = integrations(stack);
    assertEquals("AWS_PROXY", integrations.get("Api").get("type"));
    assertEquals(
        "{\"message\":\"This is a mocked successful response!\"}", template(integrations.get("MockedApi")));
    assertEquals("{\"message\":\"hello world!\"}", template(integrations.get("RawMockApi")));
    assertTrue(JSON.readTree(template(integrations.get("AllMockedApi"))).get("message").isTextual());
    Template.fromStack(stack).resourceCountIs("AWS::Lambda::Permission", 1);
  }

  /** Compiles one class against the test's class path: the errors javac reports, one string each. */
  static List<String> compile(final Path dir, final String className, final String source) throws IOException {
    return compileAll(dir, className, source, "");
  }

  /** Compiles one class and the given other source files (space-separated) into {@code dir}. */
  static List<String> compileAll(final Path dir, final String className, final String source, final String others)
      throws IOException {
    Path file = dir.resolve(className + ".java");
    Files.writeString(file, source);
    List<java.io.File> inputs = new ArrayList<>();
    inputs.add(file.toFile());
    for (String other : others.split(" ")) if (!other.isEmpty()) inputs.add(new java.io.File(other));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString());
      javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromFiles(inputs)).call();
    }
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> d.getSource() == null ? d.getMessage(null) : d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null))
        .collect(Collectors.toList());
  }

  @Test
  void anOperationLeftOutDoesNotCompile() throws IOException {
    Path dir = Files.createTempDirectory("missing-integration");
    List<String> errors =
        compile(
            dir,
            "Missing",
            "import myapi.infra.Api;\n"
                + "import myapi.infra.OperationConfig;\n"
                + "class Missing {\n"
                + "  static void build(software.constructs.Construct scope) {\n"
                + "    Api.Builder.create(scope, \"Api\").integrations(OperationConfig.builder().build()).build();\n"
                + "  }\n"
                + "}\n");
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("cannot find symbol"), errors.get(0));
    assertTrue(errors.get(0).contains("build()"), errors.get(0));
    assertTrue(errors.get(0).contains("OperationConfig.SayHelloStep"), errors.get(0));

    List<String> noIntegrations =
        compile(
            dir,
            "NoIntegrations",
            "class NoIntegrations {\n"
                + "  static void build(software.constructs.Construct scope) {\n"
                + "    myapi.infra.Api.Builder.create(scope, \"Api\").build();\n"
                + "  }\n"
                + "}\n");
    assertEquals(1, noIntegrations.size(), noIntegrations.toString());
    assertTrue(noIntegrations.get(0).contains("Api.Builder.IntegrationsStep"), noIntegrations.get(0));
  }

  @Test
  void specgateServeServesTheJavaApp() throws Exception {
    String app = "java -cp '" + System.getProperty("java.class.path") + "' com.myapi.SayHelloApp";
    Process server =
        new ProcessBuilder("node", SPECGATE, "serve", "--app", app, "--port", "0")
            .directory(Paths.get("").toAbsolutePath().toFile())
            .redirectErrorStream(true)
            .start();
    try {
      Map<String, String> urls = new HashMap<>();
      List<String> lines = new ArrayList<>();
      Pattern api = Pattern.compile("^\\S+\\s+(http://127\\.0\\.0\\.1:\\d+\\S*)\\s+\\((SayHello/\\w+),");
      // Read on a thread of its own until the server stops: its access log keeps writing to the pipe.
      BlockingQueue<String> output = new LinkedBlockingQueue<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = out.readLine(); line != null; line = out.readLine()) output.add(line);
                } catch (IOException ignored) {
                  // The server stopped.
                }
              });
      reader.setDaemon(true);
      reader.start();
      for (String line = output.poll(180, TimeUnit.SECONDS); line != null; line = output.poll(180, TimeUnit.SECONDS)) {
        lines.add(line);
        Matcher match = api.matcher(line);
        if (match.find()) urls.put(match.group(2), match.group(1));
        if (line.startsWith("Press Ctrl+C")) break;
      }
      assertEquals(4, urls.size(), String.join("\n", lines));
      assertEquals("{\"message\":\"Hello Ada!\"}", get(urls.get("SayHello/Api") + "/hello?name=Ada"));
      assertEquals(
          "{\"message\":\"This is a mocked successful response!\"}",
          get(urls.get("SayHello/MockedApi") + "/hello?name=Ada"));
      assertEquals("{\"message\":\"hello world!\"}", get(urls.get("SayHello/RawMockApi") + "/hello?name=Ada"));
      JsonNode mocked = JSON.readTree(get(urls.get("SayHello/AllMockedApi") + "/hello?name=Ada"));
      assertFalse(mocked.get("message").asText().isEmpty());
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  static String get(final String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }
}
