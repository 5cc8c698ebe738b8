/**
 * `specgate generate --language python`: a Python package holding the `Api` construct (a TypedDict
 * of one integration per operation, every key required), `MockIntegrations` and TypedDicts for the
 * bodies, on the specgate-cdk jsii bindings.
 */

import type { ApiModel } from "@specgate/model";
import { isPythonIdentifier, pyComment, pyDoc, pyString, pythonClassName, snakeCase } from "../emit/python";
import type { GeneratedFile } from "../files";
import { describeOperation } from "../infrastructure/emit";
import { mockData } from "../infrastructure/index";
import { schemeSlots, type SchemeSlot } from "../security";
import type { MockedResponse, OperationPlan } from "../infrastructure/responses";
import { NameScope, pascalCase } from "../naming";
import { mergeAllOf, schemaDocText, shapeOf, type Literal, type Property, type Shape } from "./shape";

export interface PythonOptions {
  /** The model's path as the headers name it. */
  readonly specPath: string;
}

/** How the schemas of `components.schemas` are named in `models.py`. */
interface Models {
  /** Class or alias name by schema name. */
  readonly names: ReadonlyMap<string, string>;
  /** The alias of each response body, by `bodyType` (`SayHello200ResponseBody`). */
  readonly bodies: ReadonlyMap<string, string>;
  /** Schemas written as TypedDicts of class syntax: their fields can be keyword arguments. */
  readonly classes: ReadonlySet<string>;
}

function pyLiteral(value: Literal): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return String(value);
  return pyString(value);
}

/** The Python type of a shape, model names quoted (they may be declared further down). */
export function pyType(shape: Shape, models: Models): string {
  switch (shape.kind) {
    case "any":
      return "Any";
    case "ref": {
      const name = models.names.get(shape.name);
      return name === undefined ? "Any" : pyString(name);
    }
    case "string":
      return "str";
    case "integer":
      return "int";
    case "number":
      return "float";
    case "boolean":
      return "bool";
    case "null":
      return "None";
    case "literals":
      // Literal takes no floats.
      return shape.values.every((v) => typeof v !== "number" || Number.isInteger(v))
        ? `Literal[${shape.values.map(pyLiteral).join(", ")}]`
        : pyType(shape.base, models);
    case "array":
      return `List[${pyType(shape.items, models)}]`;
    case "map":
      return `Dict[str, ${pyType(shape.values, models)}]`;
    case "object":
    case "all":
      return "Dict[str, Any]";
    case "union": {
      const members = [...new Set(shape.members.map((m) => pyType(m, models)))];
      return members.includes("Any")
        ? "Any"
        : members.length === 1
          ? members[0]
          : `Union[${members.join(", ")}]`;
    }
    case "nullable": {
      const inner = pyType(shape.inner, models);
      return inner === "Any" ? "Any" : `Optional[${inner}]`;
    }
  }
}

function fieldType(property: Property, models: Models): string {
  const type = pyType(property.shape, models);
  return property.required ? type : `NotRequired[${type}]`;
}

/** `models.py`: a TypedDict for every object schema, an alias for every other one. */
function emitModels(
  model: ApiModel,
  plans: readonly OperationPlan[],
  title: string,
): { text: string; models: Models } {
  const scope = new NameScope();
  const names = new Map<string, string>();
  for (const name of Object.keys(model.schemas))
    names.set(name, scope.claim(pythonClassName(pascalCase(name))));
  const classes = new Set<string>();
  const bodies = new Map<string, string>();
  const raw = new Map(Object.entries(model.schemas).map(([name, schema]) => [name, shapeOf(schema)]));
  const shapes = new Map([...raw].map(([name, shape]) => [name, mergeAllOf(shape, raw)]));
  for (const [name, shape] of shapes) {
    if (shape.kind === "object" && shape.properties.every((p) => isPythonIdentifier(p.name)))
      classes.add(name);
  }
  const models: Models = { names, bodies, classes };
  const blocks: string[] = [];
  for (const [name, shape] of shapes) {
    const className = names.get(name) as string;
    const doc = schemaDocText(model.schemas[name]);
    if (shape.kind !== "object") {
      blocks.push(`${doc ? `${pyComment(doc)}\n` : ""}${className}: TypeAlias = ${pyType(shape, models)}`);
    } else if (classes.has(name)) {
      const fields = shape.properties.map((p) =>
        [`    ${p.name}: ${fieldType(p, models)}`, ...(p.doc ? [pyDoc(p.doc, "    ")] : [])].join("\n"),
      );
      blocks.push(`class ${className}(TypedDict):\n${pyDoc(doc ?? name, "    ")}\n\n${fields.join("\n")}`);
    } else {
      const fields = shape.properties.map((p) => `    ${pyString(p.name)}: ${fieldType(p, models)},`);
      blocks.push(
        `${className} = TypedDict(\n    ${pyString(className)},\n    {\n    ${fields.join("\n    ")}\n    },\n)`,
      );
    }
  }
  for (const plan of plans) {
    for (const mocked of plan.responses) {
      if (mocked.body === "none" || !mocked.bodyType || !mocked.media) continue;
      const type = mocked.body === "text" ? "str" : pyType(shapeOf(mocked.media.schema), models);
      const alias = scope.claim(mocked.bodyType);
      bodies.set(mocked.bodyType, alias);
      blocks.push(`${alias}: TypeAlias = ${type}`);
    }
  }
  const text = [
    pyDoc(
      `The request and response bodies of ${title}, as TypedDicts: plain dicts, checked by mypy or pyright.`,
      "",
    ),
    "",
    "from __future__ import annotations",
    "",
    "from typing import Any, Dict, List, Literal, NotRequired, Optional, TypeAlias, TypedDict, Union",
    "",
    "",
    blocks.join("\n\n\n"),
    "",
  ].join("\n");
  return { text, models };
}

