import { corsResponseHeaders, staticParameters } from "../cors";
import { Integration, type ApiGatewayIntegration, type IntegrationRenderProps } from "../integration";

/** What a mock integration responds with. */
export interface MockIntegrationProps {
  /** The response's status code. */
  readonly statusCode: number;
  /**
   * The response body. It is the integration response's mapping template, so VTL in it runs.
   * @default no body
   */
  readonly body?: string;
  /**
   * Response headers, name to static value.
   * @default no headers beyond the CORS ones
   */
  readonly headers?: Record<string, string>;
}

/** Responds from API Gateway itself (MOCK) with a fixed status code, body and headers. */
export class MockIntegration extends Integration {
  constructor(private readonly props: MockIntegrationProps) {
    super();
    if (!Number.isInteger(props.statusCode) || props.statusCode < 100 || props.statusCode > 599) {
      throw new Error(
        `Integrations.mock: statusCode ${props.statusCode} is not an HTTP status code (an integer from 100 to 599)`,
      );
    }
  }

  render(props: IntegrationRenderProps): ApiGatewayIntegration {
    const statusCode = String(this.props.statusCode);
    // The request template's output selects the integration response; the body never reaches the caller.
    const selector = JSON.stringify({ statusCode: this.props.statusCode });
    const headers = {
      ...(props.corsOptions ? corsResponseHeaders(props.corsOptions) : {}),
      ...this.props.headers,
    };
    return {
      type: "MOCK",
      requestTemplates: Object.fromEntries(props.contentTypes.map((type) => [type, selector])),
      responses: {
        default: {
          statusCode,
          ...(Object.keys(headers).length > 0
            ? { responseParameters: staticParameters("method.response.header.", headers) }
            : {}),
          ...(this.props.body !== undefined
            ? { responseTemplates: { "application/json": this.props.body } }
            : {}),
        },
      },
    };
  }
}
