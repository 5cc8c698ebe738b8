import { createHash, timingSafeEqual } from "node:crypto";
import aws4 from "aws4";
import type { GatewayError } from "../gateway-responses";
import type { MethodRequest } from "../request";
import type { LocalCredentials } from "./local-auth";
import type { AuthorizeOutcome } from "./types";

/** What IAM authorization needs to know of the request beyond the routed method request. */
export interface SignedRequest {
  /** The path and query string as the client sent them (what it signed). */
  readonly url: string;
}

/** API Gateway refuses a signature more than 5 minutes away from its clock. */
const SKEW_MS = 5 * 60 * 1000;

const deny = (error: GatewayError, detail?: string): AuthorizeOutcome => ({ kind: "deny", error, detail });

const invalidSignature = (message: string, detail?: string): AuthorizeOutcome =>
  deny({ type: "INVALID_SIGNATURE", message }, detail);

/** `20240101T000000Z` → a Date; undefined when it is not one. */
function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

const amzDate = (date: Date): string => date.toISOString().replace(/[:-]|\.\d{3}/g, "");

interface Signature {
  readonly accessKeyId: string;
  /** `<date>/<region>/<service>/aws4_request`. */
  readonly scope: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly date: string;
  /** The path and query string the signature covers (a presigned URL's without its X-Amz-Signature). */
  readonly path: string;
  readonly expiresSeconds?: number;
}

/** The signature of a request: from its Authorization header, or from the query string of a presigned URL. */
function signatureOf(request: MethodRequest, url: string): Signature | AuthorizeOutcome | undefined {
  const header = request.rawHeaders.find(([name]) => name.toLowerCase() === "authorization")?.[1];
  if (header !== undefined) {
    const credential = /Credential=([^/\s,]+)\/([^,\s]+)/.exec(header);
    const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(header);
    const signature = /Signature=([0-9a-fA-F]+)/.exec(header);
    const httpDate = request.headers.date === undefined ? undefined : new Date(request.headers.date);
    const date =
      request.headers["x-amz-date"] ??
      (httpDate && !Number.isNaN(httpDate.getTime()) ? amzDate(httpDate) : undefined);
    const problems = [
      ...(credential ? [] : ["Authorization header requires 'Credential' parameter."]),
      ...(signature ? [] : ["Authorization header requires 'Signature' parameter."]),
      ...(signedHeaders ? [] : ["Authorization header requires 'SignedHeaders' parameter."]),
      ...(date
        ? []
        : ["Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."]),
    ];
    if (!header.startsWith("AWS4-HMAC-SHA256 ") || problems.length > 0) {
      return deny(
        {
          type: "INVALID_SIGNATURE",
          message: `${problems.join(" ")} Authorization=${header}`.trim(),
          errorType: "IncompleteSignatureException",
        },
        "the Authorization header is not a SigV4 signature",
      );
    }
    return {
      accessKeyId: (credential as RegExpExecArray)[1],
      scope: (credential as RegExpExecArray)[2],
      signedHeaders: (signedHeaders as RegExpExecArray)[1].split(";"),
      signature: (signature as RegExpExecArray)[1].toLowerCase(),
      date: date as string,
      path: url,
    };
  }
  const query = new URLSearchParams(request.rawQuery);
  if (!query.has("X-Amz-Signature")) return undefined;
  const [accessKeyId, ...scope] = (query.get("X-Amz-Credential") ?? "").split("/");
  const kept = request.rawQuery
    .split("&")
    .filter((pair) => !pair.startsWith("X-Amz-Signature="))
    .join("&");
  const q = url.indexOf("?");
  return {
    accessKeyId,
    scope: scope.join("/"),
    signedHeaders: (query.get("X-Amz-SignedHeaders") ?? "host").split(";"),
    signature: (query.get("X-Amz-Signature") ?? "").toLowerCase(),
    date: query.get("X-Amz-Date") ?? "",
    path: `${q < 0 ? url : url.slice(0, q)}${kept ? `?${kept}` : ""}`,
    expiresSeconds: Number(query.get("X-Amz-Expires") ?? "900"),
  };
}

/**
 * IAM authorization: the request must be signed with Signature Version 4 for `execute-api` in the API's
 * region by credentials the gateway knows; each failure is answered with API Gateway's 403 and message.
 * Whether the signer may call the method (its IAM policies) is not checked: a known signer may.
 */
export class IamAuthorizer {
  private secretsByKey?: ReadonlyMap<string, string>;

  constructor(
    private readonly credentials: () => readonly LocalCredentials[],
    private readonly region: string,
    private readonly accountId: string,
    /** When false, any request passes, signed or not: `--no-sigv4`. */
    private readonly verify: boolean,
  ) {}