/** The Python name of an operation: `say_hello`. */
const operationName = (plan: OperationPlan): string => snakeCase(plan.valueName);

/** The Python name of a mock factory: `say_hello200`, `say_hello4xx`, `say_hello_default`. */
function factoryName(plan: OperationPlan, mocked: MockedResponse): string {
  const status = mocked.response.statusCode;
  return `${operationName(plan)}${status === "default" ? "_default" : status.toLowerCase()}`;
}

/**
 * `ApiAuthorizers`: an authorizer for each security scheme of the model, by its name (any string, so
 * the functional TypedDict syntax); the ones an operation needs are required keys.
 */
function emitAuthorizers(slots: readonly SchemeSlot[]): string {
  const fields = slots.map(
    (slot) =>
      `        ${pyComment(slot.doc)}\n        ${pyString(slot.name)}: ${slot.required ? "Authorizer" : "NotRequired[Authorizer]"},`,
  );
  return `#: An authorizer for each security scheme of the model (components.securitySchemes), by its name:
#: leaving out one that an operation's security needs is a type error.
ApiAuthorizers = TypedDict(
    "ApiAuthorizers",
    {
${fields.join("\n")}
    },
)`;
}

function emitApi(plans: readonly OperationPlan[], title: string, slots: readonly SchemeSlot[]): string {
  const secured = slots.length > 0;
  const required = slots.some((slot) => slot.required);
  const fields = plans.map((plan) => {
    const { operationId, method, path, summary } = plan.operation;
    return [
      `    ${operationName(plan)}: Union[OperationIntegration, TypeSafeApiIntegration]`,
      pyDoc(`${operationId}: ${describeOperation(method, path, summary)}`, "    "),
    ].join("\n");
  });
  const operations = plans.map(
    (plan) =>
      `    ${pyString(operationName(plan))}: (${pyString(plan.operation.operationId)}, ${pyString(plan.operation.method.toUpperCase())}, ${pyString(plan.operation.path)}),`,
  );
  return `${pyDoc(`The Api construct of ${title}: an integration for every operation, checked by the type checker and when it runs.`, "")}

from __future__ import annotations

import os
from typing import Any, Dict, Mapping, NotRequired, ${secured && !required ? "Optional, " : ""}Tuple, TypedDict, Union${secured ? ", cast" : ""}

from constructs import Construct
from specgate_cdk import ${secured ? "Authorizer, " : ""}Integration, TypeSafeApiIntegration, TypeSafeApiIntegrationOptions, TypeSafeRestApi

#: The model, beside this file.
SPEC = os.path.join(os.path.dirname(__file__), "spec.json")


class OperationIntegration(TypedDict):
    """An operation's integration and its options, as a dict."""

    integration: Integration
    options: NotRequired[TypeSafeApiIntegrationOptions]


class OperationConfig(TypedDict):
    """An integration for every operation, by its Python name: leaving one out is a type error."""

${plans.length === 0 ? "    pass" : fields.join("\n")}


${
  secured
    ? `${emitAuthorizers(slots)}


`
    : ""
}#: The operationId, method and path of each operation, by its Python name.
OPERATIONS: Dict[str, Tuple[str, str, str]] = {
${operations.join("\n")}
}


class Api(TypeSafeRestApi):
${pyDoc(`${title} on Amazon API Gateway, from the model in spec.json beside this file.`, "    ")}

${
  secured
    ? `    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        integrations: OperationConfig,
        authorizers: ${required ? "ApiAuthorizers" : "Optional[ApiAuthorizers] = None"},
        **props: Any,
    ) -> None:
        super().__init__(
            scope,
            id,
            spec=SPEC,
            integrations=by_operation_id(id, integrations),
            # Each value is an Authorizer; the type checker sees a TypedDict as a Mapping[str, object].
            authorizers=cast(Mapping[str, Authorizer], authorizers${required ? "" : " or {}"}),
            **props,
        )`
    : `    def __init__(self, scope: Construct, id: str, *, integrations: OperationConfig, **props: Any) -> None:
        super().__init__(scope, id, spec=SPEC, integrations=by_operation_id(id, integrations), **props)`
}


def by_operation_id(api_id: str, integrations: Mapping[str, Any]) -> Dict[str, TypeSafeApiIntegration]:
    """The integrations keyed by operationId; fails naming every operation left out or unknown."""
    missing = [name for name in OPERATIONS if name not in integrations]
    unknown = [name for name in integrations if name not in OPERATIONS]
    if missing or unknown:
        lines = [f"Api {api_id!r}: integrations must give every operation one integration, by its Python name:"]
        lines += [f"  - {name} is missing ({OPERATIONS[name][0]}: {OPERATIONS[name][1]} {OPERATIONS[name][2]})" for name in missing]
        by_id = {operation_id: name for name, (operation_id, _, _) in OPERATIONS.items()}
        lines += [
            f"  - {name} is not an operation" + (f" (did you mean {by_id[name]}?)" if name in by_id else "")
            for name in unknown
        ]
        raise TypeError("\\n".join(lines))
    return {
        OPERATIONS[name][0]: value if isinstance(value, TypeSafeApiIntegration) else TypeSafeApiIntegration(**value)
        for name, value in integrations.items()
    }
`;
}

