# Knowledge base over the clinic-guides bucket. Discharge guides can carry
# patient names when clinicians upload personalised copies, so the bucket is
# classified PHI.

resource "aws_s3_bucket" "clinic_guides" {
  bucket = "nwh-clinic-guides-${var.environment}"

  tags = {
    data_classification = "phi"
  }
}

resource "aws_s3_bucket_public_access_block" "clinic_guides" {
  bucket                  = aws_s3_bucket.clinic_guides.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "clinic_guides" {
  bucket = aws_s3_bucket.clinic_guides.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.care_navigator.arn
    }
  }
}

resource "aws_opensearchserverless_collection" "clinic_guides" {
  name = "nwh-clinic-guides"
  type = "VECTORSEARCH"
}

resource "aws_iam_role" "knowledge_base" {
  name               = "nwh-clinic-guides-kb"
  assume_role_policy = data.aws_iam_policy_document.bedrock_trust.json
}

resource "aws_bedrockagent_knowledge_base" "clinic_guides" {
  name     = "nwh-clinic-guides"
  role_arn = aws_iam_role.knowledge_base.arn

  knowledge_base_configuration {
    type = "VECTOR"
    vector_knowledge_base_configuration {
      embedding_model_arn = "arn:aws:bedrock:${var.region}::foundation-model/amazon.titan-embed-text-v2:0"
    }
  }

  storage_configuration {
    type = "OPENSEARCH_SERVERLESS"
    opensearch_serverless_configuration {
      collection_arn    = aws_opensearchserverless_collection.clinic_guides.arn
      vector_index_name = "clinic-guides-index"
      field_mapping {
        vector_field   = "embedding"
        text_field     = "chunk"
        metadata_field = "metadata"
      }
    }
  }
}

resource "aws_bedrockagent_data_source" "clinic_guides" {
  name              = "clinic-guides-s3"
  knowledge_base_id = aws_bedrockagent_knowledge_base.clinic_guides.id

  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn = aws_s3_bucket.clinic_guides.arn
    }
  }
}
