import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { render } from "velocityjs";
import { lintLater } from "../../cdk/test/cfn-lint";
import {
  compileAndRequire,
  generateWorkspace,
  requireBuiltPackages,
  typeCheckFiles,
  typeScriptFiles,
} from "./support/workspace";

const fixtures = path.join(__dirname, "fixtures");
const compileFixtures = path.join(fixtures, "compile");
const lint = lintLater();

beforeAll(() => {
  requireBuiltPackages();
});

describe("code generated from say-hello.yaml (the seed's model)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await generateWorkspace("say-hello", path.join(fixtures, "say-hello.yaml"), [
      path.join(compileFixtures, "say-hello-app.ts"),
      path.join(compileFixtures, "say-hello-errors.ts"),
    ]);
  });

  it("type-checks under strict with the seed's snippets, and rejects every mistake", async () => {
    expect(await typeCheckFiles(typeScriptFiles(dir))).toEqual([]);
  });

  it("synthesizes the seed's snippets into REST APIs with a Lambda and mock integrations", () => {
    const { buildStack } = compileAndRequire<{ buildStack: () => Stack }>(dir, "say-hello-app.js");
    const template = Template.fromStack(buildStack());
    lint.add("say-hello", template.toJSON());
    template.resourceCountIs("AWS::ApiGateway::RestApi", 4);
    const text = JSON.stringify(template.toJSON());
    expect(text).toContain("This is a mocked successful response!");
    expect(text).toContain("hello world!");
    expect(text).toContain("/hello");
  });

  it("keeps mock bodies literal through API Gateway's mapping template engine (VTL)", () => {
    type Generated = {
      Api: new (scope: Stack, id: string, props: unknown) => { renderedSpec: Record<string, unknown> };
      MockIntegrations: { sayHello200(body?: { message: string }): unknown };
    };
    const { Api, MockIntegrations } = compileAndRequire<Generated>(dir, "generated/infrastructure/index.js");
    const { Stack } = require("aws-cdk-lib") as typeof import("aws-cdk-lib");
    const message = "## not a comment, $not.a.reference, #if(true) not a directive";
    const api = new Api(new Stack(), "Api", {
      integrations: { sayHello: { integration: MockIntegrations.sayHello200({ message }) } },
    });
    const paths = api.renderedSpec.paths as Record<string, Record<string, Record<string, unknown>>>;
    const integration = paths["/hello"].get["x-amazon-apigateway-integration"] as {
      responses: Record<string, { responseTemplates?: Record<string, string> }>;
    };
    const templates = Object.values(integration.responses).flatMap((r) =>
      Object.values(r.responseTemplates ?? {}),
    );
    expect(templates.length).toBeGreaterThan(0);
    for (const template of templates) expect(JSON.parse(render(template, {}))).toEqual({ message });
  });
});

describe("code generated from pets.yaml", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await generateWorkspace("pets", path.join(fixtures, "pets.yaml"), [
      path.join(compileFixtures, "pets-app.ts"),
      path.join(compileFixtures, "pets-errors.ts"),
    ]);
  });

  it("type-checks with its handler stubs and rejects every mistake", async () => {
    expect(await typeCheckFiles(typeScriptFiles(dir))).toEqual([]);
  });

  it("synthesizes Lambda functions bundled from the handler stubs on a current Node.js runtime", () => {
    const { buildStack } = compileAndRequire<{ buildStack: () => Stack }>(dir, "pets-app.js");
    const template = Template.fromStack(buildStack());
    lint.add("pets", template.toJSON());
    template.resourceCountIs("AWS::ApiGateway::RestApi", 2);
    template.resourcePropertiesCountIs(
      "AWS::Lambda::Function",
      { Runtime: "nodejs22.x", Handler: "index.handler" },
      2,
    );
    template.hasResourceProperties("AWS::Lambda::Function", { MemorySize: 256 });
  });

  it("writes handler test stubs that pass as written", async () => {
    const vitest = require.resolve("vitest/vitest.mjs");
    // No config file: the stubs' folder is a project of its own, as it is for the person who generated it.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [vitest, "run", "--root", dir, "--config", "/dev/null", ".test.ts"],
      { env: { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" } },
    );
    expect(stdout).toMatch(/Tests\s+2 passed \(2\)/);
  });

  it("writes handler stubs that answer through the generated wrapper", async () => {
    type Handler = (event: unknown) => Promise<{ statusCode: number; body: string }>;
    const { handler } = compileAndRequire<{ handler: Handler }>(dir, "handlers/createPet.js");
    const event = {
      resource: "/pets",
      path: "/pets",
      httpMethod: "POST",
      headers: { "content-type": "application/json" },
      multiValueHeaders: { "content-type": ["application/json"] },
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      body: JSON.stringify({ name: "Rex" }),
      isBase64Encoded: false,
    };
    const result = await handler(event);
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toEqual({ id: 7, name: "Rex", tag: "dog" });
    const invalid = await handler({ ...event, body: JSON.stringify({ tag: "no name" }) });
    expect(invalid.statusCode).toBe(400);
  });
});

