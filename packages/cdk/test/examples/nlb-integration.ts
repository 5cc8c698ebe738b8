/**
 * The custom integration from the integrations guide: an ECS service behind a Network Load
 * Balancer, reached from API Gateway through a VPC link. Written against the public API only,
 * exactly as an application would.
 */
import { Stack, type StackProps } from "aws-cdk-lib";
import { VpcLink, type IVpcLink } from "aws-cdk-lib/aws-apigateway";
import { Peer, Port, Vpc } from "aws-cdk-lib/aws-ec2";
import { Cluster, ContainerImage, FargateService, FargateTaskDefinition } from "aws-cdk-lib/aws-ecs";
import { NetworkLoadBalancer, type INetworkLoadBalancer } from "aws-cdk-lib/aws-elasticloadbalancingv2";
import type { Construct } from "constructs";
import {
  Integration,
  Operations,
  TypeSafeRestApi,
  pathParameterMappings,
  type ApiGatewayIntegration,
  type IntegrationGrantProps,
  type IntegrationRenderProps,
} from "@specgate/cdk";

export interface NetworkLoadBalancerIntegrationProps {
  readonly loadBalancer: INetworkLoadBalancer;
  readonly port: number;
  readonly vpcLink: IVpcLink;
  /** The service behind the load balancer, opened to the VPC link's traffic by `grant`. */
  readonly service: FargateService;
}

/** Proxies an operation to the load balancer through the VPC link, the operation's path kept. */
export class NetworkLoadBalancerIntegration extends Integration {
  constructor(private readonly props: NetworkLoadBalancerIntegrationProps) {
    super();
  }

  render({ method, path }: IntegrationRenderProps): ApiGatewayIntegration {
    return {
      type: "HTTP_PROXY",
      httpMethod: method,
      uri: `http://${this.props.loadBalancer.loadBalancerDnsName}:${this.props.port}${path.replace("+}", "}")}`,
      connectionType: "VPC_LINK",
      connectionId: this.props.vpcLink.vpcLinkId,
      ...pathParameterMappings(path),
    };
  }

  override grant(_props: IntegrationGrantProps): void {
    // The load balancer passes the VPC link's traffic on from its own addresses inside the VPC.
    const vpc = this.props.service.cluster.vpc;
    this.props.service.connections.allowFrom(Peer.ipv4(vpc.vpcCidrBlock), Port.tcp(this.props.port));
  }
}

export interface PetsServiceStackProps extends StackProps {
  /** The OpenAPI spec the service implements. */
  readonly spec: string;
}

/** An ECS service behind an NLB, every operation of the spec routed to it through a VPC link. */
export class PetsServiceStack extends Stack {
  readonly api: TypeSafeRestApi;

  constructor(scope: Construct, id: string, props: PetsServiceStackProps) {
    super(scope, id, props);
    const vpc = new Vpc(this, "Vpc", { maxAzs: 2 });
    const cluster = new Cluster(this, "Cluster", { vpc, containerInsights: true });
    const task = new FargateTaskDefinition(this, "Task");
    task.addContainer("Service", {
      image: ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:stable"),
      portMappings: [{ containerPort: 80 }],
    });
    const service = new FargateService(this, "Service", { cluster, taskDefinition: task, desiredCount: 2 });
    const loadBalancer = new NetworkLoadBalancer(this, "LoadBalancer", { vpc, internetFacing: false });
    loadBalancer
      .addListener("Listener", { port: 80 })
      .addTargets("Service", { port: 80, targets: [service] });
    const vpcLink = new VpcLink(this, "VpcLink", { targets: [loadBalancer] });

    const integration = new NetworkLoadBalancerIntegration({ loadBalancer, port: 80, vpcLink, service });
    this.api = new TypeSafeRestApi(this, "Api", {
      spec: props.spec,
      integrations: Operations.all(Operations.lookup(props.spec), { integration }),
    });
  }
}
