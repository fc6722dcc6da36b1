# Vertex AI endpoint serving the radiology triage model (chest X-ray
# prioritisation). Reference build for the other clouds: private network,
# CMEK with rotation, VPC Service Controls around the project.

resource "google_project_service" "aiplatform" {
  project            = var.project_id
  service            = "aiplatform.googleapis.com"
  disable_on_destroy = false
}

resource "google_project_service" "servicenetworking" {
  project            = var.project_id
  service            = "servicenetworking.googleapis.com"
  disable_on_destroy = false
}

resource "google_compute_network" "ml" {
  name                    = "nwh-ml-private"
  auto_create_subnetworks = false
}

resource "google_compute_global_address" "vertex_peering" {
  name          = "vertex-peering-range"
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = 16
  network       = google_compute_network.ml.id
}

resource "google_service_networking_connection" "vertex" {
  network                 = google_compute_network.ml.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.vertex_peering.name]
}

resource "google_vertex_ai_endpoint" "radiology_triage" {
  name         = "radiology-triage"
  display_name = "Radiology triage (CXR)"
  description  = "Prioritises chest X-rays for reporting; decisions are reviewed by a radiologist."
  location     = var.region
  region       = var.region
  network      = "projects/${data.google_project.this.number}/global/networks/${google_compute_network.ml.name}"

  encryption_spec {
    kms_key_name = google_kms_crypto_key.vertex.id
  }

  # Inputs are de-identified pixel arrays: the PACS gateway strips DICOM
  # identifiers before calling the endpoint.
  labels = {
    data_classification = "deidentified"
    owner               = "imaging-ai"
  }

  depends_on = [
    google_project_service.aiplatform,
    google_service_networking_connection.vertex,
    google_kms_crypto_key_iam_member.vertex_agent,
  ]
}