describe("code generated from a Swagger 2.0 API Gateway export", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await generateWorkspace(
      "swagger",
      path.join(__dirname, "..", "..", "model", "test", "fixtures", "swagger", "api-gateway-export.yaml"),
      [path.join(compileFixtures, "swagger-app.ts")],
    );
  });

  it("type-checks under strict, operations keyed by their derived names", async () => {
    expect(await typeCheckFiles(typeScriptFiles(dir))).toEqual([]);
  });

  it("synthesizes an OpenAPI 3.0 body that keeps the export's extensions and names each operation", () => {
    const { buildStack } = compileAndRequire<{ buildStack: () => Stack }>(dir, "swagger-app.js");
    const template = Template.fromStack(buildStack());
    lint.add("swagger", template.toJSON());
    const [api] = Object.values(template.findResources("AWS::ApiGateway::RestApi"));
    const body = api.Properties.Body as {
      openapi: string;
      paths: Record<string, Record<string, { operationId?: string }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(body.openapi).toBe("3.0.0");
    expect(body.paths["/pets/{petId}/photo"].put.operationId).toBe("putPetsByPetIdPhoto");
    expect(body.components.securitySchemes["shelter-authorizer"]).toMatchObject({
      "x-amazon-apigateway-authtype": "custom",
    });
  });
});

describe("code generated from a model with security schemes", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await generateWorkspace("secured", path.join(fixtures, "secured.yaml"), [
      path.join(compileFixtures, "secured-app.ts"),
      path.join(compileFixtures, "secured-errors.ts"),
    ]);
  });

  it("needs an authorizer for each scheme the operations need, and takes one for any scheme", async () => {
    expect(await typeCheckFiles(typeScriptFiles(dir))).toEqual([]);
  });

  it("synthesizes the model's security with the authorizers given", () => {
    const { buildStack } = compileAndRequire<{ buildStack: () => Stack }>(dir, "secured-app.js");
    const template = Template.fromStack(buildStack());
    lint.add("secured", template.toJSON());
    const bodies = Object.values(template.findResources("AWS::ApiGateway::RestApi")).map(
      (api) => api.Properties.Body as { paths: Record<string, Record<string, { security?: unknown }>> },
    );
    expect(bodies.map((body) => body.paths["/pets"].post.security)).toEqual([
      [{ members: ["pets/write"] }],
      [{ members: [] }],
    ]);
    expect(bodies.map((body) => body.paths["/inventory"].get.security)).toEqual([[{ ApiKeyAuth: [] }], []]);
  });
});

describe("code generated from pets.yaml for an ES module project with node:test", () => {
  let dir: string;
  const tsx = (args: readonly string[]): Promise<{ stdout: string }> =>
    promisify(execFile)(process.execPath, ["--import", require.resolve("tsx"), ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1" },
    });
  beforeAll(async () => {
    dir = await generateWorkspace(
      "pets-esm",
      path.join(fixtures, "pets.yaml"),
      [path.join(compileFixtures, "pets-app.ts"), path.join(compileFixtures, "pets-errors.ts")],
      { moduleFormat: "esm", testRunner: "node" },
    );
  });

  it("type-checks with verbatimModuleSyntax and rejects every mistake", async () => {
    expect(await typeCheckFiles(typeScriptFiles(dir), { esm: true })).toEqual([]);
  });

  it("synthesizes as an ES module, its files found beside it without __dirname", async () => {
    const script =
      'import { Template } from "aws-cdk-lib/assertions";\n' +
      'import { buildStack } from "./pets-app.ts";\n' +
      "const template = Template.fromStack(buildStack()).toJSON();\n" +
      "console.log(JSON.stringify(Object.values(template.Resources).map((r) => r.Type)));\n";
    const { stdout } = await tsx(["--input-type=module", "-e", script]);
    const types = JSON.parse(stdout) as string[];
    expect(types.filter((t) => t === "AWS::ApiGateway::RestApi")).toHaveLength(2);
    expect(types.filter((t) => t === "AWS::Lambda::Function")).toHaveLength(2);
  });

  it("writes node:test handler test stubs that pass as written", async () => {
    const { stdout } = await tsx([
      "--test",
      "--test-reporter=tap",
      "handlers/createPet.test.ts",
      "handlers/listPets.test.ts",
    ]);
    expect(stdout).toMatch(/^# pass 2$/m);
    expect(stdout).toMatch(/^# fail 0$/m);
  });
});

it("synthesizes templates that pass cfn-lint", lint.check);
