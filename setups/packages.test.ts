import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_NAMES, tarball } from "./support";

const repoLicense = fs.readFileSync(path.join(__dirname, "..", "LICENSE"), "utf8");

/** The files of a tarball, without npm's `package/` prefix. */
function filesOf(file: string): string[] {
  return execFileSync("tar", ["-tzf", file], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.replace(/^package\//, ""));
}

function readFrom(file: string, member: string): string {
  return execFileSync("tar", ["-xzOf", file, `package/${member}`], { encoding: "utf8" });
}

describe.each(PACKAGE_NAMES)("the npm pack tarball of %s", (name) => {
  it("holds what runs, its README and the license, and nothing of its sources or tests", () => {
    const files = filesOf(tarball(name));
    expect(files).toContain("LICENSE");
    expect(files).toContain("README.md");
    expect(files).toContain("lib/index.js");
    expect(files).toContain("lib/index.d.ts");
    expect(files.filter((file) => /^(src|test|scripts)\/|\.tsbuildinfo$|\.map$/.test(file))).toEqual([]);
    expect(readFrom(tarball(name), "LICENSE")).toBe(repoLicense);
  });

  it("says where it comes from, is public, and exports one entry point to CommonJS and ES modules", () => {
    const pkg = JSON.parse(readFrom(tarball(name), "package.json"));
    expect(pkg.license).toBe("Apache-2.0");
    expect(pkg.repository).toMatchObject({ type: "git", directory: expect.stringMatching(/^packages\//) });
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs.url).toMatch(/^https:\/\//);
    if (name.startsWith("@")) expect(pkg.publishConfig).toEqual({ access: "public" });
    expect(pkg.exports["."]).toEqual({ types: "./lib/index.d.ts", default: "./lib/index.js" });
  });

  it("links from its README only to files it ships or to absolute URLs", () => {
    const files = new Set(filesOf(tarball(name)));
    const readme = readFrom(tarball(name), "README.md");
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? "");
    for (const link of links.filter((l) => !/^(https?:|#|mailto:)/.test(l))) {
      expect(
        files.has(link.replace(/#.*$/, "").replace(/^\.\//, "")),
        `${name} README links to ${link}`,
      ).toBe(true);
    }
  });
});
