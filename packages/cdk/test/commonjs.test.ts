import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintLater } from "./cfn-lint";
import { PETS_SPEC } from "./support";

const lib = join(__dirname, "..", "lib", "index.js");

// A CommonJS CDK app, as `cdk init app --language javascript` writes one.
const app = `
const { App, Stack } = require("aws-cdk-lib");
const lambda = require("aws-cdk-lib/aws-lambda");
const specgate = require("@specgate/cdk");
const { TypeSafeRestApi, Integrations, Integration, Operations, prepareApiSpec } = specgate;

class Teapot extends Integration {
  render(props) {
    return { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 418}' },
      responses: { default: { statusCode: "418" } } };
  }
}

const stack = new Stack(new App(), "Cjs");
const fn = new lambda.Function(stack, "Fn", { runtime: lambda.Runtime.NODEJS_22_X, handler: "index.handler",
  code: lambda.Code.fromInline("exports.handler = async () => ({ statusCode: 200 })") });
const spec = process.argv.at(-1);
new TypeSafeRestApi(stack, "Api", {
  spec,
  integrations: { ...Operations.all(Operations.lookup(spec), { integration: Integrations.lambda(fn) }),
    getPet: { integration: new Teapot() } },
});
const template = stack.node.scope.synth().getStackByName("Cjs").template;
const body = Object.values(template.Resources).find((r) => r.Type === "AWS::ApiGateway::RestApi").Properties.Body;
console.log(JSON.stringify({
  exports: Object.keys(specgate).sort(),
  prepareApiSpec: typeof prepareApiSpec,
  getPet: body.paths["/pets/{petId}"].get["x-amazon-apigateway-integration"].type,
  listPets: body.paths["/pets"].get["x-amazon-apigateway-integration"].type,
  template,
}));
`;

describe("the built package from CommonJS", () => {
  it("is required and synthesizes an API from a plain CommonJS app", () => {
    if (!existsSync(lib)) throw new Error(`${lib} is missing: build first (npx tsc -b packages/cdk)`);
    const output = execFileSync(process.execPath, ["-e", app, PETS_SPEC], {
      cwd: join(__dirname, ".."),
      encoding: "utf8",
      // The app runs as `node` would run it, without the test runner's environment.
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    const result = JSON.parse(output) as {
      exports: string[];
      prepareApiSpec: string;
      getPet: string;
      listPets: string;
      template: unknown;
    };
    expect(result.exports).toEqual(
      expect.arrayContaining([
        "Integration",
        "Integrations",
        "Operations",
        "TypeSafeRestApi",
        "prepareApiSpec",
      ]),
    );
    expect(result.prepareApiSpec).toBe("function");
    expect(result.getPet).toBe("MOCK");
    expect(result.listPets).toBe("AWS_PROXY");
    const lint = lintLater();
    lint.add("commonjs", result.template);
    lint.check();
  });
});
