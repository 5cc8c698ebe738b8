import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * Twenty real-world specs of the APIs.guru directory, run through `npm run corpus`'s own path
 * (the built `specgate generate`, then a strict type-check). Picked for variety: payment, travel
 * and government APIs, Azure and Google descriptions, PDF and text responses, examples that do
 * not fit their schemas, an unsatisfiable schema, operation names that clash with runtime names,
 * paths API Gateway cannot serve (generated with warnings), and specs that are not valid at all.
 */
const SPECS: { readonly [spec: string]: "ok" | "invalid spec" } = {
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
  "blazemeter.com.json": "ok",
  "circleci.com.json": "ok",
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
        expect(outcomes[spec] ?? `missing: ${stdout}`, spec).toMatch(new RegExp(`^${expected}: `));
      }
    },
    20 * 60_000,
  );
});
