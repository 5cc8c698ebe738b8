"""The guide's Python examples: they type-check under mypy --strict, synthesize with the real
aws-cdk-lib, and `specgate serve --app "python3 app.py"` serves them; a missing integration is a
mypy error and, when the app runs anyway, an error naming the operation."""

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest
from aws_cdk import App
from aws_cdk.assertions import Template

from app import build

HERE = Path(__file__).parent
REPO = HERE.parent.parent
SPECGATE = str(REPO / "packages" / "cli" / "bin" / "specgate.js")


def mypy(*files: str) -> subprocess.CompletedProcess[str]:
    """mypy --strict, its cache kept in .tmp: the first run reads all of aws-cdk-lib (a minute), later ones a second."""
    cache = REPO / ".tmp" / "mypy-cache"
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), *files],
        cwd=HERE, capture_output=True, text=True,
    )


def integrations_of(template: Template) -> Dict[str, Dict[str, Any]]:
    apis = template.find_resources("AWS::ApiGateway::RestApi")
    return {
        # The construct's id, without the hash the CDK appends to a logical id.
        re.sub(r"[0-9A-F]{8}$", "", logical_id): api["Properties"]["Body"]["paths"]["/hello"]["get"][
            "x-amazon-apigateway-integration"
        ]
        for logical_id, api in apis.items()
    }


def test_the_app_type_checks_under_mypy_strict() -> None:
    result = mypy("app.py", "myapi_infra")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_app_synthesizes_each_example() -> None:
    template = Template.from_stack(build(App()))
    integrations = integrations_of(template)
    assert integrations["Api"]["type"] == "AWS_PROXY"
    assert integrations["MockedApi"]["responses"]["default"]["responseTemplates"] == {
        "application/json": '{"message":"This is a mocked successful response!"}'
    }
    assert integrations["RawMockApi"]["responses"]["default"]["responseTemplates"] == {
        "application/json": '{"message": "hello world!"}'
    }
    mocked = json.loads(integrations["AllMockedApi"]["responses"]["default"]["responseTemplates"]["application/json"])
    assert isinstance(mocked["message"], str)
    template.resource_count_is("AWS::Lambda::Permission", 1)


MISSING = """
from aws_cdk import App, Stack
from myapi_infra import Api

Api(Stack(App(), "Missing"), "Api", integrations={})
"""


def test_a_missing_integration_is_a_mypy_error_and_a_runtime_error_naming_the_operation(tmp_path: Path) -> None:
    app = HERE / "missing_integration_app.py"
    app.write_text(MISSING)
    try:
        result = mypy(app.name)
        assert result.returncode == 1
        assert 'Missing key "say_hello" for TypedDict "OperationConfig"' in result.stdout
        run = subprocess.run([sys.executable, app.name], cwd=HERE, capture_output=True, text=True)
        assert run.returncode == 1
        assert "TypeError: Api 'Api': integrations must give every operation one integration" in run.stderr
        assert "  - say_hello is missing (sayHello: GET /hello)" in run.stderr
    finally:
        app.unlink()


def test_a_camel_case_key_is_named_with_the_python_name_to_use() -> None:
    from aws_cdk import Stack
    from specgate_cdk import Integrations

    from myapi_infra import Api

    with pytest.raises(TypeError, match=r"  - sayHello is not an operation \(did you mean say_hello\?\)"):
        Api(Stack(App(), "CamelCase"), "Api", integrations={"sayHello": {"integration": Integrations.mock(status_code=200)}})  # type: ignore[typeddict-unknown-key]


@pytest.fixture
def served() -> Iterator[Dict[str, str]]:
    """`specgate serve --app "python3 app.py"` on a free port: each API's URL by construct path."""
    server = subprocess.Popen(
        ["node", SPECGATE, "serve", "--app", f"{sys.executable} app.py", "--port", "0"],
        cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONPATH": str(HERE)},
    )
    urls: Dict[str, str] = {}
    lines = []
    try:
        assert server.stdout is not None
        for line in server.stdout:
            lines.append(line)
            match = re.match(r"^\S+\s+(http://127\.0\.0\.1:\d+\S*)\s+\((SayHello/\w+),", line)
            if match:
                urls[match.group(2)] = match.group(1)
            if line.startswith("Press Ctrl+C"):
                break
        assert len(urls) == 4, "".join(lines)
        yield urls
    finally:
        server.terminate()
        server.wait(timeout=30)


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, json.loads(response.read())


def test_specgate_serve_serves_the_python_app(served: Dict[str, str]) -> None:
    assert get(f"{served['SayHello/Api']}/hello?name=Ada") == (200, {"message": "Hello Ada!"})
    assert get(f"{served['SayHello/MockedApi']}/hello?name=Ada") == (
        200,
        {"message": "This is a mocked successful response!"},
    )
    assert get(f"{served['SayHello/RawMockApi']}/hello?name=Ada") == (200, {"message": "hello world!"})
    status, body = get(f"{served['SayHello/AllMockedApi']}/hello?name=Ada")
    assert status == 200 and isinstance(body["message"], str)
