/** The OpenAPI models `specgate init` starts a project with, one per template. */

/** What `--template` picks: which operations run in Lambda. */
export type TemplateName = "lambda" | "mock-only";

export const TEMPLATE_NAMES: readonly TemplateName[] = ["lambda", "mock-only"];

/**
 * A small model: `sayHello` takes a query parameter and answers JSON, `getStatus` answers a fixed
 * status. In the `lambda` template `sayHello` runs in a Lambda function (`x-handler`).
 */
export function helloModel(template: TemplateName): string {
  const handler = template === "lambda" ? "\n      x-handler:\n        language: typescript" : "";
  return `openapi: 3.0.3
info:
  title: Hello API
  version: 1.0.0
paths:
  /hello:
    get:
      operationId: sayHello
      summary: Say hello${handler}
      parameters:
        - name: name
          in: query
          description: Who to greet
          schema:
            type: string
            minLength: 1
            maxLength: 50
      responses:
        "200":
          description: A greeting
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Greeting"
  /status:
    get:
      operationId: getStatus
      summary: Whether the API is up
      responses:
        "200":
          description: The API's status
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Status"
components:
  schemas:
    Greeting:
      type: object
      properties:
        message:
          type: string
      required: [message]
    Status:
      type: object
      properties:
        status:
          type: string
          enum: [ok]
      required: [status]
`;
}
