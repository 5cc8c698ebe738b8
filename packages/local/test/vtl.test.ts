import { describe, expect, it } from "vitest";
import { compileTemplate } from "../src/vtl/engine";
import { TemplateInput } from "../src/vtl/input";
import { util } from "../src/vtl/util";

const params = { path: { id: "7" }, querystring: { q: "a b" }, header: { "X-Trace": "t1" } };

function render(template: string, body = "", context: Record<string, unknown> = {}): string {
  return compileTemplate(template, "test").render({
    input: new TemplateInput(body, params),
    util,
    context: { responseOverride: { header: {} }, ...context },
    stageVariables: { env: "local" },
  });
}

describe("VTL mapping templates", () => {
  it("reads the body with $input.json and $input.path", () => {
    const body = JSON.stringify({ pet: { name: "Rex", tags: ["a", "b"] }, items: [{ id: 1 }, { id: 2 }] });
    expect(render("$input.json('$.pet')", body)).toBe('{"name":"Rex","tags":["a","b"]}');
    expect(render("$input.path('$.pet.name')", body)).toBe("Rex");
    expect(render("$input.path('$.pet.tags').size()", body)).toBe("2");
    expect(render("$input.json('$.items[*].id')", body)).toBe("[1,2]");
    expect(render("$input.json('$.items[1]')", body)).toBe('{"id":2}');
    expect(render("$input.body", body)).toBe(body);
  });

  it("reads parameters by name, path first, and all of them", () => {
    expect(render("$input.params('id') $input.params('q') $input.params('x-trace')")).toBe("7 a b t1");
    expect(render("#foreach($name in $input.params().querystring.keySet())$name#end")).toBe("q");
  });

  it("offers $util", () => {
    expect(render(`$util.escapeJavaScript('say "hi"')`)).toBe('say \\"hi\\"');
    expect(render("$util.urlEncode('a b&c')")).toBe("a+b%26c");
    expect(render("$util.urlDecode('a+b%26c')")).toBe("a b&c");
    expect(render("$util.base64Encode('hello')")).toBe("aGVsbG8=");
    expect(render("$util.base64Decode('aGVsbG8=')")).toBe("hello");
    expect(render('#set($o = $util.parseJson(\'{"a":{"b":5}}\'))$o.a.b')).toBe("5");
  });

  it("gives strings Java's methods", () => {
    expect(render("#set($s = 'a1b22c')$s.replaceAll('[0-9]+', '-')")).toBe("a-b-c");
    expect(render("#set($s = 'a,b,,')$s.split(',').size()")).toBe("2");
    expect(
      render("#set($s = 'abc')$s.length() $s.equals('abc') $s.contains('b') $s.matches('a.c') $s.isEmpty()"),
    ).toBe("3 true true true false");
    expect(render("#set($s = 'AbC')$s.equalsIgnoreCase('abc') $s.replaceFirst('[A-Z]', 'x')")).toBe(
      "true xbC",
    );
  });

  it("supports conditionals, loops and stage variables", () => {
    const body = JSON.stringify({ items: ["x", "y"] });
    const template =
      "#foreach($i in $input.path('$.items'))$i#if($foreach.hasNext),#end#end|$stageVariables.env";
    expect(render(template, body)).toBe("x,y|local");
  });

  it("lets templates override the response status and headers", () => {
    const context: Record<string, unknown> = { responseOverride: { header: {} } };
    render(
      '#set($context.responseOverride.status = 201)#set($context.responseOverride.header.Location = "/x")',
      "",
      context,
    );
    expect(context.responseOverride).toEqual({ status: 201, header: { Location: "/x" } });
  });

  it("reports a template that does not parse, naming it", () => {
    expect(() => compileTemplate("#if($a", "GET /x responseTemplates")).toThrow(/GET \/x responseTemplates/);
  });
});
