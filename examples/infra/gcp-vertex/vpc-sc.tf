resource "google_access_context_manager_service_perimeter" "ml" {
  parent = "accessPolicies/${var.access_policy_id}"
  name   = "accessPolicies/${var.access_policy_id}/servicePerimeters/nwh_ml"
  title  = "nwh_ml"

  status {
    resources = ["projects/${data.google_project.this.number}"]
    restricted_services = [
      "aiplatform.googleapis.com",
      "storage.googleapis.com",
      "bigquery.googleapis.com",
    ]

    vpc_accessible_services {
      enable_restriction = true
      allowed_services   = ["RESTRICTED-SERVICES"]
    }
  }
}
