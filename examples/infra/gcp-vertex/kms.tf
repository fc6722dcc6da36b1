resource "google_kms_key_ring" "ml" {
  name     = "nwh-ml"
  location = var.region
}

resource "google_kms_crypto_key" "vertex" {
  name            = "vertex-endpoints"
  key_ring        = google_kms_key_ring.ml.id
  rotation_period = "7776000s" # 90 days
  purpose         = "ENCRYPT_DECRYPT"

  destroy_scheduled_duration = "2592000s"

  lifecycle {
    prevent_destroy = true
  }
}

# The Vertex AI service agent needs the key to encrypt endpoint resources.
resource "google_kms_crypto_key_iam_member" "vertex_agent" {
  crypto_key_id = google_kms_crypto_key.vertex.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-aiplatform.iam.gserviceaccount.com"
}
