"use strict";
// One Lambda execution environment for Node.js: loads the function's handler once, then runs the invocations
// the gateway writes on descriptor 3 one at a time, in the order they came. The runtime protocol is described in
// src/lambda/protocol.ts; this file is plain JavaScript so that it runs unchanged from the package sources and
// from its build.

const { existsSync, readFileSync, statSync } = require("node:fs");
const { Socket } = require("node:net");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { format } = require("node:util");
const { performance } = require("node:perf_hooks");
const { getHeapStatistics } = require("node:v8");

// Read before the function's code runs and may change them, as Lambda's runtime reads them.
const settings = {
  handler: process.env._HANDLER ?? "",
  codeDir: process.env.LAMBDA_TASK_ROOT ?? process.cwd(),
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
};
const memoryLimitKiB = Number(settings.memoryLimitInMB) * 1024;
const stringify = JSON.stringify;
const residentBytes = process.memoryUsage.rss;
const exit = process.exit.bind(process);

const channel = new Socket({ fd: 3, readable: true, writable: true });
const send = Socket.prototype.write.bind(channel);
let knownRssKiB = 0;
let knownFootprint = Number.NEGATIVE_INFINITY;
let knownAt = Number.NEGATIVE_INFINITY;
/**
 * The process's resident memory, in KiB. Reading it costs a file read, more than a fast handler runs: it is
 * read again only when the memory V8 accounts for (its heap, buffers) moved by more than 1 MB since, or after
 * 50 ms. Memory allocated elsewhere (native modules) shows by then; the gateway also watches it as it grows.
 */
function rssKiB() {
  const heap = getHeapStatistics();
  const footprint = heap.total_physical_size + heap.external_memory;
  const now = performance.now();
  if (Math.abs(footprint - knownFootprint) > 1048576 || now - knownAt > 50) {
    knownRssKiB = Math.ceil(residentBytes() / 1024);
    knownFootprint = footprint;
    knownAt = now;
  }
  return knownRssKiB;
}

let handler;
let currentRequestId;
/** Invocations given and not started yet (their `invoke` lines): they run one after the other. */
const waiting = [];
let running = false;
/** Past its MemorySize the environment starts no other invocation: the gateway stops it. */
let outgrown = false;

