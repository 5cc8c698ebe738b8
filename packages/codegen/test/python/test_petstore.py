"""`specgate generate --language python` on the Pet Store: the package type-checks under mypy --strict
(models, typed mock factories, the Api's OperationConfig) and every operation mocked synthesizes."""

import json
import subprocess
import sys
from pathlib import Path

from aws_cdk import App, Stack
from aws_cdk.assertions import Template

REPO = Path(__file__).resolve().parents[4]
SPECGATE = str(REPO / "packages" / "cli" / "bin" / "specgate.js")
PETSTORE = str(REPO / "examples" / "petstore" / "api" / "openapi.yaml")

APP = """
from aws_cdk import App, Stack
from specgate_cdk import Integrations

from petstore_infra import Api, MockIntegrations, Pet

pet: Pet = {"id": "rex", "name": "Rex", "species": "dog", "status": "available"}
config = MockIntegrations.mock_all()
config["get_pet"] = {"integration": MockIntegrations.get_pet200(pet)}
config["list_vets"] = {"integration": Integrations.http("https://vets.example.com")}
Api(Stack(App(), "PetStore"), "Api", integrations=config)
"""


def test_the_pet_store_generates_type_checks_and_synthesizes(tmp_path: Path) -> None:
    subprocess.run(
        ["node", SPECGATE, "generate", "--language", "python", "--spec", PETSTORE, "--out", str(tmp_path / "petstore_infra")],
        check=True, capture_output=True, text=True,
    )
    (tmp_path / "app.py").write_text(APP)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(REPO / ".tmp" / "mypy-cache"), "app.py", "petstore_infra"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    sys.path.insert(0, str(tmp_path))
    try:
        from petstore_infra import Api, MockIntegrations  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(tmp_path))
    stack = Stack(App(), "PetStore")
    Api(stack, "Api", integrations=MockIntegrations.mock_all())
    apis = Template.from_stack(stack).find_resources("AWS::ApiGateway::RestApi")
    body = next(iter(apis.values()))["Properties"]["Body"]
    operations = [op for item in body["paths"].values() for op in item.values() if isinstance(op, dict) and "operationId" in op]
    assert len(operations) == 9
    assert all(op["x-amazon-apigateway-integration"]["type"] == "MOCK" for op in operations)
    get_pet = body["paths"]["/pets/{petId}"]["get"]["x-amazon-apigateway-integration"]
    assert json.loads(get_pet["responses"]["default"]["responseTemplates"]["application/json"])["id"]
