import { Template } from "aws-cdk-lib/assertions";
import type { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import {
  Integrations,
  Operations,
  TypeSafeRestApi,
  type TypeSafeApiIntegration,
  type TypeSafeRestApiProps,
} from "@specgate/cdk";
import { lintLater } from "./cfn-lint";
import { PETS_SPEC, bodyOf, newStack, operationOf } from "./support";

// The shape `specgate generate` writes: a lookup with literal keys, a mapped config type and an
// `Api` construct that demands an integration for every operation and passes only its spec.
const OperationLookup = {
  listPets: { method: "GET", path: "/pets", contentTypes: ["application/json"] },
  createPet: {
    method: "POST",
    path: "/pets",
    contentTypes: ["application/json", "application/x-www-form-urlencoded"],
  },
  getPet: { method: "GET", path: "/pets/{petId}", contentTypes: ["application/json"] },
  deletePet: { method: "DELETE", path: "/pets/{petId}", contentTypes: ["application/json"] },
  getFile: { method: "GET", path: "/files/{proxy+}", contentTypes: ["application/json"] },
} as const;

type OperationConfig<T> = { [OperationId in keyof typeof OperationLookup]: T };

type ApiProps = Omit<TypeSafeRestApiProps, "spec" | "operationLookup" | "integrations"> & {
  readonly integrations: OperationConfig<TypeSafeApiIntegration>;
};

class Api extends TypeSafeRestApi {
  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id, { ...props, spec: PETS_SPEC });
  }
}

const lint = lintLater();

describe("a generated Api construct built on TypeSafeRestApi", () => {
  it("accepts a generated OperationConfig and synthesizes every operation's integration", () => {
    const stack = newStack();
    const integrations: OperationConfig<TypeSafeApiIntegration> = Operations.all(OperationLookup, {
      integration: Integrations.mock({ statusCode: 200 }),
    });
    new Api(stack, "Api", {
      integrations: { ...integrations, getPet: { integration: Integrations.mock({ statusCode: 404 }) } },
    });
    const template = Template.fromStack(stack);
    lint.add("generated-api", template.toJSON());
    const body = bodyOf(template);
    expect(operationOf(body, "/pets/{petId}", "get")["x-amazon-apigateway-integration"]).toMatchObject({
      type: "MOCK",
      responses: { default: { statusCode: "404" } },
    });
    expect(operationOf(body, "/pets", "post")["x-amazon-apigateway-integration"]).toMatchObject({
      requestTemplates: {
        "application/json": '{"statusCode":200}',
        "application/x-www-form-urlencoded": '{"statusCode":200}',
      },
    });
  });

  it("is a type error to leave an operation without an integration", () => {
    const stack = newStack();
    const { getPet: _, ...withoutGetPet } = Operations.all(OperationLookup, {
      integration: Integrations.mock({ statusCode: 200 }),
    });
    // @ts-expect-error getPet is missing: the generated Api demands an integration for every operation.
    expect(() => new Api(stack, "Api", { integrations: withoutGetPet })).toThrow(
      "1 operation has no integration:\n  - getPet (GET /pets/{petId})",
    );
  });

  it("passes cfn-lint", () => lint.check());
});
