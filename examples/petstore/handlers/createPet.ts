import { createPetHandler, Response } from "../generated/runtime";
import { echoRequestId, logRequests } from "./interceptors";
import { newPetId } from "./pets";

/**
 * POST /pets. API Gateway has already checked the body against the model (name length, species,
 * tags); what the model cannot say, the handler checks and answers with the model's 400 shape.
 */
export const handler = createPetHandler(logRequests, echoRequestId, async ({ input }) => {
  const pet = input.body;
  if (pet.birthDate !== undefined && new Date(pet.birthDate) > new Date()) {
    return Response.badRequest({
      message: "The pet is not valid",
      errors: [{ path: "/birthDate", message: "must not be in the future" }],
    });
  }
  return Response.created({ ...pet, id: newPetId(pet), status: "available" as const });
});
