import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "@specgate/model";
import { generate } from "../src/generate";
import { javaDoc, javaString } from "../src/emit/java";
import { pyDoc, pyString, snakeCase } from "../src/emit/python";

const HOSTILE = path.join(__dirname, "fixtures", "polyglot-hostile.yaml");
const SAY_HELLO = path.join(__dirname, "fixtures", "say-hello.yaml");
const SECURED = path.join(__dirname, "fixtures", "secured.yaml");

describe("Java and Python literals and comments", () => {
  it("escape what would end a Java string or comment, \\u escapes included", () => {
    expect(javaString('a "b" \\ \n é')).toBe('"a \\"b\\" \\\\ \\n é"');
    expect(javaDoc("ends */ here \\u000a @see", "")).toBe("/** ends *\\/ here \\\\u000a &#64;see */");
  });

  it("escape what would end a Python string or docstring", () => {
    expect(pyString('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
    expect(pyDoc('ends """ here \\', "")).toBe('"""ends \\"\\"\\" here \\\\"""');
    expect(pyDoc('ends with a quote"', "")).toBe('"""ends with a quote" """');
  });

  it("name operations in snake_case, away from keywords", () => {
    expect(["sayHello", "getHTTPThing", "class", "list-pets_v2"].map(snakeCase)).toEqual([
      "say_hello",
      "get_http_thing",
      "class_",
      "list_pets_v2",
    ]);
  });
});

describe("specgate generate --language python", () => {
  it("writes the package: Api, MockIntegrations, models, the spec and mock data", async () => {
    const { files } = generate(await loadModel(SAY_HELLO), {
      language: "python",
      specPath: "say-hello.yaml",
    });
    expect(files.map((f) => f.path)).toEqual([
      "__init__.py",
      "api.py",
      "mock-data.json",
      "mock_integrations.py",
      "models.py",
      "py.typed",
      "spec.json",
    ]);
    const text = (name: string): string => files.find((f) => f.path === name)?.content ?? "";
    expect(text("api.py")).toContain("    say_hello: Union[OperationIntegration, TypeSafeApiIntegration]\n");
    expect(text("mock_integrations.py")).toContain(
      "    def say_hello200(**fields: Unpack[SayHelloResponseContent]) -> Integration: ...\n",
    );
    expect(text("mock_integrations.py")).toContain("    def mock_all() -> OperationConfig:\n");
  });

  it("types an authorizer for each security scheme, required for the ones operations need", async () => {
    const { files } = generate(await loadModel(SECURED), { language: "python", specPath: "secured.yaml" });
    const api = files.find((f) => f.path === "api.py")?.content ?? "";
    expect(api).toContain('ApiAuthorizers = TypedDict(\n    "ApiAuthorizers",\n');
    expect(api).toContain('        "members": Authorizer,\n');
    // API Gateway checks an API key scheme itself; a scheme no operation names needs nothing.
    expect(api).toContain('        "ApiKeyAuth": NotRequired[Authorizer],\n');
    expect(api).toContain('        "partner-token": NotRequired[Authorizer],\n');
    expect(api).toContain("        authorizers: ApiAuthorizers,\n");
    const init = files.find((f) => f.path === "__init__.py")?.content ?? "";
    expect(init).toContain("from .api import Api, ApiAuthorizers, OperationConfig, OperationIntegration\n");
  });

  it("writes valid Python for any text and names a spec holds", async () => {
    const { files } = generate(await loadModel(HOSTILE), {
      language: "python",
      specPath: "hostile */.yaml\n",
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-python-"));
    try {
      for (const file of files) fs.writeFileSync(path.join(dir, file.path), file.content);
      const names = files.filter((f) => f.path.endsWith(".py")).map((f) => f.path);
      const run = spawnSync("python3", ["-m", "py_compile", ...names], { cwd: dir, encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const models = files.find((f) => f.path === "models.py")?.content ?? "";
      // `class` is a keyword and `x-id` no identifier: the TypedDict is written in its functional form.
      expect(models).toContain('String = TypedDict(\n    "String",\n');
      const mocks = files.find((f) => f.path === "mock_integrations.py")?.content ?? "";
      expect(mocks).toContain(
        "    def class_200(body: Optional[Class200ResponseBody] = None) -> Integration:\n",
      );
      expect(mocks).toContain(
        "    def class_4xx(body: Optional[Class4XXResponseBody] = None) -> Integration:\n",
      );
      expect(mocks).toContain("    def class__default() -> Integration:\n");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("specgate generate --language java", () => {
  it("writes the package: Api, OperationConfig, MockIntegrations, models, the spec and mock data", async () => {
    const { files } = generate(await loadModel(SAY_HELLO), {
      language: "java",
      javaPackage: "myapi.infra",
      specPath: "say-hello.yaml",
    });
    expect(files.map((f) => f.path)).toEqual([
      "myapi/infra/Api.java",
      "myapi/infra/ApiErrorResponseContent.java",
      "myapi/infra/MockIntegrations.java",
      "myapi/infra/OperationConfig.java",
      "myapi/infra/SayHelloResponseContent.java",
      "myapi/infra/mock-data.json",
      "myapi/infra/spec.json",
    ]);
    const config = files.find((f) => f.path.endsWith("OperationConfig.java"))?.content ?? "";
    expect(config).toContain(
      "  public interface SayHelloStep {\n    BuildStep sayHello(TypeSafeApiIntegration integration);\n",
    );
  });

  it("asks for an authorizer for each security scheme operations need, one step each, before build()", async () => {
    const { files } = generate(await loadModel(SECURED), {
      language: "java",
      javaPackage: "secured.infra",
      specPath: "secured.yaml",
    });
    const text = (name: string): string => files.find((f) => f.path.endsWith(name))?.content ?? "";
    const authorizers = text("/ApiAuthorizers.java");
    expect(authorizers).toContain("  public static MembersStep builder() {\n");
    expect(authorizers).toContain(
      "  public interface MembersStep {\n    BuildStep members(Authorizer authorizer);\n",
    );
    // API Gateway checks an API key scheme itself; a scheme no operation names needs nothing.
    expect(authorizers).toContain("    BuildStep apiKeyAuth(Authorizer authorizer);\n");
    expect(authorizers).toContain("    BuildStep partnerToken(Authorizer authorizer);\n");
    expect(authorizers).toContain('authorizers.put("partner-token", ');
    const api = text("/Api.java");
    expect(api).toContain("      AuthorizersStep integrations(OperationConfig integrations);\n");
    expect(api).not.toContain(
      "public Api(final Construct scope, final String id, final OperationConfig integrations) {",
    );
  });

  it("names classes and members away from Java's keywords and its own names", async () => {
    const { files } = generate(await loadModel(HOSTILE), {
      language: "java",
      javaPackage: "hostile.infra",
      specPath: "h",
    });
    expect(files.map((f) => f.path)).toContain("hostile/infra/StringModel.java");
    expect(files.map((f) => f.path)).toContain("hostile/infra/ApiModel.java");
    const model = files.find((f) => f.path.endsWith("StringModel.java"))?.content ?? "";
    expect(model).toContain('  @JsonProperty("class")\n  public String getClass_() {');
    expect(model).toContain('  @JsonProperty("x-id")\n  public Long getXId() {');
    const api = files.find((f) => f.path.endsWith("ApiModel.java"))?.content ?? "";
    expect(api).toContain('  VALUE_1ST("1st")');
  });
});
