/**
 * Signs a client's requests with AWS Signature Version 4, for operations API Gateway authorizes with
 * IAM: `new PetStoreClient({ baseUrl, signer: awsSigV4Signer({ region, credentials }) })`. A module of its
 * own (`@specgate/runtime/sigv4`), so that handlers and clients that do not sign never load the signer.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { RequestSigner } from "./client";

/** AWS credentials: long-term (an access key) or temporary (with a session token). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface AwsSigV4SignerOptions {
  /** The API's region, e.g. `eu-west-1`. */
  readonly region: string;
  /** The credentials to sign with, or a function that gives them (called for each request). */
  readonly credentials: AwsCredentials | (() => AwsCredentials | Promise<AwsCredentials>);
  /**
   * The service the signature is scoped to.
   * @default "execute-api"
   */
  readonly service?: string;
}

/** Signs each request with SigV4 (the AWS SDK's signer); returns the headers that carry the signature. */
export function awsSigV4Signer(options: AwsSigV4SignerOptions): RequestSigner {
  const signer = new SignatureV4({
    service: options.service ?? "execute-api",
    region: options.region,
    sha256: Sha256,
    credentials: async () =>
      typeof options.credentials === "function" ? options.credentials() : options.credentials,
  });
  return async ({ method, url, headers, body }) => {
    const target = new URL(url);
    const query: Record<string, string | string[]> = {};
    for (const [name, value] of target.searchParams) {
      const existing = query[name];
      query[name] =
        existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    const signed = await signer.sign({
      method,
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port ? { port: Number(target.port) } : {}),
      path: target.pathname,
      query,
      // The host is part of every signature; fetch sends it from the URL.
      headers: { ...headers, host: target.host },
      ...(body !== undefined ? { body } : {}),
    });
    const added: { [name: string]: string } = {};
    for (const [name, value] of Object.entries(signed.headers)) {
      if (name.toLowerCase() !== "host" && headers[name] === undefined) added[name] = value;
    }
    return added;
  };
}
