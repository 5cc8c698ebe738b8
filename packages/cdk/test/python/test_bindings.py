"""@specgate/cdk from Python, through the jsii bindings `npm run jsii` builds: the seed's examples of
TypeSafeRestApi used directly, Integrations.mock and a custom Integration, synthesized with the real
aws-cdk-lib."""

import json
from pathlib import Path

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template
from specgate_cdk import (
    ApiGatewayIntegration,
    ApiGatewayIntegrationResponse,
    Authorizers,
    CustomAuthorizerTypes,
    Integration,
    IntegrationRenderProps,
    Integrations,
    IntegrationTypes,
    Operations,
    TypeSafeApiIntegration,
    TypeSafeApiIntegrationOptions,
    TypeSafeApiWebAclOptions,
    TypeSafeRestApi,
)

PETS_SPEC = str(Path(__file__).parent.parent / "fixtures" / "pets.yaml")


class Teapot(Integration):
    """A custom integration: API Gateway answers 418 itself. jsii calls an override with the props
    struct as one argument (its declaration in the bindings takes them as keywords)."""

    def render(self, props: IntegrationRenderProps) -> ApiGatewayIntegration:  # type: ignore[override]
        return ApiGatewayIntegration(
            type=IntegrationTypes.MOCK,
            request_templates={content_type: '{"statusCode": 418}' for content_type in props.content_types},
            responses={"default": ApiGatewayIntegrationResponse(status_code="418")},
        )


def body_of(stack: Stack) -> dict:
    apis = Template.from_stack(stack).find_resources("AWS::ApiGateway::RestApi")
    return next(iter(apis.values()))["Properties"]["Body"]


def integration_of(body: dict, path: str, method: str) -> dict:
    return body["paths"][path][method]["x-amazon-apigateway-integration"]


def test_type_safe_rest_api_renders_every_integration_from_python():
    stack = Stack(App(), "Pets")
    fn = lambda_.Function(
        stack,
        "Handler",
        runtime=lambda_.Runtime.NODEJS_22_X,
        handler="index.handler",
        code=lambda_.Code.from_inline("exports.handler = async () => ({ statusCode: 200, body: '{}' });"),
    )
    every = Operations.all(Operations.lookup(PETS_SPEC), integration=Integrations.lambda_(fn))
    TypeSafeRestApi(
        stack,
        "Api",
        spec=PETS_SPEC,
        integrations={
            **every,
            "getPet": TypeSafeApiIntegration(integration=Teapot()),
            "deletePet": TypeSafeApiIntegration(
                integration=Integrations.mock(status_code=200, body=json.dumps({"message": "hello world!"}))
            ),
        },
    )
    body = body_of(stack)
    assert integration_of(body, "/pets", "get")["type"] == "AWS_PROXY"
    assert integration_of(body, "/pets/{petId}", "get")["responses"] == {"default": {"statusCode": "418"}}
    assert integration_of(body, "/pets/{petId}", "delete")["responses"]["default"]["responseTemplates"] == {
        "application/json": '{"message": "hello world!"}'
    }
    permissions = Template.from_stack(stack).find_resources("AWS::Lambda::Permission")
    assert len(permissions) == 1


def test_a_missing_integration_fails_naming_the_operation():
    stack = Stack(App(), "Pets")
    every = Operations.all(Operations.lookup(PETS_SPEC), integration=Teapot())
    del every["getPet"]
    with pytest.raises(RuntimeError, match=r"1 operation has no integration:\n  - getPet \(GET /pets/\{petId\}\)"):
        TypeSafeRestApi(stack, "Api", spec=PETS_SPEC, integrations=every)


def test_a_parsed_document_is_a_spec_too():
    stack = Stack(App(), "Hello")
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Hello", "version": "1.0.0"},
        "paths": {"/hello": {"get": {"operationId": "sayHello", "responses": {"200": {"description": "ok"}}}}},
    }
    api = TypeSafeRestApi(
        stack,
        "Api",
        spec=document,
        integrations={"sayHello": TypeSafeApiIntegration(integration=Integrations.mock(status_code=204))},
    )
    assert api.rendered_spec["paths"]["/hello"]["get"]["x-amazon-apigateway-integration"]["type"] == "MOCK"
    assert integration_of(body_of(stack), "/hello", "get")["responses"]["default"]["statusCode"] == "204"


def test_authorizers_from_python():
    stack = Stack(App(), "Secured")
    fn = lambda_.Function(
        stack,
        "Partners",
        runtime=lambda_.Runtime.NODEJS_22_X,
        handler="index.handler",
        code=lambda_.Code.from_inline("exports.handler = async () => ({});"),
    )
    partners = Authorizers.custom(
        function=fn, type=CustomAuthorizerTypes.REQUEST, identity_source="method.request.header.X-Partner"
    )
    every = Operations.all(Operations.lookup(PETS_SPEC), integration=Integrations.mock(status_code=200))
    TypeSafeRestApi(
        stack,
        "Api",
        spec=PETS_SPEC,
        default_authorizer=partners,
        web_acl_options=TypeSafeApiWebAclOptions(disable=True),
        integrations={
            **every,
            "listPets": TypeSafeApiIntegration(
                integration=Integrations.mock(status_code=200),
                options=TypeSafeApiIntegrationOptions(authorizer=Authorizers.iam(), api_key_required=True),
            ),
        },
    )
    body = body_of(stack)
    assert body["paths"]["/pets"]["get"]["security"] == [{"sigv4": [], "api_key": []}]
    assert body["paths"]["/pets/{petId}"]["get"]["security"] == [{"Partners": []}]
    authorizer = body["components"]["securitySchemes"]["Partners"]["x-amazon-apigateway-authorizer"]
    assert authorizer["type"] == "request"
    assert authorizer["identitySource"] == "method.request.header.X-Partner"
    template = Template.from_stack(stack)
    assert len(template.find_resources("AWS::Lambda::Permission")) == 1
    assert len(template.find_resources("AWS::WAFv2::WebACL")) == 0
