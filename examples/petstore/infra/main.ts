import { App } from "aws-cdk-lib";
import { PetStoreStack } from "./petstore-stack";

// `cdk deploy` and `specgate serve` both run this file (see cdk.json) and read the assembly it writes.
const app = new App();
new PetStoreStack(app, "PetStore");
app.synth();
