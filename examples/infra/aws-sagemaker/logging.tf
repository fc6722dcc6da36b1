# Account trail for the ML account. Management events only; SageMaker runtime
# invocations are not data events and are not recorded here.

resource "aws_s3_bucket" "trail" {
  bucket = "nwh-ml-cloudtrail-${var.environment}"
}

resource "aws_s3_bucket_lifecycle_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id

  rule {
    id     = "retain-13-months"
    status = "Enabled"
    filter {}
    expiration {
      days = 400
    }
  }
}

resource "aws_cloudtrail" "ml_account" {
  name                          = "nwh-ml-account-trail"
  s3_bucket_name                = aws_s3_bucket.trail.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
}
