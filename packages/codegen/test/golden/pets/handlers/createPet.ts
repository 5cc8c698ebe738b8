import { createPetHandler } from "../generated/runtime";
import type { CreatePet201ResponseBody } from "../generated/runtime";

/** POST /pets */
export const handler = createPetHandler(async ({ input }) => {
  // `input.requestParameters` and `input.body` are typed and already validated against the model.
  console.info("create-pet", JSON.stringify(input.requestParameters));
  const body: CreatePet201ResponseBody = {
    id: 7,
    name: "Rex",
    tag: "dog",
  };
  return { statusCode: 201, body };
});
