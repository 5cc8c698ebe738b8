import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "@specgate/model";
import { problemsOf } from "./helpers";

let dir: string;
/** A path in the test's folder as a user would type it, relative to the working directory. */
const at = (name: string): string => relative(process.cwd(), join(dir, name));
const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return at(name);
};

/** A model whose one operation answers 200 with the response `$ref` points to. */
const referring = (ref: string): string =>
  `openapi: 3.0.3
info: { title: Refs, version: "1" }
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200": { $ref: ${JSON.stringify(ref)} }
`;

/** A YAML "billion laughs": nine levels of ten aliases each, a billion strings once expanded. */
function aliasBomb(): string {
  const lines = ["openapi: 3.0.3", 'info: { title: Bomb, version: "1" }', "paths: {}", "x-bomb:"];
  lines.push(`  a0: &a0 [${Array(10).fill('"lol"').join(", ")}]`);
  for (let level = 1; level < 10; level++)
    lines.push(
      `  a${level}: &a${level} [${Array(10)
        .fill(`*a${level - 1}`)
        .join(", ")}]`,
    );
  return `${lines.join("\n")}\n`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "specgate-limits-"));
  execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
  // Sparse: 65 MB that take no room on the disk.
  writeFileSync(join(dir, "huge.yaml"), "");
  truncateSync(join(dir, "huge.yaml"), 65 * 1024 * 1024);
  mkdirSync(join(dir, "folder.yaml"));
  write("empty.yaml", "");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("model files that would never end or never fit", () => {
  it("are refused as the root file, naming it and what to give instead", async () => {
    expect(await problemsOf(() => loadModel("/dev/zero"))).toEqual([
      "/dev/zero: is a device, not a file: give the path of an OpenAPI YAML or JSON file",
    ]);
    expect(await problemsOf(() => loadModel(at("pipe.yaml")))).toEqual([
      `${at("pipe.yaml")}: is a named pipe, not a file: give the path of an OpenAPI YAML or JSON file`,
    ]);
    expect(await problemsOf(() => loadModel(at("huge.yaml")))).toEqual([
      `${at("huge.yaml")}: is 65.0 MB, more than the 64 MB specgate reads from one model file: split it into files that $ref each other`,
    ]);
  });

  it("are refused behind a $ref, naming the $ref and where it is", async () => {
    const cases: [ref: string, problem: string][] = [
      ["/dev/zero", "is a device, not a file: give the path of an OpenAPI YAML or JSON file"],
      ["./pipe.yaml", "is a named pipe, not a file: give the path of an OpenAPI YAML or JSON file"],
      [
        "./huge.yaml",
        "is 65.0 MB, more than the 64 MB specgate reads from one model file: split it into files that $ref each other",
      ],
      ["./folder.yaml", "is a directory, not a file: give the path of the OpenAPI YAML or JSON file"],
    ];
    for (const [ref, problem] of cases) {
      const api = write("api.yaml", referring(ref));
      expect(await problemsOf(() => loadModel(api))).toEqual([
        `${api}#/paths/~1a/get/responses/200: $ref ${JSON.stringify(ref)} could not be read: ${problem}`,
      ]);
    }
  });

  it("name the empty file a $ref points to", async () => {
    const api = write("api.yaml", referring("./empty.yaml"));
    expect(await problemsOf(() => loadModel(api))).toEqual([
      `${at("empty.yaml")}: is empty, and a $ref points into it: write what the $ref refers to in it, or fix the $ref`,
    ]);
  });
});

describe("YAML aliases", () => {
  const BOMB =
    "its YAML aliases (*name) expand it by more than 1,000,000 values, the most specgate reads: write the repeated parts once and $ref them";

  it("that expand a file by billions of values are refused, as the root and behind a $ref", async () => {
    const bomb = write("bomb.yaml", aliasBomb());
    expect(await problemsOf(() => loadModel(bomb))).toEqual([`${bomb}: ${BOMB}`]);
    write("bomb-response.yaml", `description: laughs\nx-bomb:\n${aliasBomb().split("x-bomb:\n")[1]}`);
    const api = write("api.yaml", referring("./bomb-response.yaml"));
    expect(await problemsOf(() => loadModel(api))).toEqual([`${at("bomb-response.yaml")}: ${BOMB}`]);
  });

  it("that make a node contain itself are refused", async () => {
    const loop = write(
      "loop.yaml",
      'openapi: 3.0.3\ninfo: { title: Loop, version: "1" }\npaths: {}\nx-loop: &a [1, *a]\n',
    );
    expect(await problemsOf(() => loadModel(loop))).toEqual([
      `${loop}: a YAML alias (*name) names a node that contains the alias itself, which never ends: use a $ref to make a recursive schema`,
    ]);
  });

  it("used as models use them, for shared parts and merge keys, load", async () => {
    const shared = Array.from(
      { length: 200 },
      (_, i) => `        key${i}: { type: string, description: "value ${i}" }`,
    );
    const model = await loadModel(
      write(
        "anchors.yaml",
        `openapi: 3.0.3
info: { title: Anchors, version: "1" }
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200": &ok
          description: ok
          content: { application/json: { schema: { $ref: "#/components/schemas/Big" } } }
        "201": *ok
        "202": { <<: *ok, description: accepted }
components:
  schemas:
    Big: &big
      type: object
      properties:
${shared.join("\n")}
${Array.from({ length: 100 }, (_, i) => `    Copy${i}: *big`).join("\n")}
`,
      ),
    );
    expect(model.operations[0].responses.map((r) => r.description)).toEqual(["ok", "ok", "accepted"]);
    expect(Object.keys(model.schemas)).toHaveLength(101);
  });
});
