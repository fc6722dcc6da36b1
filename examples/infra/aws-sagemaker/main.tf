# Real-time endpoint for the 30-day readmission risk model. Called by the
# discharge-planning service with de-identified encounter features.

data "aws_iam_policy_document" "sagemaker_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "readmission_model" {
  name               = "nwh-readmission-model-${var.environment}"
  assume_role_policy = data.aws_iam_policy_document.sagemaker_trust.json
}

resource "aws_iam_role_policy" "readmission_model" {
  name = "model-artifacts-and-capture"
  role = aws_iam_role.readmission_model.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "arn:aws:s3:::nwh-ml-artifacts-prod/readmission-risk/*"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:PutObject"]
        Resource = "${aws_s3_bucket.capture.arn}/*"
      },
      {
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        Resource = "*"
      }
    ]
  })
}

resource "aws_sagemaker_model" "readmission" {
  name                     = var.model_name
  execution_role_arn       = aws_iam_role.readmission_model.arn
  enable_network_isolation = true

  primary_container {
    image          = var.inference_image
    model_data_url = var.model_artifact_uri
    environment = {
      SAGEMAKER_PROGRAM = "inference.py"
    }
  }

  vpc_config {
    subnets            = var.subnet_ids
    security_group_ids = var.security_group_ids
  }
}

resource "aws_sagemaker_endpoint_configuration" "readmission" {
  name = "${var.model_name}-config"
  # kms_key_arn not set: the ML volume uses the AWS-managed key.

  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.readmission.name
    initial_instance_count = var.instance_count
    instance_type          = var.instance_type
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = var.capture_sampling_percentage
    destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/readmission-risk"

    capture_options {
      capture_mode = "Input"
    }
    capture_options {
      capture_mode = "Output"
    }
  }
}

resource "aws_sagemaker_endpoint" "readmission" {
  name                 = "readmission-risk-${var.environment}"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.readmission.name
}

resource "aws_s3_bucket" "capture" {
  bucket = "nwh-readmission-capture-${var.environment}"

  tags = {
    data_classification = "confidential"
  }
}
