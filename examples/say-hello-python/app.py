"""The Type Safe API guide's Python examples as one CDK app, against the code `specgate generate
--language python` writes from the say-hello model into myapi_infra/."""

import json

from aws_cdk import App, Stack
from aws_cdk import aws_lambda as lambda_
from specgate_cdk import Integrations

from myapi_infra import Api, MockIntegrations

SAY_HELLO = """
exports.handler = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ message: `Hello ${event.queryStringParameters.name}!` }),
});
"""


def build(app: App) -> Stack:
    stack = Stack(app, "SayHello")
    say_hello = lambda_.Function(
        stack,
        "SayHelloFunction",
        runtime=lambda_.Runtime.NODEJS_22_X,
        handler="index.handler",
        code=lambda_.Code.from_inline(SAY_HELLO),
    )

    Api(stack, "Api",
        integrations={
            # An integration is required for every operation
            "say_hello": {
                "integration": Integrations.lambda_(say_hello)
            }
        }
    )

    Api(stack, "MockedApi",
        integrations={
            "say_hello": {
                "integration": MockIntegrations.say_hello200(message="This is a mocked successful response!")
            }
        }
    )

    Api(stack, "RawMockApi",
        integrations={
            "say_hello": {
                "integration": Integrations.mock(status_code=200, body=json.dumps({"message": "hello world!"}))
            }
        }
    )

    Api(stack, "AllMockedApi", integrations=MockIntegrations.mock_all())
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
