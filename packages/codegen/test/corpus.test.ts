import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * Forty-two real-world specs of the APIs.guru directory and GitHub's REST API, run through `npm run
 * corpus`'s own path (the built `specgate generate`, then a strict type-check). Picked for variety:
 * payment, travel and government APIs, Azure and Google descriptions, PDF and text responses,
 * examples that do not fit their schemas, an unsatisfiable schema, operation names that clash with
 * runtime names, paths API Gateway cannot serve (generated with warnings), and one of each failure
 * class found in the whole directory and fixed since: operations without operationIds, webhooks
 * without operations, `additionalProperties: true`, descriptions with apostrophes in composed types,
 * a pattern that backtracks catastrophically, a pattern allowing two million characters, examples
 * that only fit past `additionalProperties: false`. The invalid ones get one clear error each: the
 * text it must hold follows the status.
 */
const SPECS: { readonly [spec: string]: "ok" | readonly ["invalid spec", string] } = {
  "adyen.com/AccountService.json": "ok",
  "amadeus.com/amadeus-flight-availabilities-search.json": "ok",
  "amentum.space/gravity.json": "ok",
  "apisetu.gov.in/aharakar.json": "ok",
  "autodealerdata.com.json": "ok",
  "azure.com/azsadmin-InfraRoleInstance.json": "ok",
  "azure.com/resources-locks.json": "ok",
  "bkk.hu.json": "ok",
  "azure.com/datalake-analytics-catalog.json": "ok",
  "circl.lu/hashlookup.json": "ok",
  "doqs.dev.json": "ok",
  "googleapis.com/groupssettings.json": "ok",
  "lyft.com.json": "ok",
  "openbanking.org.uk/confirmation-funds-openapi.json": "ok",
  "twilio.com/twilio_pricing_v2.json": "ok",
  "vonage.com/vgis.json": "ok",
  "amazonaws.com/sqs.json": "ok",
  "mastercard.com/Repower.json": "ok",
  // No operationIds: named from method and path.
  "blazemeter.com.json": "ok",
  "circleci.com.json": "ok",
  "selectpdf.com.json": "ok",
  "color.pizza.json": "ok",
  "ip2proxy.com.json": "ok",
  "opencagedata.com.json": "ok",
  "superset.apache.local/superset.json": "ok",
  "wikipathways.org.json": "ok",
  "stream-io-api.com.json": "ok",
  "telegram.org.json": "ok",
  // Webhooks and no operation.
  "adyen.com/BalancePlatformConfigurationNotification-v1.json": "ok",
  "ipinfodb.com.json": "ok",
  // Examples the types once rejected.
  "azure.com/security-alerts.json": "ok",
  "azure.com/apimanagement-apimproducts.json": "ok",
  "azure.com/datamigration.json": "ok",
  "codat.io/sync-for-expenses.json": "ok",
  // A pattern JavaScript's regular expressions take minutes on.
  "beezup.com.json": "ok",
  // A pattern allowing two million characters, which mock data once generated.
  "seldon.local/engine.json": "ok",
  "api.video.json": ["invalid spec", "/pattern: invalid OpenAPI: must be a string, not a number"],
  "brainbi.net.json": ["invalid spec", "/parameters/0: parameter has an empty name"],
  "medium.com.json": ["invalid spec", "holds a query string with variables (?query={query})"],
  "staging-ecotaco.com.json": ["invalid spec", "declare page, per_page as parameters with in: query"],
  "opensuse.org/obs.json": ["invalid spec", '/xml: invalid OpenAPI: unknown property "example"'],
  "googleapis.com/cloudbuild.json": ["invalid spec", '#: invalid OpenAPI: unknown property "source"'],
  "@octokit/openapi:api.github.com.json": "ok",
};

const script = path.resolve(__dirname, "..", "scripts", "corpus.js");

describe("the real-world corpus", () => {
  it(
    "generates code that type-checks for every valid spec, and a clear error for every invalid one",
    async () => {
      // Installs the corpus into .corpus-cache on first use (about 15 s from the npm registry).
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [script, "--specs", Object.keys(SPECS).join(","), "--jobs", "2"],
        { maxBuffer: 64 * 1024 * 1024 },
      ).catch((error: { stdout?: string; stderr?: string }) => {
        // A non-zero exit still printed its lines: the assertions below say which spec failed.
        return { stdout: `${error.stdout ?? ""}${error.stderr ?? ""}` };
      });
      const outcomes: Record<string, string> = {};
      for (const line of stdout.split("\n")) {
        const match = /^(ok|invalid spec|generation failed|type errors)\s+(\S+) \(/.exec(line);
        if (match) outcomes[match[2]] = `${match[1]}: ${line}`;
      }
      for (const [spec, expected] of Object.entries(SPECS)) {
        const [status, message] = typeof expected === "string" ? [expected, ""] : expected;
        const outcome = outcomes[spec] ?? `missing: ${stdout}`;
        expect(outcome, spec).toMatch(new RegExp(`^${status}: `));
        expect(outcome, spec).toContain(message);
      }
      // The counts by failure class close the run.
      expect(stdout).toMatch(
        /^43 specs: 37 ok, 6 invalid spec, 0 generation failed, 0 type errors in \d+ s$/m,
      );
      expect(stdout).toContain("failure classes (specs each):");
      expect(stdout).toMatch(/^ {5}2 {2}invalid spec: invalid OpenAPI: unknown property "…": remove it/m);
      // Whatever variables each path's query string holds.
      expect(stdout).toMatch(
        /^ {5}2 {2}invalid spec: path "…" holds a query string with variables \(\?…\): a path template cannot; remove it from the path and declare … as parameters with in: query$/m,
      );
    },
    20 * 60_000,
  );
});
