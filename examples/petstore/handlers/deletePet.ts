import { deletePetHandler, Response } from "../generated/runtime";
import { logRequests } from "./interceptors";
import { findPet } from "./pets";

/** DELETE /pets/{petId}: the seeded pets stay (see pets.ts); an unknown id is a 404. */
export const handler = deletePetHandler(logRequests, async ({ input }) => {
  const { petId } = input.requestParameters;
  if (!findPet(petId)) return Response.notFound({ message: `No pet has the id ${petId}`, id: petId });
  return Response.noContent();
});
