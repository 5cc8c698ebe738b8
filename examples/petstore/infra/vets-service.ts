import * as path from "node:path";
import { VpcLink } from "aws-cdk-lib/aws-apigateway";
import { FlowLogDestination, SubnetType, Vpc } from "aws-cdk-lib/aws-ec2";
import { Cluster, ContainerImage, ContainerInsights } from "aws-cdk-lib/aws-ecs";
import { NetworkLoadBalancedFargateService } from "aws-cdk-lib/aws-ecs-patterns";
import { Protocol } from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { Construct } from "constructs";
import { NetworkLoadBalancerIntegration } from "./network-load-balancer-integration";

/** The port the vets container listens on. */
export const VETS_SERVICE_PORT = 8080;

/**
 * The vets directory: a container on ECS Fargate in private subnets, behind a private Network Load
 * Balancer that API Gateway reaches through a VPC link.
 */
export class VetsService extends Construct {
  readonly vpc: Vpc;
  readonly service: NetworkLoadBalancedFargateService;
  readonly vpcLink: VpcLink;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.vpc = new Vpc(this, "Vpc", {
      maxAzs: 2,
      natGateways: 1,
      flowLogs: { All: { destination: FlowLogDestination.toCloudWatchLogs() } },
    });
    const cluster = new Cluster(this, "Cluster", {
      vpc: this.vpc,
      containerInsightsV2: ContainerInsights.ENABLED,
    });
    this.service = new NetworkLoadBalancedFargateService(this, "Service", {
      cluster,
      publicLoadBalancer: false,
      listenerPort: 80,
      taskSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      desiredCount: 1,
      cpu: 256,
      memoryLimitMiB: 512,
      taskImageOptions: {
        // Built by `cdk deploy` (Docker is needed there, not to synthesize or to serve locally).
        image: ContainerImage.fromAsset(path.join(__dirname, "../services/vets")),
        containerPort: VETS_SERVICE_PORT,
      },
    });
    this.service.targetGroup.configureHealthCheck({ protocol: Protocol.HTTP, path: "/health" });
    this.vpcLink = new VpcLink(this, "VpcLink", {
      description: "API Gateway to the vets service's Network Load Balancer",
      targets: [this.service.loadBalancer],
    });
  }

  /** The integration for operations the vets service serves. */
  integration(): NetworkLoadBalancerIntegration {
    return new NetworkLoadBalancerIntegration({
      loadBalancer: this.service.loadBalancer,
      vpcLink: this.vpcLink,
      vpc: this.vpc,
      service: this.service.service,
      servicePort: VETS_SERVICE_PORT,
    });
  }
}