// The Lambda runtime prefixes every console line with the time, the request id and the level.
function log(level, args) {
  process.stdout.write(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${format(...args)}\n`);
}
console.log = (...args) => log("INFO", args);
console.info = (...args) => log("INFO", args);
console.warn = (...args) => log("WARN", args);
console.error = (...args) => log("ERROR", args);
console.debug = (...args) => log("DEBUG", args);
console.trace = (...args) => log("TRACE", args);

function errorOf(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name || (error.constructor && error.constructor.name) || "Error",
      errorMessage: error.message,
      stack: typeof error.stack === "string" ? error.stack.split("\n") : [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), stack: [] };
}

const errorJson = (fault) => stringify({ errorType: fault.errorType, errorMessage: fault.errorMessage });

function runtimeError(errorType, errorMessage) {
  const error = new Error(errorMessage);
  error.name = errorType;
  return error;
}

// An error nobody catches ends the environment, as on Lambda: the invocation it ran fails with it.
function crash(label, error) {
  const fault = errorOf(error);
  log("ERROR", [`${label} \t${stringify(fault)}`]);
  send(`crash\t${errorJson(fault)}\n`, () => exit(129));
}
process.on("uncaughtException", (error) => crash("Uncaught Exception", error));
process.on("unhandledRejection", (reason) =>
  crash(
    "Unhandled Promise Rejection",
    runtimeError(
      "Runtime.UnhandledPromiseRejection",
      reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason),
    ),
  ),
);

function isFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The nearest package.json above `dir` decides whether `.js` files are ES modules. */
function isModuleScope(dir) {
  for (let current = dir; ; current = path.dirname(current)) {
    const manifest = path.join(current, "package.json");
    if (existsSync(manifest)) {
      try {
        return JSON.parse(readFileSync(manifest, "utf8")).type === "module";
      } catch {
        return false;
      }
    }
    if (path.dirname(current) === current) return false;
  }
}

/** Resolves the handler's module as the Lambda Node.js runtime does: extensionless, .js, .mjs, then .cjs. */
async function loadModule(base, moduleName) {
  if (isFile(base)) return require(base);
  const moduleScope = isModuleScope(path.dirname(base));
  if (isFile(`${base}.js`))
    return moduleScope ? import(pathToFileURL(`${base}.js`).href) : require(`${base}.js`);
  if (isFile(`${base}.mjs`)) return import(pathToFileURL(`${base}.mjs`).href);
  if (isFile(`${base}.cjs`)) return require(`${base}.cjs`);
  throw runtimeError("Runtime.ImportModuleError", `Error: Cannot find module '${moduleName}'`);
}

async function loadHandler() {
  const match = /^([^.]*)\.(.*)$/.exec(path.basename(settings.handler));
  if (!match) throw runtimeError("Runtime.MalformedHandlerName", `Bad handler ${settings.handler}`);
  const moduleName = path.join(path.dirname(settings.handler), match[1]);
  let loaded;
  try {
    loaded = await loadModule(path.resolve(settings.codeDir, moduleName), moduleName);
  } catch (error) {
    if (error instanceof SyntaxError) throw runtimeError("Runtime.UserCodeSyntaxError", String(error));
    throw error;
  }
  let found = loaded;
  for (const part of match[2].split(".")) found = found == null ? undefined : found[part];
  if (typeof found !== "function") {
    throw runtimeError("Runtime.HandlerNotFound", `${moduleName}.${match[2]} is undefined or not exported`);
  }
  return found;
}

/** The next invocation starts once the one before has been reported (`invoke ⇥ id ⇥ arn ⇥ timeoutMs ⇥ event`). */
function runNext() {
  if (running || outgrown || handler === undefined || waiting.length === 0) return;
  running = true;
  const text = waiting.shift();
  const a = text.indexOf("\t");
  const b = text.indexOf("\t", a + 1);
  const c = text.indexOf("\t", b + 1);
  const d = text.indexOf("\t", c + 1);
  invoke(
    {
      id: text.slice(a + 1, b),
      invokedFunctionArn: text.slice(b + 1, c),
      timeoutMs: Number(text.slice(c + 1, d)),
      event: text.slice(d + 1),
    },
    () => {
      running = false;
      // The next one starts once the code that answered (a callback, say) has returned.
      queueMicrotask(runNext);
    },
  );
}

/** Reports how an invocation ended, with the memory used so far: past MemorySize, nothing else starts. */
function report(line) {
  const memory = rssKiB();
  if (memory > memoryLimitKiB) outgrown = true;
  send(line(memory));
}

function invoke(message, ended) {
  currentRequestId = message.id;
  const started = performance.now();
  const deadline = Date.now() + message.timeoutMs;
  let settled = false;
  const fail = (error) => {
    const fault = errorOf(error);
    log("ERROR", [`Invoke Error \t${stringify(fault)}`]);
    // As Lambda's Node.js runtime answers Invoke for an error: its type, message and stack.
    const payload = stringify({
      errorType: fault.errorType,
      errorMessage: fault.errorMessage,
      trace: fault.stack,
    });
    report((memory) => `error\t${message.id}\t${memory}\t${payload}\n`);
    ended();
  };
  const finish = (error, result) => {
    if (settled) return;
    settled = true;
    if (error !== null && error !== undefined) {
      fail(error);
      return;
    }
    let payload;
    try {
      // The Lambda runtime answers with JSON: undefined becomes null, toJSON and dropped keys apply.
      payload = stringify(result === undefined ? null : result);
    } catch (serializationError) {
      fail(
        runtimeError(
          "Runtime.SerializationError",
          `Unable to stringify response body: ${serializationError}`,
        ),
      );
      return;
    }
    const ranMs = performance.now() - started;
    report(
      (memory) => `result\t${message.id}\t${ranMs}\t${memory}\t${payload === undefined ? "null" : payload}\n`,
    );
    ended();
  };
  const context = {
    functionName: settings.functionName,
    functionVersion: settings.functionVersion,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: settings.memoryLimitInMB,
    awsRequestId: message.id,
    logGroupName: settings.logGroupName,
    logStreamName: settings.logStreamName,
    identity: undefined,
    clientContext: undefined,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: (error, result) => finish(error, result),
    succeed: (result) => finish(null, result),
    fail: (error) => finish(error === undefined || error === null ? new Error("handled") : error),
  };
  const callback = (error, result) => finish(error, result);
  let returned;
  try {
    returned = handler(JSON.parse(message.event), context, callback);
  } catch (error) {
    finish(error);
    return;
  }
  if (returned !== null && typeof returned === "object" && typeof returned.then === "function") {
    returned.then(
      (result) => finish(null, result),
      (error) => finish(error === undefined || error === null ? new Error("Promise rejected") : error),
    );
  } else if (handler.length < 3 && !settled) {
    // A synchronous handler that takes no callback ends the invocation with no result, as on Lambda.
    finish(null, null);
  }
}

function received(line) {
  if (line.startsWith("invoke\t")) {
    waiting.push(line);
  } else if (line === "hand-back") {
    // The gateway gives what has not started to another environment: the one running here is slow.
    const ids = waiting.splice(0).map((text) => text.slice(7, text.indexOf("\t", 7)));
    send(`${["handed-back", ...ids].join("\t")}\n`);
  }
}

let pending = [];
channel.on("data", (chunk) => {
  let start = 0;
  for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
    if (pending.length > 0) {
      pending.push(chunk.subarray(start, end));
      received(Buffer.concat(pending).toString("utf8"));
      pending = [];
    } else {
      received(chunk.toString("utf8", start, end));
    }
    start = end + 1;
  }
  if (start < chunk.length) pending.push(chunk.subarray(start));
  runNext();
});
// The gateway has gone: so does its environment.
channel.on("end", () => exit(0));
channel.on("error", () => exit(0));

async function main() {
  try {
    handler = await loadHandler();
  } catch (error) {
    const fault = errorOf(error);
    log("ERROR", [`Init Error \t${stringify(fault)}`]);
    send(`init-error\t${errorJson(fault)}\n`, () => exit(1));
    return;
  }
  send(`ready\t${rssKiB()}\n`);
  runNext();
}

void main();
