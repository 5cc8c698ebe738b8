// The floor of any local Lambda that runs handlers in worker threads: a bare node:http server that hands
// each request to one worker thread as a small string and answers with what the worker posts back, one
// message each way per request (no routing, no proxy event, no result mapping).
// Prints {"url": ...} once it listens on an ephemeral loopback port.
import http from "node:http";
import { Worker } from "node:worker_threads";

const body = process.argv[2] ?? '{"message":"hello"}';
const worker = new Worker(
  `const { parentPort } = require("node:worker_threads");
   parentPort.on("message", (text) =>
     parentPort.postMessage(text.slice(0, text.indexOf("\\n") + 1) + ${JSON.stringify(body)}));`,
  { eval: true },
);
const waiting = new Map();
let nextId = 1;
worker.on("message", (message) => {
  const newline = message.indexOf("\n");
  const id = Number(message.slice(0, newline));
  const response = waiting.get(id);
  waiting.delete(id);
  const bytes = Buffer.from(message.slice(newline + 1));
  response.writeHead(200, { "content-type": "application/json", "content-length": bytes.length });
  response.end(bytes);
});
const server = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    const id = nextId++;
    waiting.set(id, response);
    worker.postMessage(`${id}\n${request.method} ${request.url}`);
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` }) + "\n");
});
process.on("SIGTERM", () => server.close(() => worker.terminate().then(() => process.exit(0))));
