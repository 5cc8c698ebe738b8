import { Duration, Stack, type StackProps } from "aws-cdk-lib";
import { Cors } from "aws-cdk-lib/aws-apigateway";
import { Integrations } from "@specgate/cdk";
import type { Construct } from "constructs";
import {
  Api,
  CreatePetFunction,
  DeletePetFunction,
  GetPetCardFunction,
  GetPetFunction,
  ListPetsFunction,
  MockIntegrations,
  type HandlerFunctionProps,
} from "../generated/infrastructure";
import { petStoreAuthorizers } from "./authorizers";
import { VetsService } from "./vets-service";

/**
 * The Pet Store: Lambda handlers for pets, mocks for the store, and the vets service behind a VPC link.
 * Members remove pets (a Cognito user pool), staff place orders (a Lambda authorizer), partners read
 * the inventory (an API key).
 */
export class PetStoreStack extends Stack {
  readonly api: Api;
  readonly vets: VetsService;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const functionProps: HandlerFunctionProps = { memorySize: 256, timeout: Duration.seconds(10) };
    this.vets = new VetsService(this, "Vets");

    this.api = new Api(this, "Api", {
      description: "The Pet Store API",
      corsOptions: { allowOrigins: Cors.ALL_ORIGINS, allowMethods: Cors.ALL_METHODS },
      // An authorizer for each security scheme of the model: leaving one out is a compile error.
      authorizers: petStoreAuthorizers(this, functionProps),
      // Leaving an operation out (or naming one the model lacks) is a compile error.
      integrations: {
        listPets: { integration: Integrations.lambda(new ListPetsFunction(this, "ListPets", functionProps)) },
        createPet: {
          integration: Integrations.lambda(new CreatePetFunction(this, "CreatePet", functionProps)),
        },
        getPet: { integration: Integrations.lambda(new GetPetFunction(this, "GetPet", functionProps)) },
        deletePet: {
          integration: Integrations.lambda(new DeletePetFunction(this, "DeletePet", functionProps)),
        },
        getPetCard: {
          integration: Integrations.lambda(new GetPetCardFunction(this, "GetPetCard", functionProps)),
        },
        // Answered by API Gateway itself with the mock data generated from the model.
        getInventory: { integration: MockIntegrations.getInventory200() },
        // A typed body: the compiler checks it against the model's Order.
        getOrder: {
          integration: MockIntegrations.getOrder200({
            id: "order-1",
            petId: "rex",
            quantity: 1,
            status: "approved",
            placedAt: "2026-01-15T10:30:00Z",
          }),
        },
        // A response the model does not declare: ordering has not opened yet.
        placeOrder: {
          integration: Integrations.mock({
            statusCode: 503,
            body: JSON.stringify({ message: "Ordering opens soon: try again tomorrow" }),
            headers: { "Retry-After": "86400" },
          }),
        },
        listVets: { integration: this.vets.integration() },
      },
    });
    // API Gateway takes an API key only through a usage plan of the stage (`specgate serve` prints its value).
    this.api.api
      .addUsagePlan("Partners", {
        apiStages: [{ api: this.api.api, stage: this.api.api.deploymentStage }],
        throttle: { rateLimit: 10, burstLimit: 20 },
      })
      .addApiKey(this.api.api.addApiKey("PartnerKey"));
  }
}
