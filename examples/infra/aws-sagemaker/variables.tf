variable "region" {
  type = string
}

variable "environment" {
  type = string
}

variable "model_name" {
  description = "Name of the readmission-risk model version being served."
  type        = string
}

variable "inference_image" {
  description = "ECR image of the XGBoost inference container."
  type        = string
}

variable "model_artifact_uri" {
  description = "S3 URI of model.tar.gz produced by the training pipeline."
  type        = string
}

variable "instance_type" {
  type    = string
  default = "ml.m5.xlarge"
}

variable "instance_count" {
  type    = number
  default = 2
}

variable "capture_sampling_percentage" {
  description = "Share of requests written to the data-capture bucket for drift monitoring."
  type        = number
  default     = 20
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type = list(string)
}
