import { randomBytes } from "node:crypto";
import type { LocalFunction } from "./types";

/** What the worker needs to load the handler and build each invocation's `context`. */
export interface FunctionSettings {
  readonly codeDir: string;
  readonly handler: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly region: string;
  /** The function's own timeout, from which each invocation's `getRemainingTimeInMillis` counts down. */
  readonly timeoutMs: number;
}

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

export interface ExecutionEnvironmentSetup {
  readonly settings: FunctionSettings;
  readonly env: Record<string, string>;
}

/**
 * The variables the Lambda runtime sets, under the configured ones: host credentials, then the runtime's
 * defaults, then `baseEnvironment`, then the function's own environment.
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
  const stream = logStreamName(new Date());
  Object.assign(env, {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: functionVersionOf(),
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: stream,
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1",
    LAMBDA_TASK_ROOT: fn.codeDir,
    _HANDLER: fn.handler,
    LANG: "en_US.UTF-8",
  });
  Object.assign(env, baseEnvironment, fn.environment);
  return {
    env,
    settings: {
      codeDir: fn.codeDir,
      handler: fn.handler,
      functionName,
      functionVersion: functionVersionOf(),
      memoryLimitInMB: String(fn.memoryMb),
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: stream,
      region,
      timeoutMs: fn.timeoutSeconds * 1000,
    },
  };
}
