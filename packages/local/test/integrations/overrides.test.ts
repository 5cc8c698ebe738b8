import { describe, expect, it } from "vitest";
import { compileTemplate } from "../../src/vtl/engine";
import {
  overrideConflict,
  overrideMembers,
  requestOverridesOf,
  withResponseOverride,
} from "../../src/integrations/overrides";

const render = (template: string): Record<string, unknown> => {
  const context: Record<string, unknown> = { ...overrideMembers() };
  compileTemplate(template, "test").render({ context });
  return context;
};

const response = {
  kind: "response",
  statusCode: 200,
  headers: [["Content-Type", "text/plain"]],
  body: "",
} as const;

describe("$context overrides", () => {
  it("gives the integration request the headers, query string values and path parameters a template set", () => {
    const context = render(
      '#set($context.requestOverride.header.x-a = "1")#set($context.requestOverride.header.multi = ["x", 2])' +
        "#set($context.requestOverride.querystring['filter[0]'] = \"on\")#set($context.requestOverride.path.id = 7)",
    );
    expect(requestOverridesOf(context)).toEqual({
      header: new Map([
        ["x-a", ["1"]],
        ["multi", ["x", "2"]],
      ]),
      querystring: new Map([["filter[0]", ["on"]]]),
      path: new Map([["id", "7"]]),
    });
    expect(overrideConflict(context)).toBeUndefined();
  });

  it("has no request overrides when a template set none", () => {
    expect(requestOverridesOf(render("{}"))).toBeUndefined();
  });

  it("fails a template that sets one parameter twice, request or response", () => {
    expect(
      overrideConflict(
        render('#set($context.requestOverride.path.id = "a")#set($context.requestOverride.path.id = "b")'),
      ),
    ).toMatch(/requestOverride\.path\.id more than once/);
    expect(
      overrideConflict(
        render("#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 404)"),
      ),
    ).toMatch(/responseOverride\.status more than once/);
  });

  it("applies a response override status only when it is an HTTP status code", () => {
    expect(
      withResponseOverride(response, render("#set($context.responseOverride.status = 404)")).statusCode,
    ).toBe(404);
    expect(
      withResponseOverride(response, render("#set($context.responseOverride.status = 700)")).statusCode,
    ).toBe(200);
    expect(
      withResponseOverride(response, render('#set($context.responseOverride.status = "x")')).statusCode,
    ).toBe(200);
  });

  it("replaces a response header of the same name in any letter case", () => {
    const overridden = withResponseOverride(
      response,
      render('#set($context.responseOverride.header.content-type = "application/xml")'),
    );
    expect(overridden.headers).toEqual([["content-type", "application/xml"]]);
  });
});
