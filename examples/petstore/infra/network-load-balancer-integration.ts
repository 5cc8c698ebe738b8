import {
  Integration,
  pathParameterMappings,
  type ApiGatewayIntegration,
  type IntegrationGrantProps,
  type IntegrationRenderProps,
} from "@specgate/cdk";
import type { IVpcLink } from "aws-cdk-lib/aws-apigateway";
import { Peer, Port, type IConnectable, type IVpc } from "aws-cdk-lib/aws-ec2";
import type { INetworkLoadBalancer } from "aws-cdk-lib/aws-elasticloadbalancingv2";

export interface NetworkLoadBalancerIntegrationProps {
  /** The private Network Load Balancer in front of the service. */
  readonly loadBalancer: INetworkLoadBalancer;
  /** The VPC link API Gateway reaches the load balancer through. */
  readonly vpcLink: IVpcLink;
  /** The VPC of the load balancer and the service. */
  readonly vpc: IVpc;
  /** The service behind the load balancer: `grant` lets the load balancer's traffic in. */
  readonly service: IConnectable;
  /** The port the service listens on inside the VPC. */
  readonly servicePort: number;
  /**
   * The load balancer's listener port.
   * @default 80
   */
  readonly listenerPort?: number;
}

/**
 * Sends an operation's requests through a VPC link to a private Network Load Balancer (for
 * example, one in front of an ECS service). API Gateway forwards the request as it came
 * (HTTP_PROXY) to the same method and path on the load balancer.
 */
export class NetworkLoadBalancerIntegration extends Integration {
  constructor(private readonly props: NetworkLoadBalancerIntegrationProps) {
    super();
  }

  render({ method, path }: IntegrationRenderProps): ApiGatewayIntegration {
    const port = this.props.listenerPort ?? 80;
    const host = this.props.loadBalancer.loadBalancerDnsName;
    return {
      type: "HTTP_PROXY",
      httpMethod: method,
      uri: port === 80 ? `http://${host}${path}` : `http://${host}:${port}${path}`,
      connectionType: "VPC_LINK",
      connectionId: this.props.vpcLink.vpcLinkId,
      // API Gateway fills `{petId}` in the uri only from mapped path parameters.
      ...pathParameterMappings(path),
    };
  }

  /** A Network Load Balancer keeps the client's address, so the service must accept the VPC's range. */
  override grant(_props: IntegrationGrantProps): void {
    this.props.service.connections.allowFrom(
      Peer.ipv4(this.props.vpc.vpcCidrBlock),
      Port.tcp(this.props.servicePort),
      "Requests from API Gateway through the VPC link and the Network Load Balancer",
    );
  }
}
