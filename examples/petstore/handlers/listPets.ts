import { listPetsHandler } from "../generated/runtime";
import { logRequests } from "./interceptors";
import { petsWithStatus } from "./pets";

/** GET /pets: the pets with the given status (all of them without one), at most `limit`. */
export const handler = listPetsHandler(logRequests, async ({ input }) => {
  const { status, limit = 20 } = input.requestParameters;
  const pets = petsWithStatus(status);
  return {
    statusCode: 200,
    body: {
      items: pets.slice(0, limit),
      ...(pets.length > limit ? { nextToken: String(limit) } : {}),
    },
  };
});
