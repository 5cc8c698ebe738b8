"""`specgate generate --language python` on the Pet Store: the package type-checks under mypy --strict
(models, typed mock factories, the Api's OperationConfig and ApiAuthorizers), every operation mocked
synthesizes, and the model's security schemes get the authorizers given for them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template
from specgate_cdk import Authorizers, CustomAuthorizerTypes

REPO = Path(__file__).resolve().parents[4]
SPECGATE = str(REPO / "packages" / "cli" / "bin" / "specgate.js")
PETSTORE = str(REPO / "examples" / "petstore" / "api" / "openapi.yaml")

APP = """
from aws_cdk import App, Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from specgate_cdk import Authorizers, CustomAuthorizerTypes, Integrations

from petstore_infra import Api, ApiAuthorizers, MockIntegrations, Pet

stack = Stack(App(), "PetStore")
staff = lambda_.Function(
    stack, "StoreStaff", runtime=lambda_.Runtime.NODEJS_22_X, handler="index.handler", code=lambda_.Code.from_inline("exports.handler = async () => ({})")
)
authorizers: ApiAuthorizers = {
    "members": Authorizers.cognito(user_pools=[cognito.UserPool(stack, "Members")]),
    "storeStaff": Authorizers.custom(function=staff, type=CustomAuthorizerTypes.REQUEST),
}
pet: Pet = {"id": "rex", "name": "Rex", "species": "dog", "status": "available"}
config = MockIntegrations.mock_all()
config["get_pet"] = {"integration": MockIntegrations.get_pet200(pet)}
config["list_vets"] = {"integration": Integrations.http("https://vets.example.com")}
Api(stack, "Api", integrations=config, authorizers=authorizers)
"""

#: The storeStaff scheme left out: the Lambda authorizer placeOrder needs is missing.
NO_STAFF = """
from aws_cdk import App, Stack
from aws_cdk import aws_cognito as cognito
from specgate_cdk import Authorizers

from petstore_infra import Api, MockIntegrations

stack = Stack(App(), "PetStore")
Api(
    stack,
    "Api",
    integrations=MockIntegrations.mock_all(),
    authorizers={"members": Authorizers.cognito(user_pools=[cognito.UserPool(stack, "Members")])},
)
"""


def mypy(cwd: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(REPO / ".tmp" / "mypy-cache"), *files],
        cwd=cwd, capture_output=True, text=True,
    )


def test_the_pet_store_generates_type_checks_and_synthesizes(tmp_path: Path) -> None:
    subprocess.run(
        ["node", SPECGATE, "generate", "--language", "python", "--spec", PETSTORE, "--out", str(tmp_path / "petstore_infra")],
        check=True, capture_output=True, text=True,
    )
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "no_staff.py").write_text(NO_STAFF)
    result = mypy(tmp_path, "app.py", "petstore_infra")
    assert result.returncode == 0, result.stdout + result.stderr
    result = mypy(tmp_path, "no_staff.py")
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'Missing key "storeStaff" for TypedDict "ApiAuthorizers"' in result.stdout

    sys.path.insert(0, str(tmp_path))
    try:
        from petstore_infra import Api, MockIntegrations  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(tmp_path))
    stack = Stack(App(), "PetStore")
    staff = lambda_.Function(
        stack, "StoreStaff", runtime=lambda_.Runtime.NODEJS_22_X, handler="index.handler", code=lambda_.Code.from_inline("exports.handler = async () => ({})")
    )
    Api(
        stack,
        "Api",
        integrations=MockIntegrations.mock_all(),
        authorizers={
            "members": Authorizers.cognito(user_pools=[cognito.UserPool(stack, "Members")], authorization_scopes=["pets/write"]),
            "storeStaff": Authorizers.custom(function=staff, type=CustomAuthorizerTypes.REQUEST),
        },
    )
    template = Template.from_stack(stack)
    apis = template.find_resources("AWS::ApiGateway::RestApi")
    body = next(iter(apis.values()))["Properties"]["Body"]
    operations = [op for item in body["paths"].values() for op in item.values() if isinstance(op, dict) and "operationId" in op]
    assert len(operations) == 9
    assert all(op["x-amazon-apigateway-integration"]["type"] == "MOCK" for op in operations)
    get_pet = body["paths"]["/pets/{petId}"]["get"]["x-amazon-apigateway-integration"]
    assert json.loads(get_pet["responses"]["default"]["responseTemplates"]["application/json"])["id"]

    schemes = body["components"]["securitySchemes"]
    assert schemes["members"]["x-amazon-apigateway-authorizer"]["type"] == "cognito_user_pools"
    assert schemes["storeStaff"]["x-amazon-apigateway-authorizer"]["type"] == "request"
    assert body["paths"]["/pets/{petId}"]["delete"]["security"] == [{"members": ["pets/write"]}]
    assert body["paths"]["/store/orders"]["post"]["security"] == [{"storeStaff": []}]
    assert body["paths"]["/store/inventory"]["get"]["security"] == [{"ApiKeyAuth": []}]
    assert schemes["ApiKeyAuth"] == {"type": "apiKey", "in": "header", "name": "x-api-key"}
    template.resource_count_is("AWS::Lambda::Permission", 1)
    # Run without the type checker, the construct names what is missing.
    with pytest.raises(RuntimeError, match=r"  - storeStaff \(http bearer\), required by placeOrder"):
        Api(Stack(App(), "NoStaff"), "Api", integrations=MockIntegrations.mock_all(), authorizers={})
