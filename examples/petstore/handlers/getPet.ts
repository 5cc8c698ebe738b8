import { getPetHandler, Response } from "../generated/runtime";
import { logRequests } from "./interceptors";
import { findPet } from "./pets";

/** GET /pets/{petId} */
export const handler = getPetHandler(logRequests, async ({ input }) => {
  const { petId } = input.requestParameters;
  const pet = findPet(petId);
  if (!pet) return Response.notFound({ message: `No pet has the id ${petId}`, id: petId });
  return Response.ok(pet);
});
