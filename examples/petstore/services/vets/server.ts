import { createServer, type Server } from "node:http";

/**
 * The vets directory: a small HTTP service that runs in a container on ECS behind a Network Load
 * Balancer, reached by API Gateway through a VPC link. `specgate serve --vpc-link` points the API at
 * it on localhost. It uses nothing but Node.js, so the container runs this file as it is (see main.mjs).
 */

interface Vet {
  name: string;
  specialties: string[];
}

const VETS: Vet[] = [
  { name: "Dr. Ada Finch", specialties: ["birds", "exotics"] },
  { name: "Dr. Ben Carter", specialties: ["dogs", "surgery"] },
  { name: "Dr. Chloe Marin", specialties: ["cats", "dentistry"] },
  { name: "Dr. Dev Patel", specialties: ["fish"] },
];

function vetsWithSpecialty(specialty: string | null): Vet[] {
  return VETS.filter((vet) => specialty === null || vet.specialties.includes(specialty));
}

/** Serves `GET /vets?specialty=` and `GET /health` (the load balancer's health check). */
export function createVetsServer(): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && url.pathname === "/health") return send(200, { status: "ok" });
    if (req.method === "GET" && url.pathname === "/vets") {
      return send(200, { vets: vetsWithSpecialty(url.searchParams.get("specialty")) });
    }
    send(404, { message: `No route for ${req.method} ${url.pathname}` });
  });
}

/** Starts the service on `port` (0: any free port) and resolves with its URL. */
export function startVetsServer(port: number, host = "127.0.0.1"): Promise<{ url: string; server: Server }> {
  const server = createVetsServer();
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      resolve({ url: `http://${host}:${actual}`, server });
    });
  });
}
