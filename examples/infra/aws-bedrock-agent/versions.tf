terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }

  backend "s3" {
    bucket         = "nwh-terraform-state-prod"
    key            = "ai/bedrock-care-navigator/terraform.tfstate"
    region         = "eu-west-2"
    dynamodb_table = "nwh-terraform-locks"
    encrypt        = true
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      owner       = "patient-experience"
      cost_centre = "PX-4410"
      environment = var.environment
      managed_by  = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
