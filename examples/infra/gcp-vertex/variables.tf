variable "project_id" {
  type = string
}

variable "region" {
  type    = string
  default = "europe-west2"
}

variable "access_policy_id" {
  description = "Organisation access policy that holds the service perimeters."
  type        = string
}
