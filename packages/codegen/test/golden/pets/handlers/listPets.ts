import { listPetsHandler } from "../generated/runtime";
import type { ListPets200ResponseBody } from "../generated/runtime";

/** GET /pets: List every pet */
export const handler = listPetsHandler(async ({ input }) => {
  // `input.requestParameters` and `input.body` are typed and already validated against the model.
  console.info("listPets", JSON.stringify(input.requestParameters));
  const body: ListPets200ResponseBody = [
    {
      id: 95,
      name: "name-180",
      tag: "tag-641",
      status: "available",
    },
  ];
  return { statusCode: 200, body };
});
