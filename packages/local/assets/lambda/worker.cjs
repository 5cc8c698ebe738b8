"use strict";
// One Lambda execution environment: loads the function's handler once, then runs one invocation at a time,
// in the order the runner sent them.
// Messages are described in src/lambda/protocol.ts; this file is plain JavaScript so that it runs unchanged
// from the package sources and from its build.

const { existsSync, readFileSync, statSync } = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { format } = require("node:util");
const { performance } = require("node:perf_hooks");
const { parentPort, workerData } = require("node:worker_threads");

const settings = workerData;
/** The id of the invocation running, 0 between invocations: the runner reads it when this thread ends. */
const progress = new Int32Array(settings.progress);
let currentRequestId;
/** Invocations the runner sent that have not started: they run one after the other. */
const waiting = [];
let running = false;

// Lambda runs the function from its code folder; a worker cannot chdir, so code that resolves paths against
// process.cwd() (path.resolve, path.join(process.cwd(), ...)) gets the folder Lambda would give it.
process.cwd = () => settings.codeDir;

function post(message) {
  parentPort.postMessage(message);
}

// The Lambda runtime prefixes every console line with the time, the request id and the level.
function log(level, args) {
  post({
    type: "log",
    line: `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${format(...args)}`,
  });
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

function runtimeError(errorType, errorMessage) {
  const error = new Error(errorMessage);
  error.name = errorType;
  return error;
}

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
  let handler = loaded;
  for (const part of match[2].split(".")) handler = handler == null ? undefined : handler[part];
  if (typeof handler !== "function") {
    throw runtimeError("Runtime.HandlerNotFound", `${moduleName}.${match[2]} is undefined or not exported`);
  }
  return handler;
}

function runNext(handler) {
  if (running || waiting.length === 0) return;
  running = true;
  // `<id>\n<awsRequestId>\n<invokedFunctionArn>\n<event>` (encodeInvoke in protocol.ts).
  const text = waiting.shift();
  const a = text.indexOf("\n");
  const b = text.indexOf("\n", a + 1);
  const c = text.indexOf("\n", b + 1);
  const id = Number(text.slice(0, a));
  Atomics.store(progress, 0, id);
  invoke(
    handler,
    {
      id,
      awsRequestId: text.slice(a + 1, b),
      invokedFunctionArn: text.slice(b + 1, c),
      event: text.slice(c + 1),
    },
    () => {
      running = false;
      Atomics.store(progress, 0, 0);
      // The next one starts once the code that answered (a callback, say) has returned.
      queueMicrotask(() => runNext(handler));
    },
  );
}

function invoke(handler, message, ended) {
  currentRequestId = message.awsRequestId;
  const started = performance.now();
  const deadline = Date.now() + settings.timeoutMs;
  let settled = false;
  const fail = (error) => {
    const fault = errorOf(error);
    log("ERROR", [`Invoke Error \t${JSON.stringify(fault)}`]);
    post({
      type: "error",
      id: message.id,
      errorType: fault.errorType,
      errorMessage: fault.errorMessage,
    });
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
      payload = JSON.stringify(result === undefined ? null : result);
    } catch (serializationError) {
      fail(
        runtimeError(
          "Runtime.SerializationError",
          `Unable to stringify response body: ${serializationError}`,
        ),
      );
      return;
    }
    // The hot path crosses threads as one string: `<id>\n<milliseconds the handler ran>\n<payload>`.
    post(`${message.id}\n${performance.now() - started}\n${payload === undefined ? "null" : payload}`);
    ended();
  };
  const context = {
    functionName: settings.functionName,
    functionVersion: settings.functionVersion,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: settings.memoryLimitInMB,
    awsRequestId: message.awsRequestId,
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

async function main() {
  let handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    const fault = errorOf(error);
    log("ERROR", [`Init Error \t${JSON.stringify(fault)}`]);
    post({ type: "init-error", errorType: fault.errorType, errorMessage: fault.errorMessage });
    return;
  }
  parentPort.on("message", (message) => {
    if (typeof message === "string") waiting.push(message);
    else if (Array.isArray(message)) waiting.push(...message);
    else if (message.type === "hand-back") {
      // The runner gives what has not started to another environment: the one running here is slow.
      const ids = waiting.splice(0).map((text) => Number(text.slice(0, text.indexOf("\n"))));
      post({ type: "handed-back", ids });
    }
    runNext(handler);
  });
  post({ type: "ready" });
}

void main();
