import { getPetCardHandler, Response } from "../generated/runtime";
import { logRequests } from "./interceptors";
import { findPet } from "./pets";

/** GET /pets/{petId}/card: a plain-text name card; the model says `text/plain`, so the wrapper sends it as is. */
export const handler = getPetCardHandler(logRequests, async ({ input }) => {
  const { petId } = input.requestParameters;
  const pet = findPet(petId);
  if (!pet) return Response.notFound({ message: `No pet has the id ${petId}`, id: petId });
  const lines = [
    pet.name,
    `${pet.species}, ${pet.status}`,
    ...(pet.birthDate ? [`born ${pet.birthDate}`] : []),
    ...(pet.owner ? [`owner: ${pet.owner.name}`] : []),
  ];
  return Response.ok(`${lines.join("\n")}\n`);
});
