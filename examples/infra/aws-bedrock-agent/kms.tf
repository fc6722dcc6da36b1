# Key for agent session data and the knowledge-base bucket.
resource "aws_kms_key" "care_navigator" {
  description             = "Care Navigator agent and knowledge base"
  deletion_window_in_days = 30
  # enable_key_rotation left at the provider default (off); raised in PX-1191.
}

resource "aws_kms_alias" "care_navigator" {
  name          = "alias/nwh-care-navigator"
  target_key_id = aws_kms_key.care_navigator.key_id
}
