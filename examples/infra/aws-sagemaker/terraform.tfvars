region      = "eu-west-2"
environment = "prod"

model_name         = "readmission-risk-v14"
inference_image    = "123456789012.dkr.ecr.eu-west-2.amazonaws.com/nwh-readmission-xgb@sha256:4f3c2b1a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b"
model_artifact_uri = "s3://nwh-ml-artifacts-prod/readmission-risk/v14/model.tar.gz"

instance_type               = "ml.m5.xlarge"
instance_count              = 2
capture_sampling_percentage = 20

subnet_ids         = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
security_group_ids = ["sg-0123456789abcdef0"]