function emitFactory(plan: OperationPlan, mocked: MockedResponse, models: Models): string {
  const { operation } = plan;
  const name = factoryName(plan, mocked);
  const what = mocked.response.description ? `: ${mocked.response.description}` : "";
  const doc = pyDoc(
    `${describeOperation(operation.method, operation.path, operation.summary)}. Responds ${mocked.response.statusCode}${what}`,
    "        ",
  );
  const id = pyString(operation.operationId);
  const code = pyString(mocked.response.statusCode);
  if (mocked.body === "none") {
    return `    @staticmethod\n    def ${name}() -> Integration:\n${doc}\n        return Integrations.mock(status_code=${mocked.status})\n`;
  }
  const bodyType = models.bodies.get(mocked.bodyType as string) as string;
  const headers =
    mocked.body === "text" && mocked.media
      ? `, headers={"Content-Type": ${pyString(mocked.media.contentType)}}`
      : "";
  const encode = mocked.body === "json" ? "_json" : "_text";
  const schema = mocked.media?.schema as { $ref?: unknown } | undefined;
  const ref = typeof schema?.$ref === "string" ? shapeOf(schema) : undefined;
  const fields =
    mocked.body === "json" && ref?.kind === "ref" && models.classes.has(ref.name)
      ? models.names.get(ref.name)
      : undefined;
  const call = `        return Integrations.mock(status_code=${mocked.status}, body=${encode}(${fields ? "fields or body" : "body"}, ${id}, ${code})${headers})\n`;
  if (!fields) {
    return `    @staticmethod\n    def ${name}(body: Optional[${bodyType}] = None) -> Integration:\n${doc}\n${call}`;
  }
  // The body as one dict, or its fields as keyword arguments (the seed's `say_hello200(message=...)`).
  return [
    "    @overload",
    "    @staticmethod",
    `    def ${name}(body: Optional[${bodyType}] = None, /) -> Integration: ...`,
    "",
    "    @overload",
    "    @staticmethod",
    `    def ${name}(**fields: Unpack[${fields}]) -> Integration: ...`,
    "",
    "    @staticmethod",
    `    def ${name}(body: Optional[${bodyType}] = None, /, **fields: Any) -> Integration:`,
    doc,
    call,
  ].join("\n");
}

