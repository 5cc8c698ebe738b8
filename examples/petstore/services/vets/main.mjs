// The container's entry point: Node.js 22 loads server.ts itself, stripping its types.
import { startVetsServer } from "./server.ts";

const port = Number(process.env.PORT ?? 8080);
// The load balancer reaches the task on its private address, not on loopback.
const { url } = await startVetsServer(port, process.env.HOST ?? "0.0.0.0");
console.log(`vets service on ${url}`);
