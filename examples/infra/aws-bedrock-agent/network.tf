# Gateway endpoint so the Lambda reaches S3 without the NAT gateway.
# There is no interface endpoint for bedrock-runtime yet: agent traffic leaves
# through the shared NAT gateway.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.private_route_table_ids
}