function emitMockIntegrations(plans: readonly OperationPlan[], models: Models, title: string): string {
  const imports = new Set<string>();
  for (const plan of plans) {
    for (const r of plan.responses)
      if (r.bodyType && r.body !== "none") imports.add(models.bodies.get(r.bodyType) as string);
  }
  for (const plan of plans) {
    for (const r of plan.responses) {
      const schema = r.media?.schema as { $ref?: unknown } | undefined;
      const ref = typeof schema?.$ref === "string" ? shapeOf(schema) : undefined;
      if (r.body === "json" && ref?.kind === "ref" && models.classes.has(ref.name)) {
        imports.add(models.names.get(ref.name) as string);
      }
    }
  }
  const factories = plans.flatMap((plan) => plan.responses.map((r) => emitFactory(plan, r, models)));
  const entries = plans.map((plan) => {
    const integration = plan.primary
      ? `MockIntegrations.${factoryName(plan, plan.primary)}()`
      : "Integrations.mock(status_code=200)";
    return `            ${pyString(operationName(plan))}: {"integration": ${integration}},`;
  });
  factories.push(
    `    @staticmethod\n    def mock_all() -> OperationConfig:\n        """Every operation mocked with its first success response and generated mock data."""\n` +
      `        return {\n${entries.join("\n")}\n        }\n`,
  );
  const modelImport = imports.size > 0 ? `from .models import ${[...imports].sort().join(", ")}\n` : "";
  return `${pyDoc(`Mock integrations for ${title}: one per operation and declared response, answering with the given body or, without one, with generated mock data.`, "")}

from __future__ import annotations

import json
import os
from typing import Any, Dict, Optional, Unpack, overload

from specgate_cdk import Integration, Integrations

from .api import OperationConfig
${modelImport}
_mock_data: Optional[Dict[str, Dict[str, Any]]] = None


def _mock_body(operation_id: str, status_code: str) -> Any:
    """The generated mock body of a response, read once from mock-data.json beside this file."""
    global _mock_data
    if _mock_data is None:
        with open(os.path.join(os.path.dirname(__file__), "mock-data.json"), encoding="utf-8") as file:
            _mock_data = json.load(file)
    return _mock_data[operation_id][status_code]


def _json(body: Any, operation_id: str, status_code: str) -> str:
    """The body as JSON, # and $ written as JSON escapes: API Gateway reads a mock's body as a mapping
    template (VTL), where they would start directives and references."""
    value = _mock_body(operation_id, status_code) if body is None else body
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("#", "\\\\u0023").replace("$", "\\\\u0024")


def _text(body: Optional[str], operation_id: str, status_code: str) -> str:
    """The body as it is, kept out of the mapping template engine (VTL) when it holds # or $."""
    mock = _mock_body(operation_id, status_code) if body is None else body
    value = mock if isinstance(mock, str) else json.dumps(mock, ensure_ascii=False, separators=(",", ":"))
    return f"#[[{value}]]#" if ("#" in value or "$" in value) and "]]#" not in value else value


class MockIntegrations:
${pyDoc(`Mock integrations for ${title}: one per operation and declared response.`, "    ")}

${factories.join("\n")}`;
}

/** The Python package `specgate generate --language python` writes, paths relative to it. */
export function generatePython(
  model: ApiModel,
  plans: readonly OperationPlan[],
  options: PythonOptions,
): GeneratedFile[] {
  const title = model.title || "the API";
  const { text: models, models: names } = emitModels(model, plans, title);
  const header = `${pyComment(`Generated by specgate from ${options.specPath}. Do not edit: run \`specgate generate\` to update it.`)}\n`;
  const exported = [...names.names.values()];
  const slots = schemeSlots(model);
  const fromApi = [
    "Api",
    ...(slots.length > 0 ? ["ApiAuthorizers"] : []),
    "OperationConfig",
    "OperationIntegration",
  ];
  const init = `${pyDoc(`${title}${model.version ? ` ${model.version}` : ""}: the Api construct, its mock integrations and the bodies of its operations.`, "")}

from .api import ${fromApi.join(", ")}
from .mock_integrations import MockIntegrations
${exported.length > 0 ? `from .models import ${exported.join(", ")}\n` : ""}
__all__ = [${[...fromApi.slice(0, -2), "MockIntegrations", ...fromApi.slice(-2), ...exported].map(pyString).join(", ")}]
`;
  return [
    { path: "__init__.py", content: header + init },
    { path: "api.py", content: header + emitApi(plans, title, slots) },
    { path: "mock_integrations.py", content: header + emitMockIntegrations(plans, names, title) },
    { path: "models.py", content: header + models },
    { path: "py.typed", content: "" },
    { path: "spec.json", content: `${JSON.stringify(model.document, null, 2)}\n` },
    { path: "mock-data.json", content: `${JSON.stringify(mockData(model, plans), null, 2)}\n` },
  ];
}
