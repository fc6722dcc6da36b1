variable "region" {
  type    = string
  default = "eu-west-2"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "foundation_model" {
  description = "Model the agent reasons with."
  type        = string
  default     = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}

variable "vpc_id" {
  description = "Shared services VPC (owned by the platform team)."
  type        = string
}

variable "private_route_table_ids" {
  type = list(string)
}