  private get secrets(): ReadonlyMap<string, string> {
    return (this.secretsByKey ??= new Map(this.credentials().map((c) => [c.accessKeyId, c.secretAccessKey])));
  }

  get description(): string {
    return this.verify ? "AWS_IAM (SigV4)" : "AWS_IAM (signatures not checked)";
  }

  authorize(request: MethodRequest, signed: SignedRequest): AuthorizeOutcome {
    const found = signatureOf(request, signed.url);
    if (found && "kind" in found) return this.verify ? found : this.allow(undefined);
    if (!found) {
      if (!this.verify) return this.allow(undefined);
      return deny(
        { type: "MISSING_AUTHENTICATION_TOKEN", message: "Missing Authentication Token" },
        "the request is not signed",
      );
    }
    if (!this.verify) return this.allow(found.accessKeyId);
    const secret = this.secrets.get(found.accessKeyId);
    if (secret === undefined) {
      return deny(
        {
          type: "INVALID_SIGNATURE",
          message: "The security token included in the request is invalid.",
          errorType: "UnrecognizedClientException",
        },
        `access key ${found.accessKeyId} is not one of the local credentials`,
      );
    }
    const [scopeDate, scopeRegion, scopeService, terminator] = found.scope.split("/");
    if (scopeService !== "execute-api" || terminator !== "aws4_request") {
      return invalidSignature(`Credential should be scoped to correct service: 'execute-api'. `);
    }
    if (scopeRegion !== this.region) {
      return invalidSignature(`Credential should be scoped to a valid region, not '${scopeRegion}'. `);
    }
    const signedAt = parseAmzDate(found.date);
    if (!signedAt || scopeDate !== found.date.slice(0, 8)) {
      return invalidSignature(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${found.date.slice(0, 8)}', from '${found.date}'.`,
      );
    }
    const now = new Date();
    const expiry = found.expiresSeconds !== undefined ? found.expiresSeconds * 1000 : SKEW_MS;
    if (signedAt.getTime() < now.getTime() - expiry) {
      const earliest = amzDate(new Date(now.getTime() - expiry));
      return invalidSignature(
        found.expiresSeconds !== undefined
          ? `Signature expired: ${found.date} is now earlier than ${earliest} (${amzDate(now)} - ${found.expiresSeconds} sec.)`
          : `Signature expired: ${found.date} is now earlier than ${earliest} (${amzDate(now)} - 5 min.)`,
      );
    }
    if (signedAt.getTime() > now.getTime() + SKEW_MS) {
      return invalidSignature(
        `Signature not yet current: ${found.date} is still later than ${amzDate(new Date(now.getTime() + SKEW_MS))} (${amzDate(now)} + 5 min.)`,
      );
    }

    const headers: Record<string, string> = {};
    for (const name of found.signedHeaders) {
      const values = request.rawHeaders.filter(([n]) => n.toLowerCase() === name).map(([, value]) => value);
      headers[name] = values.join(",");
    }
    // A signed payload hash must be the hash of the body that came: the signature covers what was sent.
    const payloadHash = headers["x-amz-content-sha256"];
    if (payloadHash !== undefined && payloadHash !== "UNSIGNED-PAYLOAD") {
      headers["x-amz-content-sha256"] = createHash("sha256").update(request.body).digest("hex");
    }
    const signer = new aws4.RequestSigner(
      {
        method: request.method,
        path: found.path,
        headers,
        body: request.body,
        service: "execute-api",
        region: scopeRegion,
        doNotModifyHeaders: true,
        // Every header the client signed is in the canonical request, those aws4 leaves out by default too.
        extraHeadersToInclude: Object.fromEntries(found.signedHeaders.map((name) => [name, true])),
      } as aws4.Request,
      { accessKeyId: found.accessKeyId, secretAccessKey: secret },
    );
    (signer as unknown as { datetime: string }).datetime = found.date;
    const expected = signer.signature();
    const given = Buffer.from(found.signature);
    if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
      return invalidSignature(
        `The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${signer.canonicalString()}'\n\nThe String-to-Sign should have been\n'${signer.stringToSign()}'\n`,
        "the signature does not match",
      );
    }
    return this.allow(found.accessKeyId);
  }

  /** The caller as `$context.identity` has it: the local IAM user of the access key. */
  private allow(accessKeyId: string | undefined): AuthorizeOutcome {
    const user = `AIDA${createHash("sha256")
      .update(accessKeyId ?? "anonymous")
      .digest("hex")
      .slice(0, 17)
      .toUpperCase()}`;
    const userArn = `arn:aws:iam::${this.accountId}:user/specgate-local`;
    return {
      kind: "allow",
      authorization: {
        principal: userArn,
        identity: {
          accountId: this.accountId,
          caller: user,
          user,
          userArn,
          ...(accessKeyId !== undefined ? { accessKey: accessKeyId } : {}),
        },
      },
    };
  }
}
