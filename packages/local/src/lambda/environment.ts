import { randomBytes } from "node:crypto";
import type { LocalFunction } from "./types";

/** Host variables a function needs to reach AWS with the developer's credentials, as SAM CLI does. */
const PASSED_THROUGH = [
  "PATH",
  "HOME",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_PROFILE",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
];

/** A deployed function's name is derived from the stack and logical id; "Stack/Fn" becomes "Stack-Fn". */
export function functionNameOf(fn: LocalFunction): string {
  return fn.id.replace(/[^A-Za-z0-9_-]+/g, "-");
}

export function functionVersionOf(): string {
  return "$LATEST";
}

function logStreamName(now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, "/");
  return `${day}/[$LATEST]${randomBytes(16).toString("hex")}`;
}

/** What an execution environment of a function starts with. */
export interface ExecutionEnvironmentSetup {
  /**
   * Its variables. The runtime reads what it needs from them, as Lambda's runtimes do: `_HANDLER`,
   * `LAMBDA_TASK_ROOT`, `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, the log group and stream.
   */
  readonly env: Record<string, string>;
  readonly region: string;
  readonly functionName: string;
}

/**
 * The variables of an execution environment: host credentials, then `baseEnvironment`, then the function's own
 * environment, then the variables the Lambda runtime sets (Lambda refuses a function that sets them itself).
 */
export function executionEnvironmentOf(
  fn: LocalFunction,
  baseEnvironment: Readonly<Record<string, string>>,
): ExecutionEnvironmentSetup {
  const functionName = functionNameOf(fn);
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  const region = fn.environment.AWS_REGION ?? baseEnvironment.AWS_REGION ?? env.AWS_REGION ?? "us-east-1";
  Object.assign(
    env,
    { AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1", LANG: "en_US.UTF-8" },
    baseEnvironment,
    fn.environment,
    {
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_VERSION: functionVersionOf(),
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: logStreamName(new Date()),
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      LAMBDA_TASK_ROOT: fn.codeDir,
      _HANDLER: fn.handler,
    },
  );
  return { env, region, functionName };
}
